using System.Globalization;
using System.Text.RegularExpressions;
using CsvHelper;

namespace Blueprint.Ingest.Normalising;

/// <summary>UK postcodes: a format check, and a point only from a configured postcode file (never guessed).</summary>
public static partial class Postcodes
{
    [GeneratedRegex(@"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    /// <summary>The postcode in its standard form ("CF10 1AA"), or null when it is not shaped like one.</summary>
    public static string? Standard(string text)
    {
        var m = Shape().Match(text.Trim().ToUpperInvariant());
        return m.Success ? $"{m.Groups[1].Value} {m.Groups[2].Value}" : null;
    }

    /// <summary>The postcodes of a cell that may hold several ("CF10 1AA; SA1 1AA", one a line, "and").</summary>
    public static IEnumerable<string> Pieces(string text) =>
        text.Replace(" and ", ";", StringComparison.OrdinalIgnoreCase).Split([';', ',', '/', '\n', '\r', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Points for postcodes, read from a CSV file of postcode,latitude,longitude (none by default).</summary>
public sealed class PostcodeDirectory
{
    private readonly Dictionary<string, (double Lat, double Lon)> points;

    private PostcodeDirectory(Dictionary<string, (double, double)> points) => this.points = points;

    public static readonly PostcodeDirectory Empty = new([]);

    public int Count => points.Count;

    public (double Latitude, double Longitude)? Locate(string standardPostcode) =>
        points.TryGetValue(standardPostcode, out var p) ? p : null;

    public static PostcodeDirectory FromPoints(IEnumerable<(string Postcode, double Latitude, double Longitude)> rows)
    {
        var map = new Dictionary<string, (double, double)>();
        foreach (var (pc, lat, lon) in rows)
        {
            if (Postcodes.Standard(pc) is { } key)
            {
                map[key] = (lat, lon);
            }
        }
        return new PostcodeDirectory(map);
    }

    /// <summary>Loads a CSV with a header naming postcode, latitude and longitude columns.</summary>
    public static PostcodeDirectory Load(string path)
    {
        using var csv = CsvReader.FromFile(path, CsvReaderOptions.Default with { Separator = ',', IncludeValuesInExceptions = false });
        var pc = csv.GetFieldIndex("postcode");
        var lat = csv.GetFieldIndex("latitude");
        var lon = csv.GetFieldIndex("longitude");
        var rows = new List<(string, double, double)>();
        while (csv.Read())
        {
            if (double.TryParse(csv.GetString(lat), NumberStyles.Float, CultureInfo.InvariantCulture, out var la)
                && double.TryParse(csv.GetString(lon), NumberStyles.Float, CultureInfo.InvariantCulture, out var lo))
            {
                rows.Add((csv.GetString(pc), la, lo));
            }
        }
        return FromPoints(rows);
    }
}
