using Blueprint.Ingest.Reading;

namespace Blueprint.Ingest.Profiles.Suggesting;

/// <summary>
/// What <see cref="ProfileSuggester"/> looks at: an export's header, its field separator (guessed from the header
/// line), and its first rows (answer texts and layouts). Read with the import's own reader, so a file the import
/// would refuse (no header, too many columns, too large) is refused here with the same message.
/// </summary>
public sealed class ExportSample
{
    /// <summary>How many data rows are looked at.</summary>
    public const int MaxRows = 2_000;

    public required IReadOnlyList<string> Headers { get; init; }
    public required char Separator { get; init; }
    /// <summary>The data rows read (each as many cells as the header).</summary>
    public required IReadOnlyList<string[]> Rows { get; init; }

    public IEnumerable<string> Cells(int column) => Rows.Select(r => column < r.Length ? r[column].Trim() : "");

    public static ExportSample Read(string path, long maxBytes)
    {
        var facts = SurveyFile.Inspect(path, maxBytes);
        var separator = GuessSeparator(path, facts.Encoding);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        using var csv = new SurveyCsv(stream, facts.Encoding, separator);
        var headers = csv.ReadHeader().ToArray();
        var rows = new List<string[]>();
        while (rows.Count < MaxRows && csv.Read(out var row))
        {
            if (row.Kind == RowKind.Data)
            {
                rows.Add([.. row.Cells]);
            }
        }
        return new ExportSample { Headers = headers, Separator = separator, Rows = rows };
    }

    /// <summary>The one of comma, semicolon and tab that the header line (outside quotes) holds most of; a comma when none.</summary>
    private static char GuessSeparator(string path, System.Text.Encoding encoding)
    {
        using var reader = new StreamReader(path, encoding, detectEncodingFromByteOrderMarks: true);
        var buffer = new char[256 * 1024];
        var read = reader.ReadBlock(buffer, 0, buffer.Length);
        int commas = 0, semicolons = 0, tabs = 0;
        var quoted = false;
        for (var i = 0; i < read; i++)
        {
            var c = buffer[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '\n' or '\r')
            {
                break;
            }
            else if (!quoted)
            {
                commas += c == ',' ? 1 : 0;
                semicolons += c == ';' ? 1 : 0;
                tabs += c == '\t' ? 1 : 0;
            }
        }
        return tabs > commas && tabs >= semicolons ? '\t' : semicolons > commas ? ';' : ',';
    }
}
