using System.Text;
using Blueprint.Data.Survey;
using Blueprint.Ingest.Staging;
using Blueprint.Ingest.Reading;

namespace Blueprint.Ingest.Tests;

public class ReadingTests
{
    private static string Header => string.Join(",", Csv.MsFormsHeader.Select(Csv.Quote));

    [Fact]
    public async Task Windows_1252_file_is_read_with_its_Welsh_and_curly_characters()
    {
        await using var t = await TestDb.CreateAsync();
        var text = Csv.MsFormsFile(Csv.Row(org: "Cymdeithas Môn’s Project (synthetic)").With("areas", "Ynys Môn;"));
        var path = t.WriteBytes("cp1252.csv", Reading.SurveyFile.Windows1252.GetBytes(text));

        var report = await t.ImportAsync(path);

        Assert.Null(report.Error);
        Assert.Equal("windows-1252", report.Encoding);
        await using var db = t.Open();
        var row = Assert.Single(db.SurveyResponses);
        Assert.Equal("Cymdeithas Môn’s Project (synthetic)", row.OrganisationName);
        Assert.Contains("W06000001", row.Normalised);
    }

    [Theory]
    [InlineData("utf-8-bom")]
    [InlineData("utf-16")]
    public async Task Files_with_a_byte_order_mark_are_read(string encoding)
    {
        await using var t = await TestDb.CreateAsync();
        Encoding e = encoding == "utf-16" ? Encoding.Unicode : new UTF8Encoding(true);
        var path = t.WriteFile("bom.csv", Csv.MsFormsFile(Csv.Row()), e);

        var report = await t.ImportAsync(path);

        Assert.Null(report.Error);
        Assert.Equal(encoding, report.Encoding);
        Assert.Equal(1, report.Accepted);
    }

    [Fact]
    public async Task Row_numbers_count_the_header_blank_rows_and_not_line_breaks_inside_cells()
    {
        await using var t = await TestDb.CreateAsync();
        var body = Csv.MsFormsFile(
            Csv.Row(name: "First").With("description", "line one\r\nline two, with \"quotes\"\r\nline three"),
            Csv.Row(name: "Second"));
        var lines = body.Split("\r\n").ToList();
        // Header (row 1), First (row 2, three lines), an empty line (row 3), a row of commas (row 4), Second (row 5).
        lines.Insert(4, "");
        lines.Insert(5, new string(',', Csv.MsFormsHeader.Count - 1));
        var path = t.WriteFile("rows.csv", string.Join("\r\n", lines));
        var seen = new List<RowReport>();

        var report = await t.ImportAsync(path, onRow: seen.Add);

        Assert.Equal([2, 3, 4, 5], seen.Select(r => r.Row));
        Assert.Equal(["accepted", "blank", "blank", "accepted"], seen.Select(r => r.Outcome));
        Assert.Equal(2, report.BlankRows);
        await using var db = t.Open();
        Assert.Contains("line two, with \"quotes\"", db.SurveyResponses.Single(r => r.RowNumber == 2).RawRow.Replace("\\u0022", "\"").Replace("\\\"", "\""));
    }

    [Fact]
    public async Task Ragged_row_is_rejected_with_its_row_number_and_the_rest_is_imported()
    {
        await using var t = await TestDb.CreateAsync();
        var text = Header + "\r\n" + "a,b,c\r\n" + Csv.MsFormsFile(Csv.Row()).Split("\r\n")[1] + "\r\n";
        var report = await t.ImportAsync(t.WriteFile("ragged.csv", text));

        Assert.Equal(2, report.RowsRead);
        Assert.Equal(1, report.Rejected);
        Assert.Equal(1, report.Accepted);
        var bad = Assert.Single(report.Rows, r => r.Outcome == SurveyOutcomes.Rejected);
        Assert.Equal(2, bad.Row);
        Assert.Contains("different number of cells", bad.Problems[0].Message);
    }

