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
        var buffer = new byte[81920];
        var utf8 = new UTF8Encoding(false, true).GetDecoder();
        var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
        long size = 0;
        var validUtf8 = true;
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
                try
                {
                    utf8.GetChars(buffer, 0, read, chars, 0, flush: false);
                }
                catch (DecoderFallbackException)
                {
                    validUtf8 = false;
                }
            }
        }
        if (size == 0)
        {
            throw new IngestFileException("The file is empty.");
        }
        if (validUtf8 && kind is not ("utf-16le" or "utf-16be"))
        {
            try
            {
                utf8.GetChars([], 0, 0, chars, 0, flush: true);
            }
            catch (DecoderFallbackException)
            {
                validUtf8 = false;
            }
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

    /// <summary>A size in words: "20 MB", "512 KB", "300 bytes".</summary>
    public static string Size(long bytes) => bytes switch
    {
        >= 1024 * 1024 => FormattableString.Invariant($"{bytes / (1024.0 * 1024.0):0.#} MB"),
        >= 1024 => FormattableString.Invariant($"{bytes / 1024.0:0.#} KB"),
        _ => FormattableString.Invariant($"{bytes} bytes"),
    };
}
