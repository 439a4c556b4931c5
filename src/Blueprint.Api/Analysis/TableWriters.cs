using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Blueprint.Api.Analysis;

/// <summary>
/// Writes an <see cref="AnalysisTable"/> as CSV (UTF-8 with a byte-order mark, so Excel keeps Welsh
/// letters) or XLSX (DocumentFormat.OpenXml, decision 0010: inline strings and numbers, never a formula).
/// Text that a spreadsheet would read as a formula is prefixed with <c>'</c> in CSV (OWASP).
/// Suppressed cells read <see cref="Suppression.Mark"/>; notes follow the table (CSV) or fill a sheet (XLSX).
/// </summary>
public static class TableWriters
{
    public static string CsvText(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    private static string Quote(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;

    private static string Format(object? value) => value switch
    {
        null => "",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    public static byte[] Csv(AnalysisTable table)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', table.Columns.Select(c => Quote(c.Name))).Append("\r\n");
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            for (var c = 0; c < row.Length; c++)
            {
                if (c > 0)
                {
                    sb.Append(',');
                }
                var value = row[c];
                sb.Append(table.Suppressed.Contains((r, c)) ? Suppression.Mark
                    : value is string s ? Quote(CsvText(s))
                    : Quote(Format(value)));
            }
            sb.Append("\r\n");
        }
        if (table.Notes.Count > 0)
        {
            sb.Append("\r\n");
            foreach (var note in table.Notes)
            {
                sb.Append(Quote(CsvText(note))).Append("\r\n");
            }
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];
    }

    public static byte[] Xlsx(AnalysisTable table)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            var data = workbook.AddNewPart<WorksheetPart>();
            WriteSheet(data, [table.Columns.Select(c => (object?)c.Name).ToArray(), .. table.Rows], (r, c) => r > 0 && table.Suppressed.Contains((r - 1, c)));
            var sheets = new Sheets(new Sheet { Id = workbook.GetIdOfPart(data), SheetId = 1, Name = table.Name });
            if (table.Notes.Count > 0)
            {
                var notes = workbook.AddNewPart<WorksheetPart>();
                WriteSheet(notes, table.Notes.Select(n => new object?[] { n }).ToList(), (_, _) => false);
                sheets.Append(new Sheet { Id = workbook.GetIdOfPart(notes), SheetId = 2, Name = "Notes" });
            }
            workbook.Workbook = new Workbook(sheets);
        }
        return stream.ToArray();
    }

    private static void WriteSheet(WorksheetPart part, IReadOnlyList<object?[]> rows, Func<int, int, bool> suppressed)
    {
        using var writer = OpenXmlWriter.Create(part);
        writer.WriteStartElement(new Worksheet());
        writer.WriteStartElement(new SheetData());
        for (var r = 0; r < rows.Count; r++)
        {
            writer.WriteStartElement(new Row { RowIndex = (uint)(r + 1) });
            for (var c = 0; c < rows[r].Length; c++)
            {
                writer.WriteElement(Cell(suppressed(r, c) ? Suppression.Mark : rows[r][c]));
            }
            writer.WriteEndElement();
        }
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    /// <summary>Numbers as numbers; everything else as an inline string, which a spreadsheet never evaluates.</summary>
    private static Cell Cell(object? value) => value switch
    {
        null => new Cell(),
        int i => new Cell { DataType = CellValues.Number, CellValue = new CellValue(i) },
        long l => new Cell { DataType = CellValues.Number, CellValue = new CellValue((double)l) },
        double d => new Cell { DataType = CellValues.Number, CellValue = new CellValue(d) },
        _ => new Cell
        {
            DataType = CellValues.InlineString,
            InlineString = new InlineString(new Text(Format(value)) { Space = SpaceProcessingModeValues.Preserve }),
        },
    };
}
