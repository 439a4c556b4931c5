using System.Globalization;

namespace Blueprint.Ingest.Profiles.Suggesting;

/// <summary>The date format a completion-time column is written in: the first common format that reads every sampled value.</summary>
public static class DateFormats
{
    private static readonly string[] Candidates =
    [
        "dd/MM/yyyy HH:mm:ss", "dd/MM/yyyy HH:mm", "M/d/yyyy h:mm:ss tt", "M/d/yy h:mm:ss tt", "M/d/yyyy H:mm", "MM/dd/yyyy HH:mm:ss", "MM/dd/yyyy HH:mm",
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss", "yyyy/MM/dd HH:mm:ss", "dd.MM.yyyy HH:mm", "dd-MM-yyyy HH:mm:ss", "dd/MM/yyyy",
    ];

    public static IReadOnlyList<string> Detect(IEnumerable<string> cells)
    {
        var values = cells.Where(c => c.Length > 0).Take(500).ToList();
        if (values.Count == 0)
        {
            return [];
        }
        foreach (var format in Candidates)
        {
            if (values.All(v => DateTime.TryParseExact(v, format, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out _)))
            {
                return [format];
            }
        }
        return [];
    }
}