    [Fact]
    public async Task Unclosed_quote_is_one_rejected_row_not_a_silently_swallowed_file()
    {
        await using var t = await TestDb.CreateAsync();
        var good = Csv.MsFormsFile(Csv.Row()).Split("\r\n")[1];
        var text = Header + "\r\n" + good + "\r\n" + "\"never closed," + good + "\r\n" + good + "\r\n";
        var report = await t.ImportAsync(t.WriteFile("quote.csv", text));

        Assert.Null(report.Error);
        Assert.Equal(1, report.Accepted);
        Assert.Equal(1, report.Rejected);
        Assert.Contains(report.Rows, r => r.Row == 3 && r.Problems.Any(p => p.Message.Contains("never closed")));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("\r\n\r\n", "no header")]
    [InlineData("just some words\r\nmore words\r\n", "No mapping profile fits")]
    public async Task Unusable_files_get_one_clear_error_and_change_nothing(string text, string expected)
    {
        await using var t = await TestDb.CreateAsync();
        var report = await t.ImportAsync(t.WriteFile("bad.csv", text));

        Assert.NotNull(report.Error);
        Assert.Contains(expected, report.Error, StringComparison.OrdinalIgnoreCase);
        await using var db = t.Open();
        Assert.Empty(db.SurveyImports);
    }

    [Fact]
    public async Task Excel_workbook_NUL_bytes_and_oversized_files_are_refused()
    {
        await using var t = await TestDb.CreateAsync();
        var xlsx = await t.ImportAsync(t.WriteBytes("book.csv", [.. "PK\u0003\u0004"u8, 1, 2, 3]));
        var nul = await t.ImportAsync(t.WriteBytes("nul.csv", [.. Encoding.UTF8.GetBytes(Header), 0, 10]));
        var big = await t.ImportAsync(t.WriteFile("big.csv", Csv.MsFormsFile(Csv.Row())), maxBytes: 100);

        Assert.Contains("Excel workbook", xlsx.Error);
        Assert.Contains("NUL", nul.Error);
        Assert.Contains("largest file", big.Error);
        await using var db = t.Open();
        Assert.Empty(db.SurveyImports);
    }

    [Fact]
    public async Task A_profile_naming_a_column_the_file_lacks_is_reported_before_any_row_is_read()
    {
        await using var t = await TestDb.CreateAsync();
        var text = Csv.MsFormsFile(Csv.Row()).Replace("Funding secure until", "Funding end date");
        var report = await t.ImportAsync(t.WriteFile("missing.csv", text), profile: "msforms-2023");

        Assert.Contains("'Funding secure until'", report.Error);
        Assert.Contains("no row was read", report.Error);
        Assert.Equal(0, report.RowsRead);
    }

    [Fact]
    public async Task Headers_match_ignoring_case_spacing_and_punctuation()
    {
        await using var t = await TestDb.CreateAsync();
        var text = Csv.MsFormsFile(Csv.Row()).Replace("Organisation name", "ORGANISATION  NAME:").Replace("Stage", " stage ");
        var report = await t.ImportAsync(t.WriteFile("loose.csv", text));

        Assert.Equal("msforms-2023", report.Profile);
        Assert.Equal(1, report.Accepted);
    }
}

public class EncodingBoundaryTests
{
    [Theory]
    [InlineData("ŵ")]     // 2 bytes
    [InlineData("–")]     // 3 bytes
    [InlineData("🏴")]    // 4 bytes
    public void A_UTF8_character_cut_by_a_read_boundary_is_still_read_as_UTF8(string character)
    {
        foreach (var offset in new[] { 1, 2, 3 })
        {
            // The character starts `offset` bytes before the 81,920-byte boundary of the first read.
            var bytes = Encoding.UTF8.GetBytes(new string('a', 81920 - offset) + character + ",b\r\n");

            var facts = SurveyFile.Inspect(new MemoryStream(bytes), long.MaxValue);

            Assert.Equal("utf-8", facts.EncodingName);
        }
    }

    [Fact]
    public void A_file_cut_off_inside_a_UTF8_character_is_read_as_Windows_1252()
    {
        var bytes = Encoding.UTF8.GetBytes("name\r\nCaerdydd ŵ")[..^1];

        Assert.Equal("windows-1252", SurveyFile.Inspect(new MemoryStream(bytes), long.MaxValue).EncodingName);
    }

    [Fact]
    public void Invalid_UTF8_anywhere_in_a_large_file_means_Windows_1252()
    {
        var bytes = Encoding.UTF8.GetBytes(new string('a', 200_000) + "\r\n").Concat(new byte[] { 0x43, 0x61, 0x66, 0xE9 }).ToArray(); // "Café" in Windows-1252

        Assert.Equal("windows-1252", SurveyFile.Inspect(new MemoryStream(bytes), long.MaxValue).EncodingName);
    }
}
