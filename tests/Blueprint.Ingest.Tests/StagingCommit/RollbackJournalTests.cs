using System.Text;
using Blueprint.Data.Persistence;
using Blueprint.Ingest.Profiles;
using Blueprint.Ingest.Sample;
using Blueprint.Ingest.Staging;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Ingest.Tests.StagingCommit;

/// <summary>
/// Decision 0065: the command line stages a SQLite file it has to itself under a rollback journal (the rows are written
/// once, not to the log and again at its checkpoint) and turns the write-ahead log back on afterwards; beside another
/// connection it keeps the log, so that connection's reads never wait for the import.
/// </summary>
public class RollbackJournalTests
{
    private const int Rows = 3_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Alone_on_the_file_the_rows_skip_the_log_and_the_log_comes_back_afterwards()
    {
        await using var t = await TestDb.CreateAsync();
        var file = WriteExport(t);
        var seenDuringImport = new List<(bool Journal, long Log)>();

        await using (var db = t.Open())
        {
            var report = await new SurveyImporter(db, TestDb.Areas, TestDb.Vocabularies, TestDb.Root).ImportAsync(file, new ImportOptions
            {
                ImportedBy = "test",
                RollbackJournalWhenAlone = true,
                OnRow = row =>
                {
                    if (row.Row % 1_000 == 0)
                    {
                        seenDuringImport.Add((File.Exists(Path.Combine(t.Folder, "test.db-journal")), LogBytes(t)));
                    }
                },
            }, Ct);
            Assert.Null(report.Error);
            Assert.Equal(Rows, await db.SurveyResponses.CountAsync(Ct));
            Assert.Equal("wal", await JournalModeAsync(db));
        }
        // While rows were staged, a rollback journal sat beside the file and the log held none of them (about 2.4 KB each).
        Assert.Equal(3, seenDuringImport.Count);
        Assert.All(seenDuringImport, seen => Assert.True(seen.Journal && seen.Log < 100_000, $"journal {seen.Journal}, log {seen.Log:N0} bytes"));
        Assert.False(File.Exists(Path.Combine(t.Folder, "test.db-journal")));
    }

    [Fact]
    public async Task The_command_line_leaves_the_file_with_its_log()
    {
        await using var t = await TestDb.CreateAsync();
        var file = WriteExport(t);

        var (code, output) = await t.RunAsync("import", file);

        Assert.True(code == 0, output);
        await using var db = t.Open();
        Assert.Equal(Rows, await db.SurveyResponses.CountAsync(Ct));
        Assert.Equal("wal", await JournalModeAsync(db));
    }

    [Fact]
    public async Task Beside_another_open_connection_the_import_keeps_the_log_and_that_connection_reads_on()
    {
        await using var t = await TestDb.CreateAsync();
        var file = WriteExport(t);
        // A server, say: it has the file open and reads while the import runs, and must never wait for it.
        await using var reader = new SqliteConnection($"Data Source={Path.Combine(t.Folder, "test.db")};Pooling=False;Default Timeout=1");
        await reader.OpenAsync(Ct);
        await using var count = reader.CreateCommand();
        count.CommandText = "SELECT count(*) FROM SurveyImports";
        Assert.Equal(0L, await count.ExecuteScalarAsync(Ct));
        var readsDuringImport = new List<long>();

        await using var db = t.Open();
        var report = await new SurveyImporter(db, TestDb.Areas, TestDb.Vocabularies, TestDb.Root).ImportAsync(file, new ImportOptions
        {
            ImportedBy = "test",
            RollbackJournalWhenAlone = true,
            OnRow = row =>
            {
                if (row.Row % 1_000 == 0)
                {
                    // Under a rollback journal this would fail with "database is locked" after a second.
                    readsDuringImport.Add((long)count.ExecuteScalar()!);
                }
            },
        }, Ct);

        Assert.Null(report.Error);
        Assert.Equal(Rows, report.RowsRead);
        Assert.Equal([0L, 0L, 0L], readsDuringImport);
        Assert.Equal(1L, await count.ExecuteScalarAsync(Ct));
        Assert.Equal("wal", await JournalModeAsync(db));
        Assert.True(LogBytes(t) > Rows * 1_000L, "The rows went through the write-ahead log.");
    }

    [Fact]
    public async Task A_file_left_under_a_rollback_journal_gets_its_log_back_at_start_up()
    {
        await using var t = await TestDb.CreateAsync();
        await using (var db = t.Open())
        {
            await db.Database.OpenConnectionAsync(Ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = 'delete'", Ct);
            Assert.Equal("delete", await JournalModeAsync(db));
        }

        await using (var db = t.Open())
        {
            await DatabaseSetup.MigrateAndSeedReferenceDataAsync(db, TestDb.Areas, TestDb.Vocabularies, Ct);
            Assert.Equal("wal", await JournalModeAsync(db));
        }
    }

    private static string WriteExport(TestDb t)
    {
        var path = Path.Combine(t.Folder, "export.csv");
        using var w = new StreamWriter(path, false, new UTF8Encoding(true));
        SampleSurvey.WriteMsForms(w, new ProfileCatalog(TestDb.Root).Get("msforms-2023"), Rows, mess: false);
        return path;
    }

    private static long LogBytes(TestDb t) => new FileInfo(Path.Combine(t.Folder, "test.db-wal")) is { Exists: true } log ? log.Length : 0;

    private static async Task<string?> JournalModeAsync(Data.BlueprintDb db)
    {
        await db.Database.OpenConnectionAsync(Ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA journal_mode";
            return (string?)await command.ExecuteScalarAsync(Ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
