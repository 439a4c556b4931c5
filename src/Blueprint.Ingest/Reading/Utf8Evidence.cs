using System.Runtime.CompilerServices;

namespace Blueprint.Ingest.Reading;

/// <summary>
/// Counts, in one streaming pass, what decides a file's encoding: valid multi-byte UTF-8 sequences, bytes that
/// cannot be UTF-8 (with the first few of them) and bytes above 0x7F. Fed in pieces of any size: a sequence cut
/// by a piece boundary is carried over.
/// </summary>
public sealed class Utf8Evidence
{
    /// <summary>How many invalid byte values are kept to show (the counts go on).</summary>
    public const int KeptInvalid = 8;

    private int need;          // continuation bytes still expected by the sequence in progress
    private int length;        // bytes of that sequence so far
    private byte lowest = 0x80, highest = 0xBF; // the range the next continuation byte must be in

    public long MultiByteSequences { get; private set; }
    public long InvalidBytes { get; private set; }
    public long HighBytes { get; private set; }
    /// <summary>The first invalid bytes met (at most <see cref="KeptInvalid"/>).</summary>
    public List<byte> FirstInvalid { get; } = [];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ReadOnlySpan<byte> bytes)
    {
        var i = 0;
        while (i < bytes.Length)
        {
            if (need == 0)
            {
                // Skip a run of ASCII at once.
                var next = bytes[i..].IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
                if (next < 0)
                {
                    return;
                }
                i += next;
            }
            var b = bytes[i];
            HighBytes++;
            if (need > 0)
            {
                if (b >= lowest && b <= highest)
                {
                    (lowest, highest) = (0x80, 0xBF);
                    length++;
                    if (--need == 0)
                    {
                        MultiByteSequences++;
                    }
                    i++;
                    continue;
                }
                // The sequence broke off: its bytes so far are invalid; this byte starts afresh.
                Broken();
                HighBytes--;
                continue;
            }
            i++;
            switch (b)
            {
                case >= 0xC2 and <= 0xDF: Start(1, 0x80, 0xBF); break;
                case 0xE0: Start(2, 0xA0, 0xBF); break;
                case (>= 0xE1 and <= 0xEC) or 0xEE or 0xEF: Start(2, 0x80, 0xBF); break;
                case 0xED: Start(2, 0x80, 0x9F); break;
                case 0xF0: Start(3, 0x90, 0xBF); break;
                case >= 0xF1 and <= 0xF3: Start(3, 0x80, 0xBF); break;
                case 0xF4: Start(3, 0x80, 0x8F); break;
                default: Keep(b); InvalidBytes++; break;
            }
            if (need > 0)
            {
                lead = b;
            }
        }
    }

    private byte lead;

    /// <summary>The end of the file: a sequence still open there is invalid.</summary>
    public void Finish()
    {
        if (need > 0)
        {
            Broken();
        }
    }

    private void Start(int continuation, byte low, byte high)
    {
        need = continuation;
        length = 1;
        (lowest, highest) = (low, high);
    }

    /// <summary>A sequence that broke off: its bytes so far are invalid; its lead byte is the one shown.</summary>
    private void Broken()
    {
        InvalidBytes += length;
        Keep(lead);
        (need, length, lowest, highest) = (0, 0, 0x80, 0xBF);
    }

    private void Keep(byte b)
    {
        if (FirstInvalid.Count < KeptInvalid)
        {
            FirstInvalid.Add(b);
        }
    }

    /// <summary>The invalid bytes of one row (or any short text), for the row's warning; empty when there are none.</summary>
    public static List<byte> InvalidIn(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IndexOfAnyExceptInRange((byte)0, (byte)0x7F) < 0)
        {
            return [];
        }
        var scan = new Utf8Evidence();
        scan.Add(bytes);
        scan.Finish();
        return scan.FirstInvalid;
    }

    /// <summary>Bytes as "0x97, 0xE9".</summary>
    public static string Hex(IEnumerable<byte> bytes) => string.Join(", ", bytes.Select(b => $"0x{b:X2}"));

    /// <summary>Decoded text has a replacement character where an invalid byte was.</summary>
    public static bool HasReplacement(string text) => text.Contains('\uFFFD', StringComparison.Ordinal);
}
