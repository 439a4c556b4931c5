using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Blueprint.Api.Exports;

/// <summary>
/// The product's one .xlsx writer (DocumentFormat.OpenXml, decision 0010), used by the listings export and
/// the analysts' exports, written as a stream of rows. Numbers are numbers; every other cell is an inline
/// string, never a formula, so a spreadsheet shows text such as <c>=SUM(A1)</c> as typed.
/// </summary>
internal static class Spreadsheet
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>A sheet: its name and its rows, the first usually the header.</summary>
    public sealed record Sheet(string Name, IEnumerable<object?[]> Rows);

    public static byte[] Write(params Sheet[] sheets)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            var list = new Sheets();
            for (var s = 0; s < sheets.Length; s++)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                using (var writer = OpenXmlWriter.Create(part))
                {
                    writer.WriteStartElement(new Worksheet());
                    writer.WriteStartElement(new SheetData());
                    foreach (var row in sheets[s].Rows)
                    {
                        writer.WriteStartElement(new Row());
                        foreach (var value in row)
                        {
                            writer.WriteElement(Cell(value));
                        }
                        writer.WriteEndElement();
                    }
                    writer.WriteEndElement();
                    writer.WriteEndElement();
                }
                list.Append(new DocumentFormat.OpenXml.Spreadsheet.Sheet { Id = workbook.GetIdOfPart(part), SheetId = (uint)(s + 1), Name = sheets[s].Name });
            }
            workbook.Workbook = new Workbook(list);
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static Cell Cell(object? value) => value switch
    {
        null => new Cell(),
        int i => new Cell { DataType = CellValues.Number, CellValue = new CellValue(i) },
        long l => new Cell { DataType = CellValues.Number, CellValue = new CellValue((double)l) },
        double d => new Cell { DataType = CellValues.Number, CellValue = new CellValue(d) },
        _ => new Cell(new InlineString(new Text(XmlSafe(Format(value))) { Space = SpaceProcessingModeValues.Preserve }))
        {
            DataType = CellValues.InlineString,
        },
    };

    private static string Format(object value) =>
        value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value.ToString() ?? "";

    /// <summary>Characters XML cannot hold (control characters) become U+FFFD rather than breaking the file.</summary>
    private static string XmlSafe(string text) =>
        text.Any(c => !System.Xml.XmlConvert.IsXmlChar(c) && !char.IsSurrogate(c))
            ? new string([.. text.Select(c => System.Xml.XmlConvert.IsXmlChar(c) || char.IsSurrogate(c) ? c : '\uFFFD')])
            : text;
}
