using System.Security.Cryptography;
using System.Text;

namespace Blueprint.Ingest.Reading;

/// <summary>A file that cannot be imported at all: one clear message, and nothing changes.</summary>
public sealed class IngestFileException(string message) : Exception(message);

/// <summary>What the first pass over a file learns: its SHA-256, size and text encoding.</summary>
public sealed record FileFacts(string Hash, long Size, Encoding Encoding, string EncodingName);

/// <summary>
/// The first pass over an upload, in constant memory: size limit, empty file, binary files
/// (workbooks, PDFs, NUL bytes), the text encoding (UTF-8 with or without BOM, UTF-16 with BOM,
/// otherwise Windows-1252 as Excel's plain "CSV" writes it) and the file's SHA-256.
/// </summary>
public static class SurveyFile
{
    static SurveyFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Windows1252 => Encoding.GetEncoding(1252);

    public static FileFacts Inspect(string path, long maxBytes)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new IngestFileException($"There is no file at {path}.");
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return Inspect(stream, maxBytes);
    }

    public static FileFacts Inspect(Stream stream, long maxBytes)
    {
        if (stream.CanSeek && stream.Length > maxBytes)
        {
            throw new IngestFileException($"The file is {Size(stream.Length)}; the largest file that can be imported is {Size(maxBytes)}.");
        }
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920 + 4];
        var carried = 0;   // bytes of a UTF-8 sequence cut by the end of the previous read
        long size = 0;
        var validUtf8 = true;
        string? kind = null;
        int read;
        while ((read = stream.Read(buffer, carried, buffer.Length - 4)) > 0)
        {
            var span = buffer.AsSpan(carried, read);
            if (size == 0)
            {
                kind = Sniff(span);
            }
            size += read;
            if (size > maxBytes)
            {
                throw new IngestFileException($"The file is larger than {Size(maxBytes)}, the largest file that can be imported.");
            }
            sha.AppendData(span);
            if (kind is "utf-16le" or "utf-16be")
            {
                continue;
            }
            if (span.IndexOf((byte)0) >= 0)
            {
                throw new IngestFileException("The file contains NUL bytes, so it is not a text CSV file. Open it in Excel and save it as 'CSV UTF-8'.");
            }
            if (validUtf8)
            {
                var total = carried + read;
                (validUtf8, carried) = CheckUtf8(buffer.AsSpan(0, total));
                buffer.AsSpan(total - carried, carried).CopyTo(buffer);
            }
            if (!validUtf8)
            {
                carried = 0;
            }
        }
        if (size == 0)
        {
            throw new IngestFileException("The file is empty.");
        }
        if (carried > 0)
        {
            validUtf8 = false;   // the file ends inside a UTF-8 sequence
        }
        var hash = Convert.ToHexStringLower(sha.GetHashAndReset());
        return kind switch
        {
            "utf-16le" => new FileFacts(hash, size, Encoding.Unicode, "utf-16"),
            "utf-16be" => new FileFacts(hash, size, Encoding.BigEndianUnicode, "utf-16"),
            _ when validUtf8 => new FileFacts(hash, size, new UTF8Encoding(false), kind == "utf-8-bom" ? "utf-8-bom" : "utf-8"),
            _ => new FileFacts(hash, size, Windows1252, "windows-1252"),
        };
    }

    /// <summary>
    /// Whether <paramref name="bytes"/> is valid UTF-8 up to a sequence that the end of the buffer may
    /// have cut (1 to 3 bytes, carried to the next read).
    /// </summary>
    private static (bool Valid, int Carried) CheckUtf8(ReadOnlySpan<byte> bytes)
    {
        var cut = 0;
        // Back over at most 3 continuation bytes to the start of the last sequence, if it is incomplete.
        for (var i = bytes.Length - 1; i >= 0 && i >= bytes.Length - 4; i--)
        {
            var b = bytes[i];
            if ((b & 0xC0) == 0x80)
            {
                continue;
            }
            var needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            cut = bytes.Length - i < needed ? bytes.Length - i : 0;
            break;
        }
        return (System.Text.Unicode.Utf8.IsValid(bytes[..^cut]), cut);
    }

    /// <summary>Recognises byte order marks and the files most often uploaded by mistake.</summary>
    private static string? Sniff(ReadOnlySpan<byte> start)
    {
        if (start.StartsWith("PK\u0003\u0004"u8))
        {
            throw new IngestFileException("This is an Excel workbook (.xlsx) or another zip file, not a CSV. In Excel choose File > Save As > 'CSV UTF-8'.");
        }
        if (start.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0]))
        {
            throw new IngestFileException("This is an old Excel workbook (.xls), not a CSV. In Excel choose File > Save As > 'CSV UTF-8'.");
        }
        if (start.StartsWith("%PDF"u8))
        {
            throw new IngestFileException("This is a PDF, not a CSV export of the survey.");
        }
        if (start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0, 0]) || start.StartsWith((ReadOnlySpan<byte>)[0, 0, 0xFE, 0xFF]))
        {
            throw new IngestFileException("The file is UTF-32 text, which cannot be imported. Save it as 'CSV UTF-8'.");
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

    internal static string Size(long bytes) => bytes switch
    {
        >= 1024 * 1024 => $"{bytes / (1024.0 * 1024.0):0.#} MB",
        >= 1024 => $"{bytes / 1024.0:0.#} KB",
        _ => $"{bytes} bytes",
    };
}
