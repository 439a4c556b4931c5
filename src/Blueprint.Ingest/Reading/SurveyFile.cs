using System.Security.Cryptography;
using System.Text;
using static System.FormattableString;

namespace Blueprint.Ingest.Reading;

/// <summary>
/// A file that cannot be imported at all: one clear message, and nothing changes. <see cref="MessageCy"/> says it in Welsh
/// for the Welsh pages (written beside the English, as the listing rules' messages are; decision 0064).
/// </summary>
public sealed class IngestFileException(string message, string? messageCy = null) : Exception(message)
{
    /// <summary>The message in Welsh; null where none was written (the English is shown).</summary>
    public string? MessageCy { get; } = messageCy;

    /// <summary>The message in <paramref name="language"/> ("cy" or "en").</summary>
    public string In(string language) => language == "cy" && MessageCy is not null ? MessageCy : Message;
}

/// <summary>What the first pass over a file learns: its SHA-256, size and text encoding, with the evidence for it.</summary>
public sealed record FileFacts(string Hash, long Size, Encoding Encoding, string EncodingName)
{
    public bool ByteOrderMark { get; init; }
    public long MultiByteSequences { get; init; }
    public long InvalidBytes { get; init; }
    public long HighBytes { get; init; }
    public IReadOnlyList<byte> FirstInvalid { get; init; } = [];

    /// <summary>Read as UTF-8 although some bytes are not: the rows holding them are flagged.</summary>
    public bool HasInvalidUtf8 => Encoding is UTF8Encoding && InvalidBytes > 0;

    /// <summary>
    /// The decision and its evidence, in words; <paramref name="rows"/> are the rows holding invalid bytes (when known);
    /// <paramref name="language"/> "cy" says it in Welsh (counts take the singular noun there: "3 beit annilys").
    /// </summary>
    public string Evidence(IReadOnlyCollection<int>? rows = null, string language = "en")
    {
        var cy = language == "cy";
        var bom = !ByteOrderMark ? "" : cy ? "nod trefn beit; " : "byte order mark; ";
        if (Encoding is not UTF8Encoding && EncodingName != "windows-1252")
        {
            return cy ? "UTF-16: nod trefn beit" : "UTF-16: byte order mark";
        }
        var more = InvalidBytes > FirstInvalid.Count ? ", …" : "";
        string Invalid() => cy
            ? Invariant($"{InvalidBytes:N0} beit annilys ({Utf8Evidence.Hex(FirstInvalid)}{more})")
            : Invariant($"{InvalidBytes:N0} invalid byte{(InvalidBytes == 1 ? "" : "s")} ({Utf8Evidence.Hex(FirstInvalid)}{more})");
        if (EncodingName == "windows-1252")
        {
            return (MultiByteSequences == 0, cy) switch
            {
                (true, false) => Invariant($"Windows-1252: {HighBytes:N0} byte{(HighBytes == 1 ? "" : "s")} above 0x7F and no valid multi-byte UTF-8 sequence (first: {Utf8Evidence.Hex(FirstInvalid)})"),
                (true, true) => Invariant($"Windows-1252: {HighBytes:N0} beit uwchlaw 0x7F a dim un dilyniant UTF-8 aml-feit dilys (y cyntaf: {Utf8Evidence.Hex(FirstInvalid)})"),
                (false, false) => Invariant($"Windows-1252: only {MultiByteSequences:N0} valid multi-byte UTF-8 sequence{(MultiByteSequences == 1 ? "" : "s")} against {Invalid()}, so not plausibly UTF-8"),
                (false, true) => Invariant($"Windows-1252: dim ond {MultiByteSequences:N0} dilyniant UTF-8 aml-feit dilys yn erbyn {Invalid()}, felly nid yw'n debyg o fod yn UTF-8"),
            };
        }
        if (HighBytes == 0)
        {
            return cy ? $"UTF-8: {bom}ASCII plaen (dim beit uwchlaw 0x7F)" : $"UTF-8: {bom}plain ASCII (no byte above 0x7F)";
        }
        var sequences = cy
            ? Invariant($"{MultiByteSequences:N0} dilyniant aml-feit")
            : Invariant($"{MultiByteSequences:N0} multi-byte sequence{(MultiByteSequences == 1 ? "" : "s")}");
        if (InvalidBytes == 0)
        {
            return cy ? $"UTF-8: {bom}{sequences}, dim beit annilys" : $"UTF-8: {bom}{sequences}, no invalid byte";
        }
        var list = rows is null ? "" : Invariant($"{string.Join(", ", rows.Take(10))}{(rows.Count > 10 ? ", …" : "")}");
        var where = rows is not { Count: > 0 } ? ""
            : rows.Count == 1 ? (cy ? $" ar res {list}" : $" on row {list}")
            : cy ? $" ar resi {list}" : $" on rows {list}";
        return $"UTF-8: {bom}{sequences}, {Invalid()}{where}";
    }
}


