using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Blueprint.Api.Listings;

/// <summary>
/// One-sheet .xlsx files with DocumentFormat.OpenXml (decision 0010), written as a stream of rows. Every
/// cell is an inline string, never a formula, so a spreadsheet shows text such as <c>=SUM(A1)</c> as typed.
/// </summary>
internal static class Spreadsheet
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static byte[] Write(string sheetName, IReadOnlyList<string> header, IEnumerable<string?[]> rows)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            var sheet = workbook.AddNewPart<WorksheetPart>();
            using (var writer = OpenXmlWriter.Create(sheet))
            {
                writer.WriteStartElement(new Worksheet());
                writer.WriteStartElement(new SheetData());
                WriteRow(writer, header);
                foreach (var row in rows)
                {
                    WriteRow(writer, row);
                }
                writer.WriteEndElement();
                writer.WriteEndElement();
            }
            workbook.Workbook = new Workbook(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = sheetName }));
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static void WriteRow(OpenXmlWriter writer, IEnumerable<string?> cells)
    {
        writer.WriteStartElement(new Row());
        foreach (var value in cells)
        {
            writer.WriteElement(new Cell(new InlineString(new Text(XmlSafe(value ?? "")) { Space = SpaceProcessingModeValues.Preserve }))
            {
                DataType = CellValues.InlineString,
            });
        }
        writer.WriteEndElement();
    }

    /// <summary>Characters XML cannot hold (control characters) become U+FFFD rather than breaking the file.</summary>
    private static string XmlSafe(string text) =>
        text.Any(c => !System.Xml.XmlConvert.IsXmlChar(c) && !char.IsSurrogate(c))
            ? new string([.. text.Select(c => System.Xml.XmlConvert.IsXmlChar(c) || char.IsSurrogate(c) ? c : '\uFFFD')])
            : text;
}
