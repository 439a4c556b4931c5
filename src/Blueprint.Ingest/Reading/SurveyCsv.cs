using System.Runtime.CompilerServices;
using System.Text;
using CsvHelper;
using static System.FormattableString;

namespace Blueprint.Ingest.Reading;

/// <summary>What kind of row the reader met.</summary>
public enum RowKind
{
    /// <summary>A record with as many cells as the header.</summary>
    Data,
    /// <summary>A record the CSV rules reject (bad quoting, wrong number of cells, too large); only its raw text is known.</summary>
    Malformed,
    /// <summary>An empty line, or a record whose cells are all empty.</summary>
    Blank,
}

/// <summary>One row of the file. <see cref="Cells"/> and <see cref="Raw"/> are valid until the next read.</summary>
public sealed class SurveyRow
{
    public RowKind Kind { get; internal set; }
    /// <summary>The row as a spreadsheet numbers it: the header is row 1, blank rows count, a cell with line breaks stays one row.</summary>
    public int RowNumber { get; internal set; }
    /// <summary>The cells of a data row.</summary>
    public string[] Cells { get; internal set; } = [];
    /// <summary>The text of a malformed row (perhaps cut short).</summary>
    public string? Raw { get; internal set; }
    /// <summary>Why a malformed row could not be read, in plain words.</summary>
    public string? Reason { get; internal set; }
    /// <summary>The UTF-8 bytes of the data row as it appears in the file (for its content hash).</summary>
    public ReadOnlyMemory<byte> RawBytes { get; internal set; }
}

/// <summary>
/// Streams a survey export with CsvHelper, strictly: malformed quoting and rows whose cell count
/// differs from the header are reported (not silently repaired), a record is capped, exception
/// messages carry no values (they may be personal data). Memory does not grow with the file.
/// </summary>
public sealed class SurveyCsv : IDisposable
{
    /// <summary>The most a single row may hold before the file is refused (the reader stops there).</summary>
    public const int MaxRecordBytes = 4 * 1024 * 1024;
    /// <summary>The most columns a survey export may have.</summary>
    public const int MaxColumns = 2000;

    private readonly CsvReader csv;
    private readonly Queue<(long Line, string Raw, CsvMalformedReason Reason)> malformed = new();
    private readonly Queue<Pending> queue = new();
    private readonly SurveyRow row = new();
    private long nextLine;          // the physical line where the next record would start
    private long extraLines;        // line breaks inside quoted cells so far (a spreadsheet does not count them as rows)
    private bool finished;
    private string[] headers = [];
    private byte[] rawBuffer = new byte[1024];

    private sealed record Pending(long Line, int Breaks, RowKind Kind, string[] Cells, int RawLength, string? Raw, string? Reason);

    private readonly char separator;

    public SurveyCsv(Stream stream, Encoding encoding, char separator, bool leaveOpen = false)
    {
        this.separator = separator;
        var options = CsvReaderOptions.Default with
        {
            Separator = separator,
            HasHeader = true,
            Encoding = encoding is UTF8Encoding ? null : encoding,
            MalformedData = CsvMalformedDataHandling.Skip,
            FieldCountMismatch = CsvFieldCountHandling.Skip,
            MissingField = CsvMissingFieldHandling.ReturnEmpty,
            MaxRecordSize = MaxRecordBytes,
            IncludeValuesInExceptions = false,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            DetectSeparatorHint = false,
            OnMalformedRecord = m =>
            {
                if (m.Skipped)
                {
                    malformed.Enqueue((m.LineNumber, m.RawRecord, m.Reason));
                }
            },
        };
        csv = CsvReader.Create(stream, options, leaveOpen);
    }

    /// <summary>Bytes read so far (for progress).</summary>
    public long BytesRead => csv.ByteOffset;

    /// <summary>Reads the header; refuses a file without a usable one.</summary>
    public IReadOnlyList<string> ReadHeader()
    {
        try
        {
            csv.ReadHeader();
            headers = [.. csv.Headers];
        }
        catch (CsvFormatException e)
        {
            throw new IngestFileException(Invariant($"The header row could not be read: {Plain(e)}"), Invariant($"Ni ellid darllen y rhes pennawd: {Plain(e, "cy")}"));
        }
        if (malformed.TryPeek(out var first) && first.Line <= 1)
        {
            throw new IngestFileException("The header row has unbalanced quotes, so the file cannot be read as a CSV.",
                "Mae dyfynodau heb eu cau yn y rhes pennawd, felly ni ellir darllen y ffeil fel CSV.");
        }
        if (headers.Length == 0 || headers.All(string.IsNullOrWhiteSpace))
        {
            throw new IngestFileException("The file has no header row: the first row must name the columns.",
                "Nid oes rhes pennawd yn y ffeil: rhaid i'r rhes gyntaf enwi'r colofnau.");
        }
        if (headers.Length > MaxColumns)
        {
            throw new IngestFileException(Invariant($"The file has {headers.Length:N0} columns; a survey export has at most {MaxColumns:N0}."),
                Invariant($"Mae gan y ffeil {headers.Length:N0} colofn; mae gan allforyn arolwg {MaxColumns:N0} ar y mwyaf."));
        }
        extraLines = headers.Sum(h => (long)LineBreaks(h));
        nextLine = 2 + extraLines;
        return headers;
    }