/// <summary>
/// The first pass over an upload, in constant memory: size limit, empty file, binary files
/// (workbooks, PDFs, NUL bytes), the text encoding (UTF-8 with or without BOM, UTF-16 with BOM,
/// otherwise Windows-1252 as Excel's plain "CSV" writes it) and the file's SHA-256.
/// </summary>
public static class SurveyFile
{
    static SurveyFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Windows1252 => Encoding.GetEncoding(1252);

    /// <summary>The setting that bounds a file read from disk (the command line; an upload has its own, see the API).</summary>
    public const string DefaultSizeSetting = "Imports:MaxFileBytes";

    public static FileFacts Inspect(string path, long maxBytes, string sizeSetting = DefaultSizeSetting)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new IngestFileException($"There is no file at {path}.", $"Nid oes ffeil yn {path}.");
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return Inspect(stream, maxBytes, sizeSetting);
    }

    public static FileFacts Inspect(Stream stream, long maxBytes, string sizeSetting = DefaultSizeSetting)
    {
        if (stream.CanSeek && stream.Length > maxBytes)
        {
            throw TooLarge(Invariant($"The file is {Size(stream.Length)}"), Invariant($"Mae'r ffeil yn {Size(stream.Length)}"), maxBytes, sizeSetting);
        }
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        var evidence = new Utf8Evidence();
        long size = 0;
        string? kind = null;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            var span = buffer.AsSpan(0, read);
            if (size == 0)
            {
                kind = Sniff(span);
            }
            size += read;
            if (size > maxBytes)
            {
                throw TooLarge(Invariant($"The file is larger than {Size(maxBytes)}"), Invariant($"Mae'r ffeil yn fwy na {Size(maxBytes)}"), maxBytes, sizeSetting);
            }
            sha.AppendData(span);
            if (kind is "utf-16le" or "utf-16be")
            {
                continue;
            }
            if (span.IndexOf((byte)0) >= 0)
            {
                throw new IngestFileException("The file contains NUL bytes, so it is not a text CSV file. Open it in Excel and save it as 'CSV UTF-8'.",
                    "Mae beitiau NUL yn y ffeil, felly nid ffeil CSV o destun yw hi. Agorwch hi yn Excel a'i chadw fel 'CSV UTF-8'.");
            }
            evidence.Add(kind == "utf-8-bom" && size == read ? span[3..] : span);
        }
        if (size == 0)
        {
            throw new IngestFileException("The file is empty.", "Mae'r ffeil yn wag.");
        }
        evidence.Finish();
        var hash = Convert.ToHexStringLower(sha.GetHashAndReset());
        var facts = kind switch
        {
            "utf-16le" => new FileFacts(hash, size, Encoding.Unicode, "utf-16"),
            "utf-16be" => new FileFacts(hash, size, Encoding.BigEndianUnicode, "utf-16"),
            // A byte order mark wins; so does UTF-8 that holds valid multi-byte sequences and only a few invalid bytes.
            "utf-8-bom" => new FileFacts(hash, size, new UTF8Encoding(false), "utf-8-bom"),
            _ when IsUtf8(evidence) => new FileFacts(hash, size, new UTF8Encoding(false), "utf-8"),
            _ => new FileFacts(hash, size, Windows1252, "windows-1252"),
        };
        return facts with
        {
            ByteOrderMark = kind is not null, MultiByteSequences = evidence.MultiByteSequences, InvalidBytes = evidence.InvalidBytes,
            HighBytes = evidence.HighBytes, FirstInvalid = [.. evidence.FirstInvalid],
        };
    }

    /// <summary>
    /// UTF-8 without a byte order mark: no invalid byte at all, or valid multi-byte sequences with only a few invalid
    /// bytes (no more of them than valid sequences). High bytes with no valid sequence are Windows-1252.
    /// </summary>
    public static bool IsUtf8(Utf8Evidence e) => e.InvalidBytes == 0 || (e.MultiByteSequences > 0 && e.InvalidBytes <= e.MultiByteSequences);

    /// <summary>Recognises byte order marks and the files most often uploaded by mistake.</summary>
    private static string? Sniff(ReadOnlySpan<byte> start)
    {
        if (start.StartsWith("PK\u0003\u0004"u8))
        {
            throw new IngestFileException("This is an Excel workbook (.xlsx) or another zip file, not a CSV. In Excel choose File > Save As > 'CSV UTF-8'.",
                "Llyfr gwaith Excel (.xlsx) neu ffeil zip arall yw hon, nid CSV. Yn Excel dewiswch Ffeil > Cadw Fel (File > Save As) > 'CSV UTF-8'.");
        }
        if (start.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0]))
        {
            throw new IngestFileException("This is an old Excel workbook (.xls), not a CSV. In Excel choose File > Save As > 'CSV UTF-8'.",
                "Hen lyfr gwaith Excel (.xls) yw hwn, nid CSV. Yn Excel dewiswch Ffeil > Cadw Fel (File > Save As) > 'CSV UTF-8'.");
        }
        if (start.StartsWith("%PDF"u8))
        {
            throw new IngestFileException("This is a PDF, not a CSV export of the survey.", "PDF yw hwn, nid allforyn CSV o'r arolwg.");
        }
        if (start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0, 0]) || start.StartsWith((ReadOnlySpan<byte>)[0, 0, 0xFE, 0xFF]))
        {
            throw new IngestFileException("The file is UTF-32 text, which cannot be imported. Save it as 'CSV UTF-8'.",
                "Testun UTF-32 yw'r ffeil, ac ni ellir ei mewnforio. Cadwch hi fel 'CSV UTF-8'.");
        }
        if (start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return "utf-16le";
        }
        if (start.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return "utf-16be";
        }
        return start.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? "utf-8-bom" : null;
    }

    /// <summary>
    /// The field separator of a file's header row: a comma, unless semicolons, tabs or one of <paramref name="others"/> (the
    /// known profiles' own separators, such as <c>|</c>) outnumber the commas there (as Excel writes "CSV" in some regional
    /// settings, or a tool's "tab-separated" export). Quoted text is not counted; on a tie the comma wins, then the
    /// semicolon, then the tab.
    /// </summary>
    public static char DetectSeparator(string path, Encoding encoding, IEnumerable<char>? others = null)
    {
        var buffer = new byte[64 * 1024];
        int read;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        var text = encoding.GetString(buffer, 0, read);
        List<char> candidates = [',', ';', '\t', .. (others ?? []).Where(c => c is not (',' or ';' or '\t' or '"' or '\r' or '\n')).Distinct()];
        var counts = new int[candidates.Count];
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '\r' or '\n')
            {
                break;
            }
            else if (!quoted && candidates.IndexOf(c) is var i and >= 0)
            {
                counts[i]++;
            }
        }
        var best = 0;
        for (var i = 1; i < counts.Length; i++)
        {
            if (counts[i] > counts[best])
            {
                best = i;
            }
        }
        return candidates[best];
    }

    /// <summary>A separator in words, for reports.</summary>
    public static string SeparatorName(char separator) => separator switch
    {
        ',' => "comma",
        ';' => "semicolon",
        '\t' => "tab",
        _ => $"'{separator}'",
    };

    /// <summary>A size refusal that names the limit and the setting that raises it (<paramref name="whatCy"/>: the same start in Welsh).</summary>
    public static IngestFileException TooLarge(string what, string whatCy, long maxBytes, string setting) => new(
        Invariant($"{what}; the largest file that can be imported is {Size(maxBytes)} ({maxBytes:D} bytes, the setting {setting})."),
        Invariant($"{whatCy}; y ffeil fwyaf y gellir ei mewnforio yw {Size(maxBytes)} ({maxBytes:D} beit, y gosodiad {setting})."));

    /// <summary>
    /// An upload refused before it is read for being over <paramref name="maxBytes"/> (the setting <paramref name="setting"/>),
    /// in <paramref name="language"/> ("cy" or "en"): the same sentence for every upload route.
    /// </summary>
    public static string UploadTooLarge(long maxBytes, string setting, string language) => language == "cy"
        ? Invariant($"Mae'r ffeil yn fwy na'r {Size(maxBytes)} y caiff ffeil a lwythir i fyny fod ({maxBytes:D} beit, y gosodiad {setting}).")
        : Invariant($"The file is larger than the {Size(maxBytes)} an upload may be ({maxBytes:D} bytes, the setting {setting}).");

    /// <summary>A size in words: "20 MB", "512 KB", "300 bytes".</summary>
    public static string Size(long bytes) => bytes switch
    {
        >= 1024 * 1024 => FormattableString.Invariant($"{bytes / (1024.0 * 1024.0):0.#} MB"),
        >= 1024 => FormattableString.Invariant($"{bytes / 1024.0:0.#} KB"),
        _ => FormattableString.Invariant($"{bytes} bytes"),
    };
}
