using System.Text;
using System.Text.Json;
using Blueprint.Data.Persistence;
using Blueprint.Data.Survey;
using Blueprint.Ingest.Normalising;
using Blueprint.Ingest.Staging;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Ingest.Tests;

/// <summary>How staged rows reach the database: the JSON written by hand, both writers, the SQLite file's layout.</summary>
public class StagingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static NormalisedResponse EveryField()
    {
        var r = new NormalisedResponse
        {
            ResponseId = "42", CompletedAt = new DateTime(2023, 12, 5, 10, 15, 0, DateTimeKind.Utc), ConsentToPublish = true, ConsentToContact = false,
            OrganisationName = "Gwasanaeth \"Cymru\" (synthetic) <b>", OrganisationType = "specialist-third-sector", InterventionName = "Newid – Change",
            Description = "Line one\nline two, with ŵ and ŷ", Purposes = ["behaviour-change", "risk"], Forms = ["domestic-abuse"], Settings = ["community"],
            Stages = ["early-intervention"], AllWales = true, LocalAuthorities = ["W06000001", "W06000015"],
            Venues = [new VenueAnswer("CF10 1AA", 51.48, -3.18), new VenueAnswer("SA1 1AA")], VenueVisibility = "approximate", Gender = "men",
            AgeBands = ["adults"], CohortGroups = ["lgbtq"], RiskLevels = ["high"], ReferralRoutes = ["self", "police"], Format = "group", LengthText = "6-8 weeks",
            LengthWeeks = 8, Languages = ["en", "cy"], PlacesPerYear = 40, WaitingTimeWeeks = 0, SupportsPartners = false, Accreditations = ["respect"],
            FundingSources = ["welsh-government"], FundingEnds = new DateOnly(2026, 3, 31), FundingStatus = "fixed-term", Evaluation = "internal",
            OutcomeMeasures = "=SUM(A1)", Barriers = "Funding", ReferralPhone = "029 2000 0000", ReferralEmail = "referrals@example.org", ReferralUrl = "https://example.org",
        };
        r.AddOther("forms", "Spiritual abuse");
        return r;
    }

    [Fact]
    public void Normalised_answers_written_by_hand_read_back_exactly_as_the_serializer_reads_them()
    {
        using var json = new StagedJson();
        var original = EveryField();

        var text = Encoding.UTF8.GetString(json.Normalised(original));
        var back = JsonSerializer.Deserialize(text, IngestJson.Default.NormalisedResponse)!;

        Assert.Equal(JsonSerializer.Serialize(original, IngestJson.Default.NormalisedResponse), JsonSerializer.Serialize(back, IngestJson.Default.NormalisedResponse));
        Assert.Contains("\"completedAt\":\"2023-12-05T10:15:00Z\"", text);
        Assert.Contains("\"fundingEnds\":\"2026-03-31\"", text);
        Assert.Contains("ŵ", text); // Welsh letters are written as they are, not escaped
    }

    [Fact]
    public void Empty_lists_false_flags_and_nulls_are_left_out_of_the_staged_json()
    {
        using var json = new StagedJson();

        var text = Encoding.UTF8.GetString(json.Normalised(new NormalisedResponse { InterventionName = "X", SupportsPartners = false }));

        Assert.Equal("{\"interventionName\":\"X\",\"supportsPartners\":false}", text);
        Assert.Null(json.Problems([]));
    }

    [Fact]
    public void Problems_are_written_with_column_value_message_and_severity()
    {
        using var json = new StagedJson();

        var text = Encoding.UTF8.GetString(json.Problems([new("Places per year", "lots", "Could not read a number in 'lots'.", Severity.Warning), new("Areas", null, "Must be answered.")])!);
        var back = JsonSerializer.Deserialize(text, IngestJson.Default.ListProblem)!;

        Assert.Equal(new Problem("Places per year", "lots", "Could not read a number in 'lots'.", Severity.Warning), back[0]);
        Assert.Equal(new Problem("Areas", null, "Must be answered."), back[1]);
        Assert.DoesNotContain("\"value\":null", text);
    }

    [Fact]
    public void Cells_are_kept_as_received_including_quotes_breaks_and_formula_text()
    {
        using var json = new StagedJson();
        string[] cells = ["=HYPERLINK(\"x\")", "a\r\nb", "", "Ynys Môn"];

        var back = JsonSerializer.Deserialize<string[]>(json.Cells(cells));

        Assert.Equal(cells, back);
    }

    [Fact]
    public void Cells_are_written_byte_for_byte_as_the_json_writer_writes_them()
    {
        // Plain ASCII cells take a shortcut past the writer's escaping: what is stored must not depend on which path a cell took.
        string[] cells =
        [
            "", "plain", "W06000015", " spaced ", "~!#$%&'()*+,-./:;<=>?@[]^_`{|}", "say \"no\"", "back\\slash", "tab\there", "line\nbreak",
            "del\u007f", "Grŵp Môn", "ŷ", "emoji 😀", "\ud800 lone", new string('a', 1024), new string('a', 1025), new string('b', 1023) + "\"", "\u001f",
            // Either side of the 16 characters the shortcut checks at a time, with a character it must not copy at each end and in the middle.
            .. from length in new[] { 15, 16, 17, 31, 32, 33, 48 }
               from bad in new[] { '"', '\\', '\u001f', '\u007f', 'ŵ', ' ', '~' }
               from at in new[] { 0, length / 2, length - 1 }
               select new string('x', at) + bad + new string('y', length - at - 1),
        ];
        using var json = new StagedJson();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartArray();
            foreach (var cell in cells)
            {
                writer.WriteStringValue(cell);
            }
            writer.WriteEndArray();
        }

        Assert.Equal(Encoding.UTF8.GetString(buffer.WrittenSpan), Encoding.UTF8.GetString(json.Cells(cells)));
        Assert.Equal(cells[..13], JsonSerializer.Deserialize<string[]>(json.Cells(cells))![..13]);
    }

    public static TheoryData<string> Writers => ["sqlite", "command"];

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task Both_staging_writers_store_rows_that_EF_reads_back_unchanged(string kind)
    {
        // The command writer is the SQL Server path (50 rows a statement); SQL Server cannot run here, so
        // it is exercised on SQLite, which shows its batching, tail and values are right.
        await using var t = await TestDb.CreateAsync();
        await using (var db = t.Open())
        {
            var import = new SurveyImport { RoundId = SurveyRound.BeforeRoundsId, FileName = "w.csv", FileHash = kind, Encoding = "utf-8", Profile = "p", ImportedBy = "test" };
            db.SurveyImports.Add(import);
            await db.SaveChangesAsync(Ct);
            await using var tx = await db.Database.BeginTransactionAsync(Ct);
            await using (StagingWriter writer = kind == "sqlite" ? new SqliteStagingWriter(db) : new CommandStagingWriter(db))
            {
                for (var i = 0; i < 123; i++)
                {
                    await writer.AddAsync(Row(import.Id, i + 2), Ct);
                }
                await writer.FlushAsync(Ct);
                Assert.Equal(123, writer.Written);
            }
            await tx.CommitAsync(Ct);
        }

        await using var check = t.Open();
        var rows = await check.SurveyResponses.OrderBy(r => r.RowNumber).ToListAsync(Ct);
        Assert.Equal(123, rows.Count);
        var first = rows[0];
        Assert.Equal(2, first.RowNumber);
        Assert.Equal("[\"a\",\"ŵ\"]", first.RawRow);
        Assert.Equal("{\"interventionName\":\"Newid\"}", first.Normalised);
        Assert.Null(first.Problems);
        Assert.Equal(SurveyOutcomes.Duplicate, first.Outcome);
        Assert.Equal(1, first.DuplicateOfRow);
        Assert.Equal(new DateTime(2023, 12, 5, 10, 15, 30, 500), first.CompletedAt);
        Assert.True(first.ConsentToPublish);
        Assert.False(first.ConsentToContact);
        Assert.Null(first.MatchedInterventionId);
        Assert.Null(first.PublishedAt);
        Assert.Equal("Alex Example", first.RespondentName);
        Assert.Equal(124, rows[^1].RowNumber);
        Assert.Equal("[{\"column\":\"c\",\"message\":\"m\",\"severity\":\"Warning\"}]", rows[1].Problems);
    }

    private static StagedRow Row(int importId, int rowNumber) => new()
    {
        ImportId = importId, RowNumber = rowNumber, ContentHash = new string('a', 64),
        RawRow = Encoding.UTF8.GetBytes("[\"a\",\"ŵ\"]"), Normalised = Encoding.UTF8.GetBytes("{\"interventionName\":\"Newid\"}"),
        Problems = rowNumber % 2 == 1 ? Encoding.UTF8.GetBytes("[{\"column\":\"c\",\"message\":\"m\",\"severity\":\"Warning\"}]") : null,
        Outcome = SurveyOutcomes.Duplicate, DuplicateOfRow = 1, OrganisationName = "Org", InterventionName = "Newid",
        CompletedAt = new DateTime(2023, 12, 5, 10, 15, 30, 500), RespondentName = "Alex Example", ConsentToPublish = true, ConsentToContact = false,
    };

    [Fact]
    public async Task A_new_SQLite_database_gets_16_KB_pages_and_write_ahead_logging()
    {
        await using var t = await TestDb.CreateAsync();
        await using var connection = new SqliteConnection(t.ConnectionString);
        await connection.OpenAsync(Ct);

        Assert.Equal((long)SqliteFile.PageSize, await Scalar(connection, "PRAGMA page_size"));
        Assert.Equal("wal", await Scalar(connection, "PRAGMA journal_mode"));
    }

    [Fact]
    public async Task An_existing_SQLite_database_keeps_its_page_size_and_data()
    {
        var folder = Directory.CreateTempSubdirectory("blueprint-pages-").FullName;
        var path = Path.Combine(folder, "old.db");
        try
        {
            await using (var old = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                await old.OpenAsync(Ct);
                await Scalar(old, "PRAGMA page_size = 4096; CREATE TABLE Kept (x); INSERT INTO Kept VALUES (1); SELECT 1");
            }
            await using (var db = BlueprintDbFactory.Create(DatabaseOptions.Sqlite, $"Data Source={path};Pooling=False"))
            {
                await DatabaseSetup.MigrateAndSeedReferenceDataAsync(db, TestDb.Areas, TestDb.Vocabularies, Ct);
            }
            await using var check = new SqliteConnection($"Data Source={path};Pooling=False");
            await check.OpenAsync(Ct);
            Assert.Equal(4096L, await Scalar(check, "PRAGMA page_size"));
            Assert.Equal(1L, await Scalar(check, "SELECT count(*) FROM Kept"));
            Assert.True((long)(await Scalar(check, "SELECT count(*) FROM Areas"))! > 0);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, true);
        }
    }

    private static async Task<object?> Scalar(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(Ct);
    }
}
