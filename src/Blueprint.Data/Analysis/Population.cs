using System.Globalization;
using Blueprint.Data.Geography;

namespace Blueprint.Data.Analysis;

/// <summary>
/// Residents of the 22 local authorities (data/reference/population.csv: ONS mid-year estimates, OGL v3;
/// provenance in data/reference/README.md). Every other area's population is the sum of its local
/// authorities (<see cref="Of"/>), as every other geography here is a union of them.
/// </summary>
public sealed class Population
{
    public const string Attribution =
        "Source: Office for National Statistics, mid-2023 population estimates, licensed under the Open Government Licence v3.0.";

    private readonly Dictionary<string, long> byLocalAuthority;

    public Population(IReadOnlyDictionary<string, long> localAuthorities, int year)
    {
        byLocalAuthority = new Dictionary<string, long>(localAuthorities, StringComparer.OrdinalIgnoreCase);
        Year = year;
    }

    /// <summary>The reference year of the estimates (mid-year, 30 June).</summary>
    public int Year { get; }

    public IReadOnlyDictionary<string, long> LocalAuthorities => byLocalAuthority;

    /// <summary>Residents of an area: the sum of its local authorities' figures (null when one of them has none).</summary>
    public long? Of(Area area)
    {
        long total = 0;
        foreach (var code in area.LocalAuthorities)
        {
            if (!byLocalAuthority.TryGetValue(code, out var n))
            {
                return null;
            }
            total += n;
        }
        return total;
    }

    /// <summary>Reads <c>code,name,population,year,source</c>; every row must have a W06 code, a whole number and a year.</summary>
    public static Population Load(string path)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine() ?? throw new InvalidDataException("it is empty");
        var columns = header.Split(',').Select(c => c.Trim().ToLowerInvariant()).ToList();
        int code = columns.IndexOf("code"), population = columns.IndexOf("population"), year = columns.IndexOf("year");
        if (code < 0 || population < 0 || year < 0)
        {
            throw new InvalidDataException("the header must name the columns code, population and year");
        }
        var figures = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        var years = new HashSet<int>();
        var line = 1;
        for (var text = reader.ReadLine(); text is not null; text = reader.ReadLine())
        {
            line++;
            if (text.Trim().Length == 0)
            {
                continue;
            }
            var cells = text.Split(',');
            if (cells.Length <= Math.Max(code, Math.Max(population, year))
                || !cells[code].Trim().StartsWith("W06", StringComparison.OrdinalIgnoreCase)
                || !long.TryParse(cells[population].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                || !int.TryParse(cells[year].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var y))
            {
                throw new InvalidDataException($"line {line} is not a local authority code, a population and a year");
            }
            if (!figures.TryAdd(cells[code].Trim(), n))
            {
                throw new InvalidDataException($"line {line} repeats {cells[code].Trim()}");
            }
            years.Add(y);
        }
        if (figures.Count == 0 || years.Count != 1)
        {
            throw new InvalidDataException("it must hold the local authorities' figures for one year");
        }
        return new Population(figures, years.Single());
    }
}
