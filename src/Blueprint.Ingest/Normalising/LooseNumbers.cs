using System.Globalization;
using System.Text.RegularExpressions;

namespace Blueprint.Ingest.Normalising;

/// <summary>
/// Numbers as people write them in a survey: "40", "approx 40", "c. 40", "30-40", "30 to 40",
/// "1,200", "none", "twelve", "6-8 weeks", "3 months". A range gives its upper end (the text as
/// written is kept beside it).
/// </summary>
public static partial class LooseNumbers
{
    private static readonly Dictionary<string, int> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["zero"] = 0, ["none"] = 0, ["nil"] = 0, ["no"] = 0, ["dim"] = 0, ["one"] = 1, ["a"] = 1, ["two"] = 2, ["three"] = 3,
        ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8, ["nine"] = 9, ["ten"] = 10,
        ["eleven"] = 11, ["twelve"] = 12, ["thirteen"] = 13, ["fourteen"] = 14, ["fifteen"] = 15, ["sixteen"] = 16,
        ["seventeen"] = 17, ["eighteen"] = 18, ["nineteen"] = 19, ["twenty"] = 20, ["thirty"] = 30, ["forty"] = 40,
        ["fifty"] = 50, ["sixty"] = 60, ["seventy"] = 70, ["eighty"] = 80, ["ninety"] = 90, ["hundred"] = 100,
        ["a hundred"] = 100, ["dozen"] = 12, ["a dozen"] = 12,
    };

    [GeneratedRegex(@"^(?:approx(?:imately)?\.?|about|around|roughly|circa|c\.|ca\.|~|up to|upto|max(?:imum)?\.?|at least|over|more than|under|less than|est(?:imated)?\.?)\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Hedge();

    [GeneratedRegex(@"^(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*\+?(?:\s*(?:-|–|—|to|or)\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)?\s*\+?\s*(.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NumberThenRest();

    /// <summary>The number in <paramref name="text"/>, and the words after it (its unit), or null when there is none.</summary>
    public static (int Value, string Unit)? Read(string text)
    {
        var t = text.Trim().TrimEnd('.', '!').Trim();
        if (t.Length == 0)
        {
            return null;
        }
        t = Hedge().Replace(t, "");
        if (Words.TryGetValue(t, out var whole))
        {
            return (whole, "");
        }
        // A word number followed by a unit: "twelve weeks", "none currently".
        var space = t.IndexOf(' ');
        if (space > 0 && Words.TryGetValue(t[..space], out var first) && t[..space] is not ("a" or "no"))
        {
            return (first, t[(space + 1)..].Trim());
        }
        if (space > 0 && t[..space].Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return (0, "");
        }
        var m = NumberThenRest().Match(t);
        if (!m.Success)
        {
            return null;
        }
        var low = ParseInt(m.Groups[1].Value);
        var high = m.Groups[2].Success ? ParseInt(m.Groups[2].Value) : low;
        if (low is null || high is null)
        {
            return null;
        }
        return (Math.Max(low.Value, high.Value), m.Groups[3].Value.Trim());
    }

    private static int? ParseInt(string digits) =>
        int.TryParse(digits.Replace(",", ""), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>A count ("approx 40 places a year" → 40); null when no number can be read.</summary>
    public static int? Count(string text) => Read(text)?.Value;

    /// <summary>
    /// A duration in weeks: "6-8 weeks" → 8, "3 months" → 13, "10 days" → 2, "a year" → 52,
    /// "26 weekly sessions" → 26. Null when there is no number or the unit is not a length of time
    /// ("12 sessions" says nothing about weeks).
    /// </summary>
    public static int? Weeks(string text)
    {
        if (Read(text) is not var (n, rest))
        {
            return null;
        }
        var unit = rest.ToLowerInvariant();
        if (unit.Length == 0 || unit.StartsWith("week", StringComparison.Ordinal) || unit.StartsWith("wk", StringComparison.Ordinal)
            || unit.StartsWith("wythnos", StringComparison.Ordinal) || unit.StartsWith("weekly", StringComparison.Ordinal))
        {
            return n;
        }
        if (unit.StartsWith("month", StringComparison.Ordinal) || unit.StartsWith("mis", StringComparison.Ordinal))
        {
            return (int)Math.Round(n * 52.0 / 12.0, MidpointRounding.AwayFromZero);
        }
        if (unit.StartsWith("day", StringComparison.Ordinal) || unit.StartsWith("diwrnod", StringComparison.Ordinal))
        {
            return (n + 6) / 7;
        }
        if (unit.StartsWith("year", StringComparison.Ordinal) || unit.StartsWith("yr", StringComparison.Ordinal) || unit.StartsWith("blwyddyn", StringComparison.Ordinal))
        {
            return n * 52;
        }
        return null;
    }
}
