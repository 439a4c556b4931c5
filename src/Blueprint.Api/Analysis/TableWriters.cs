using System.Globalization;
using System.Text;
using Blueprint.Api.Exports;

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
        object?[] header = [.. table.Columns.Select(c => c.Name)];
        var rows = table.Rows.Select((row, r) => row.Select((value, c) => table.Suppressed.Contains((r, c)) ? Suppression.Mark : value).ToArray());
        var data = new Spreadsheet.Sheet(table.Name, [header, .. rows]);
        return table.Notes.Count > 0
            ? Spreadsheet.Write(data, new Spreadsheet.Sheet("Notes", table.Notes.Select(n => new object?[] { n })))
            : Spreadsheet.Write(data);
    }
}
