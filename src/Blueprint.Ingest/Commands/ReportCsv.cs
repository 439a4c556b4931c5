using System.Globalization;
using System.Text;
using Blueprint.Ingest.Staging;
using CsvHelper;

namespace Blueprint.Ingest.Commands;

/// <summary>
/// The survey officer's report: one row per input row (row number, outcome, problems). Cells that
/// a spreadsheet would run as formulas are escaped, as in every export.
/// </summary>
public sealed class ReportCsv : IDisposable
{
    public static readonly CsvWriterOptions SafeOptions = CsvWriterOptions.Default with
    {
        Injection = CsvInjection.Escape,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    private readonly CsvWriter csv;

    public ReportCsv(Stream output)
    {
        csv = CsvWriter.Create(output, SafeOptions with { WriteByteOrderMark = true }, leaveOpen: false);
        csv.WriteRecord(["Row", "Outcome", "Organisation", "Intervention", "Duplicate of row", "Matches listing", "Problems"]);
    }

    public void Add(RowReport row)
    {
        csv.WriteField(row.Row.ToString(CultureInfo.InvariantCulture));
        csv.WriteField(row.Outcome switch { "not-for-publication" => "not for publication", var o => o });
        csv.WriteField(row.Organisation);
        csv.WriteField(row.Intervention);
        csv.WriteField(row.DuplicateOfRow?.ToString(CultureInfo.InvariantCulture));
        csv.WriteField(row.MatchedInterventionId?.ToString(CultureInfo.InvariantCulture));
        csv.WriteField(Describe(row));
        csv.EndRecord();
    }

    public static string Describe(RowReport row)
    {
        var text = new StringBuilder();
        foreach (var p in row.Problems)
        {
            if (text.Length > 0)
            {
                text.Append(" | ");
            }
            text.Append(p.Severity == Normalising.Severity.Warning ? "Note: " : "");
            if (p.Column.Length > 0)
            {
                text.Append('[').Append(p.Column).Append("] ");
            }
            text.Append(p.Message);
        }
        return text.ToString();
    }

    public void Dispose() => csv.Dispose();
}