    public IReadOnlyList<string> Headers => headers;

    /// <summary>Moves to the next row (data, malformed or blank), in file order; false at the end of the file.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Read(out SurveyRow current)
    {
        current = row;
        if (queue.Count == 0 && !finished)
        {
            Fill();
        }
        if (!queue.TryPeek(out var e))
        {
            return false;
        }
        if (e.Line > nextLine)
        {
            // An empty line that the reader skipped: it is a row of the spreadsheet all the same.
            Set(RowKind.Blank, RowOf(nextLine), [], 0, null, null);
            nextLine++;
            return true;
        }
        queue.Dequeue();
        Set(e.Kind, RowOf(e.Line), e.Cells, e.RawLength, e.Raw, e.Reason);
        extraLines += e.Breaks;
        nextLine = e.Line + e.Breaks + 1;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Fill()
    {
        bool more;
        try
        {
            more = csv.Read();
        }
        catch (CsvFormatException e)
        {
            throw new IngestFileException(Invariant($"Reading stopped near line {e.LineNumber}: {Plain(e)} Nothing from this file was imported."),
                Invariant($"Daeth y darllen i ben ger llinell {e.LineNumber}: {Plain(e, "cy")} Ni fewnforiwyd dim o'r ffeil hon."));
        }
        var line = more ? csv.LineNumber : long.MaxValue;
        while (malformed.TryPeek(out var m) && m.Line < line)
        {
            malformed.Dequeue();
            // A row of separators only (",,,," as Excel writes an emptied row) is blank, whatever its cell count.
            queue.Enqueue(OnlySeparators(m.Raw)
                ? new Pending(m.Line, LineBreaks(m.Raw), RowKind.Blank, [], 0, null, null)
                : new Pending(m.Line, LineBreaks(m.Raw), RowKind.Malformed, [], 0, m.Raw, Reason(m.Reason)));
        }
        if (!more)
        {
            finished = true;
            return;
        }
        var count = csv.FieldCount;
        var cells = new string[count];
        var blank = true;
        for (var i = 0; i < count; i++)
        {
            cells[i] = csv.GetString(i);
            blank &= string.IsNullOrWhiteSpace(cells[i]);
        }
        var raw = csv.RawRecord;
        if (raw.Length > rawBuffer.Length)
        {
            rawBuffer = new byte[Math.Max(raw.Length, rawBuffer.Length * 2)];
        }
        raw.CopyTo(rawBuffer);
        queue.Enqueue(new Pending(line, LineBreaks(raw), blank ? RowKind.Blank : RowKind.Data, cells, raw.Length, null, null));
    }

    private void Set(RowKind kind, int rowNumber, string[] cells, int rawLength, string? raw, string? reason)
    {
        row.Kind = kind;
        row.RowNumber = rowNumber;
        row.Cells = cells;
        row.RawBytes = kind == RowKind.Data ? rawBuffer.AsMemory(0, rawLength) : default;
        row.Raw = raw;
        row.Reason = reason;
    }

    private string Reason(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.FieldCountMismatch => Invariant($"This row has a different number of cells from the header ({headers.Length}): a cell may hold an unquoted comma, or the row was cut short."),
        CsvMalformedReason.UnterminatedQuote => "A quoted cell in this row is never closed, so everything after it to the end of the file was read as one cell.",
        CsvMalformedReason.StrayQuote => "This row has a quote mark inside a cell that is not itself quoted.",
        CsvMalformedReason.TextAfterClosingQuote => "This row has text after the closing quote of a cell.",
        _ => "This row breaks the CSV quoting rules.",
    };

    private bool OnlySeparators(string raw)
    {
        foreach (var c in raw)
        {
            if (c != separator && c != '"' && !char.IsWhiteSpace(c))
            {
                return false;
            }
        }
        return true;
    }

    private int RowOf(long line) => (int)Math.Min(line - extraLines, int.MaxValue);

    private static string Plain(CsvFormatException e, string language = "en") =>
        (e.Message.Contains("MaxRecordSize", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("too large", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("larger", StringComparison.OrdinalIgnoreCase), language == "cy") switch
        {
            (true, false) => Invariant($"a row is larger than {MaxRecordBytes / (1024 * 1024)} MB (often a quote that is never closed)."),
            (true, true) => Invariant($"mae rhes yn fwy na {MaxRecordBytes / (1024 * 1024)} MB (dyfynnod heb ei gau, fel arfer)."),
            (false, false) => "the file breaks the CSV rules here.",
            (false, true) => "mae'r ffeil yn torri rheolau CSV yma.",
        };

    internal static int LineBreaks(ReadOnlySpan<byte> raw)
    {
        if (raw.IndexOfAny((byte)'\r', (byte)'\n') < 0)
        {
            return 0;
        }
        var n = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '\n' || (raw[i] == '\r' && (i + 1 == raw.Length || raw[i + 1] != '\n')))
            {
                n++;
            }
        }
        return n;
    }

    internal static int LineBreaks(string text)
    {
        var n = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n')))
            {
                n++;
            }
        }
        return n;
    }

    public void Dispose() => csv.Dispose();
}
