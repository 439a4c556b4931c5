using System.Text;
using Blueprint.Ingest.Profiles;
using Blueprint.Ingest.Reading;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Blueprint.Ingest.Tests;

/// <summary>The upload's table reader: workbooks as a spreadsheet saves them, CSV through the survey reader, and the listings profile's header matching.</summary>
public sealed class TableFileTests
{
    /// <summary>A workbook as Excel saves it: shared strings, a number cell, an empty cell left out (the next one placed by its reference).</summary>
    private static byte[] ExcelStyleWorkbook()
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            var strings = workbook.AddNewPart<SharedStringTablePart>();
            strings.SharedStringTable = new SharedStringTable(
                new SharedStringItem(new Text("Id")), new SharedStringItem(new Text("Name")), new SharedStringItem(new Text("Places per year")),
                new SharedStringItem(new Text("Grŵp Môn")));
            var sheet = workbook.AddNewPart<WorksheetPart>();
            Cell Shared(string reference, int index) => new() { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(index) };
            sheet.Worksheet = new Worksheet(new SheetData(
                new Row(Shared("A1", 0), Shared("B1", 1), Shared("C1", 2)) { RowIndex = 1 },
                new Row(new Cell { CellReference = "A3", CellValue = new CellValue(12) }, new Cell { CellReference = "C3", CellValue = new CellValue(40) }) { RowIndex = 3 },
                new Row(new Cell { CellReference = "B4", DataType = CellValues.InlineString, InlineString = new InlineString(new Text("=SUM(A1)")) }, Shared("C4", 3)) { RowIndex = 4 }));
            workbook.Workbook = new Workbook(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = "Listings" }));
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    [Fact]
    public void A_workbook_reads_with_shared_strings_numbers_and_left_out_cells_in_their_columns()
    {
        var table = TableFile.Read(new MemoryStream(ExcelStyleWorkbook()), 1024 * 1024, 100);
        Assert.Equal(["Id", "Name", "Places per year"], table.Header);
        Assert.Equal(2, table.Rows.Count);
        Assert.Equal(3, table.Rows[0].RowNumber);
        Assert.Equal(["12", "", "40"], table.Rows[0].Cells);
        Assert.Equal(4, table.Rows[1].RowNumber);
        Assert.Equal(["", "=SUM(A1)", "Grŵp Môn"], table.Rows[1].Cells);
    }

    [Fact]
    public void A_csv_reads_through_the_survey_reader_and_the_export_guard_is_undone()
    {
        var csv = "\uFEFFOrganisation id,Id,Name\r\n1,12,\"'=HYPERLINK(\"\"x\"\")\"\r\n\r\n1,,\"Grŵp Môn, Caerdydd\"\r\n";
        var table = TableFile.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)), 1024 * 1024, 100);
        Assert.Equal(2, table.Rows.Count);
        Assert.Equal("=HYPERLINK(\"x\")", ListingsProfile.Unguard(table.Rows[0].Cells[2]));
        Assert.Equal("Grŵp Môn, Caerdydd", table.Rows[1].Cells[2]);
        Assert.Equal(4, table.Rows[1].RowNumber);
        Assert.Equal("'not a formula", ListingsProfile.Unguard("'not a formula"));
    }

    [Fact]
    public void Too_many_rows_and_a_broken_workbook_are_refused_with_a_reason()
    {
        var rows = "Id,Name\n" + string.Concat(Enumerable.Range(1, 5).Select(i => $"{i},x\n"));
        var many = Assert.Throws<IngestFileException>(() => TableFile.Read(new MemoryStream(Encoding.UTF8.GetBytes(rows)), 1024 * 1024, 3));
        Assert.Contains("more than 3 rows", many.Message);
        var broken = Assert.Throws<IngestFileException>(() => TableFile.Read(new MemoryStream([.. "PK\u0003\u0004"u8, .. new byte[64]]), 1024 * 1024, 3));
        Assert.Contains(".xlsx", broken.Message);
    }

    [Fact]
    public void The_listings_profile_finds_its_columns_however_the_header_is_spaced_or_cased()
    {
        var index = ListingsProfile.Bind(["  ID ", "organisation ID", "name (welsh)", "Something else"]);
        int Of(string header) => index[ListingsProfile.Columns.Select((c, i) => (c, i)).Single(x => x.c.Header == header).i];
        Assert.Equal(0, Of("Id"));
        Assert.Equal(1, Of("Organisation id"));
        Assert.Equal(2, Of("Name (Welsh)"));
        Assert.Equal(-1, Of("Name"));
    }
}
