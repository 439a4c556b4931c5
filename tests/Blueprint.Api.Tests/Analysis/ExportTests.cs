using System.Net;
using System.Text;
using Blueprint.Api.Analysis;
using Blueprint.Api.Auth;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Blueprint.Api.Tests.Analysis;

/// <summary>
/// CSV and XLSX exports of the fixed directory's analyses. The test host suppresses counts of 1
/// (Analysis:SuppressBelow = 2) so that the small dataset has suppressed cells.
/// </summary>
public sealed class ExportTests(AnalysisApp app) : IClassFixture<AnalysisApp>
{
    private async Task<List<string[]>> CsvAsync(string url)
    {
        var response = await app.ClientAs(Roles.Analyst).GetAsync(url);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url} → {(int)response.StatusCode}: {Encoding.UTF8.GetString(bytes)}");
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        // No value of these tables holds a comma or a quote, so splitting on commas reads them.
        return Encoding.UTF8.GetString(bytes[3..]).Split("\r\n").Select(l => l.Split(',')).ToList();
    }

    private static string[] Find(List<string[]> rows, params (string Column, string Value)[] match)
    {
        var header = rows[0].ToList();
        return Assert.Single(rows.Skip(1), r => r.Length == header.Count && match.All(m => r[header.IndexOf(m.Column)] == m.Value));
    }

    private static string Cell(List<string[]> rows, string[] row, string column) => row[rows[0].ToList().IndexOf(column)];

    [Fact]
    public async Task The_provision_export_has_the_same_figures_as_the_feed_with_Welsh_names_intact()
    {
        var rows = await CsvAsync("/api/analysis/provision.csv");

        var cardiff = Find(rows, ("AreaCode", Fixed.Cardiff), ("Facet", "total"));
        Assert.Equal("3", Cell(rows, cardiff, "Interventions"));
        Assert.Equal("Caerdydd", Cell(rows, cardiff, "AreaNameCy"));
        var anglesey = Find(rows, ("AreaCode", Fixed.Anglesey), ("Facet", "total"));
        Assert.Equal("Ynys Môn", Cell(rows, anglesey, "AreaNameCy"));
        Assert.Equal("1", Cell(rows, anglesey, "Interventions")); // not for publication: shown as counted
        Assert.DoesNotContain(rows.SelectMany(r => r), c => c == Suppression.Mark);
    }

    [Fact]
    public async Task For_publication_small_counts_are_suppressed_and_a_second_cell_where_the_total_would_reveal_one()
    {
        var rows = await CsvAsync("/api/analysis/provision.csv?publication=true");

        // Cardiff by gender: men 2 (A, B), all 1 (C), women 0, not stated 0; total 3.
        var all = Find(rows, ("AreaCode", Fixed.Cardiff), ("Facet", "gender"), ("Value", "all"));
        var men = Find(rows, ("AreaCode", Fixed.Cardiff), ("Facet", "gender"), ("Value", "men"));
        var women = Find(rows, ("AreaCode", Fixed.Cardiff), ("Facet", "gender"), ("Value", "women"));
        var total = Find(rows, ("AreaCode", Fixed.Cardiff), ("Facet", "total"));
        Assert.Equal(Suppression.Mark, Cell(rows, all, "Interventions"));    // 1: primary
        Assert.Equal(Suppression.Mark, Cell(rows, all, "Per100k"));          // worked out from it
        Assert.Equal(Suppression.Mark, Cell(rows, men, "Interventions"));    // 2: secondary, or 3 − 0 − 0 − 2 gives the 1 away
        Assert.Equal("0", Cell(rows, women, "Interventions"));
        Assert.Equal("3", Cell(rows, total, "Interventions"));
        // Purposes overlap (one listing may have several), so no facet total reveals a cell; but across areas
        // (decision 0025) the Vale's 1 (B) is hidden, and Cardiff and Vale is treated as the total of its two
        // authorities (the safe side: B serves both), so Cardiff's 2 goes too.
        var behaviour = Find(rows, ("AreaCode", Fixed.Cardiff), ("Facet", "purpose"), ("Value", "behaviour-change"));
        Assert.Equal(Suppression.Mark, Cell(rows, behaviour, "Interventions"));
        Assert.Contains(rows, r => string.Join(",", r).StartsWith("\"[c] confidential: a count from 1 to 1 (Analysis:SuppressBelow = 2)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_xlsx_export_holds_numbers_as_numbers_text_as_inline_strings_and_a_notes_sheet()
    {
        var response = await app.ClientAs(Roles.Analyst).GetAsync("/api/analysis/funding.xlsx?publication=true");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);

        using var document = SpreadsheetDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        var workbook = document.WorkbookPart!;
        var sheets = workbook.Workbook.Sheets!.Elements<Sheet>().ToList();
        Assert.Equal(["funding", "Notes"], sheets.Select(s => s.Name?.Value));
        var data = ((WorksheetPart)workbook.GetPartById(sheets[0].Id!)).Worksheet.Descendants<Row>().ToList();
        string Text(Cell c) => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "";
        var header = data[0].Elements<Cell>().Select(Text).ToList();
        var wales = data.Single(r => r.Elements<Cell>().ElementAt(header.IndexOf("AreaCode")).InlineString?.InnerText == Fixed.Wales
            && Text(r.Elements<Cell>().ElementAt(header.IndexOf("FundingSource"))) == "all").Elements<Cell>().ToList();
        Assert.Equal("4", wales[header.IndexOf("Interventions")].CellValue?.Text);
        Assert.Equal(DocumentFormat.OpenXml.Spreadsheet.CellValues.Number, wales[header.IndexOf("Interventions")].DataType?.Value);
        Assert.Equal(Suppression.Mark, Text(wales[header.IndexOf("EndsWithin6Months")])); // 1 of 4
        Assert.Equal("Cymru", Text(wales[header.IndexOf("AreaNameCy")]));
        Assert.DoesNotContain(data.SelectMany(r => r.Elements<Cell>()), c => c.CellFormula is not null);
        var notes = ((WorksheetPart)workbook.GetPartById(sheets[1].Id!)).Worksheet.Descendants<Cell>().Select(Text).ToList();
        Assert.Contains(notes, n => n.StartsWith("[c] confidential", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Contains("Office for National Statistics", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")")]
    [InlineData("+44 1234", "'+44 1234")]
    [InlineData("-1+1", "'-1+1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("Ynys Môn", "Ynys Môn")]
    public void Text_a_spreadsheet_would_evaluate_is_neutralised_in_CSV(string text, string written) =>
        Assert.Equal(written, TableWriters.CsvText(text));

    [Fact]
    public void A_CSV_cell_that_starts_a_formula_is_written_as_text()
    {
        var table = AnalysisTable.Of("t", ["=1+1", "Cymraeg, \"ie\""], (new Blueprint.Api.Analysis.TableColumn("Name", ColumnKind.Text), s => s));
        var csv = Encoding.UTF8.GetString(TableWriters.Csv(table)[3..]);
        Assert.Equal("Name\r\n'=1+1\r\n\"Cymraeg, \"\"ie\"\"\"\r\n", csv);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData(Roles.Provider, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Admin, HttpStatusCode.OK)]
    public async Task Only_analysts_and_admins_export(string? role, HttpStatusCode expected)
    {
        var response = await app.ClientAs(role).GetAsync("/api/analysis/gaps.csv");
        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/analysis/nothing.csv", "UnknownTable")]
    [InlineData("/api/analysis/gaps.pdf", "UnknownFormat")]
    [InlineData("/api/analysis/gaps.csv?round=42", "UnknownRound")]
    public async Task An_unknown_table_format_or_round_is_a_404_with_the_error_body(string url, string code)
    {
        var response = await app.ClientAs(Roles.Analyst).GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains($"\"code\":\"{code}\"", await response.Content.ReadAsStringAsync());
    }
}
