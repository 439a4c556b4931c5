using System.Globalization;

namespace Blueprint.Ingest.Normalising;

/// <summary>
/// Dates as survey tools and people write them. A profile lists its tool's formats first; then
/// the UK forms (day before month), ISO 8601, and month names.
/// </summary>
public static class LooseDates
{
    private static readonly string[] BuiltIn =
    [
        "dd/MM/yyyy HH:mm:ss", "d/M/yyyy HH:mm:ss", "dd/MM/yyyy HH:mm", "d/M/yyyy H:mm", "dd/MM/yyyy", "d/M/yyyy", "d/M/yy",
        "M/d/yy h:mm:ss tt", "M/d/yyyy h:mm:ss tt", "M/d/yy h:mm tt",
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd",
        "d MMMM yyyy", "d MMM yyyy", "dd MMMM yyyy", "dd MMM yyyy", "d-MMM-yyyy", "dd-MMM-yy", "d.M.yyyy", "dd.MM.yyyy",
    ];

    private static readonly string[] MonthOnly = ["MMMM yyyy", "MMM yyyy", "MM/yyyy", "M/yyyy", "yyyy-MM"];

    public static DateTime? DateTimeOf(string text, IReadOnlyList<string> profileFormats)
    {
        var t = Clean(text);
        foreach (var formats in new[] { profileFormats, (IReadOnlyList<string>)BuiltIn })
        {
            foreach (var format in formats)
            {
                if (DateTime.TryParseExact(t, format, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var value))
                {
                    return DateTime.SpecifyKind(value, DateTimeKind.Utc);
                }
            }
        }
        return null;
    }

    /// <summary>A date; a month alone ("March 2026") means its last day, a year alone its 31 March (the end of the financial year).</summary>
    public static DateOnly? DateOf(string text, IReadOnlyList<string> profileFormats)
    {
        if (DateTimeOf(text, profileFormats) is { } dt)
        {
            return DateOnly.FromDateTime(dt);
        }
        var t = Clean(text);
        foreach (var format in MonthOnly)
        {
            if (DateTime.TryParseExact(t, format, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var month))
            {
                return new DateOnly(month.Year, month.Month, DateTime.DaysInMonth(month.Year, month.Month));
            }
        }
        if (t.Length == 4 && int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is > 1990 and < 2200)
        {
            return new DateOnly(year, 3, 31);
        }
        return null;
    }

    /// <summary>What <see cref="Clean"/> may have to change: letters (ordinals, month names) and commas.</summary>
    private static readonly System.Buffers.SearchValues<char> Cleanable = System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ,");

    /// <summary>Ordinals ("31st"), "Sept" and commas removed so the formats match.</summary>
    private static string Clean(string text)
    {
        var t = text.Trim();
        if (!t.AsSpan().ContainsAny(Cleanable))
        {
            // "04/12/2023 09:28:00", "2023-12-04": nothing to clean (most completion times).
            return t;
        }
        t = t.Replace(",", " ").Replace("Sept ", "Sep ", StringComparison.OrdinalIgnoreCase);
        var parts = t.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var p = parts[i];
            if (p.Length > 2 && char.IsDigit(p[0]) && (p.EndsWith("st", StringComparison.OrdinalIgnoreCase) || p.EndsWith("nd", StringComparison.OrdinalIgnoreCase)
                || p.EndsWith("rd", StringComparison.OrdinalIgnoreCase) || p.EndsWith("th", StringComparison.OrdinalIgnoreCase)) && char.IsDigit(p[^3]))
            {
                parts[i] = p[..^2];
            }
        }
        return string.Join(' ', parts);
    }
}
