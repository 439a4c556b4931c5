using Blueprint.Data.Geography;
using Blueprint.Ingest.Profiles;

namespace Blueprint.Ingest.Normalising;

/// <summary>
/// Where an intervention is delivered, as written: local authorities in English or Welsh, abbreviations,
/// regions ("North Wales" is six local authorities), "All Wales", and small misspellings (reported).
/// </summary>
public sealed class AreaAnswers
{
    private readonly AreaCatalog catalog;
    private readonly List<(string Key, Area Area)> names = [];

    public AreaAnswers(AreaCatalog catalog)
    {
        this.catalog = catalog;
        foreach (var area in catalog.All)
        {
            foreach (var name in new[] { area.NameEn, area.NameCy }.Concat(area.Aliases))
            {
                names.Add((HeaderKey.Of(name), area));
            }
        }
        AllLocalAuthorities = catalog.LocalAuthorities.Select(a => a.Code).Order(StringComparer.Ordinal).ToList();
    }

    public IReadOnlyList<string> AllLocalAuthorities { get; }

    /// <summary>The areas one answer names, and a note when a misspelling was corrected; empty when not recognised.</summary>
    public (IReadOnlyList<Area> Areas, string? Correction) Resolve(string answer) => seen.Get(answer, this, static (self, a) => self.ResolveNew(a));

    private readonly BoundedMemo<(IReadOnlyList<Area>, string?)> seen = new(10_000);

    private (IReadOnlyList<Area> Areas, string? Correction) ResolveNew(string answer)
    {
        var exact = catalog.Named(answer);
        if (exact.Count > 0)
        {
            return (exact, null);
        }
        // "Cardiff and Newport", "Conwy & Denbighshire", "Powys / Ceredigion".
        var parts = answer.Split([" and ", " & ", ",", ";", "/", " a "], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length > 1)
        {
            var found = parts.Select(p => catalog.Named(p)).ToList();
            if (found.All(f => f.Count > 0))
            {
                return (found.SelectMany(f => f).Distinct().ToList(), null);
            }
        }
        var key = HeaderKey.Of(answer);
        if (key.Length < 5)
        {
            return ([], null);
        }
        var allowed = key.Length < 9 ? 1 : 2;
        Area? best = null;
        var bestDistance = int.MaxValue;
        var tie = false;
        foreach (var (name, area) in names)
        {
            if (Math.Abs(name.Length - key.Length) > allowed)
            {
                continue;
            }
            var d = Distance(key, name, allowed);
            if (d < bestDistance)
            {
                (best, bestDistance, tie) = (area, d, false);
            }
            else if (d == bestDistance && best != area)
            {
                tie = true;
            }
        }
        return best is not null && bestDistance <= allowed && !tie
            ? ([best], $"Read '{answer}' as {best.NameEn}.")
            : ([], null);
    }

    /// <summary>Levenshtein distance, giving up (returning limit + 1) once it must exceed <paramref name="limit"/>.</summary>
    internal static int Distance(string a, string b, int limit)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            prev[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            var rowMin = cur[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                rowMin = Math.Min(rowMin, cur[j]);
            }
            if (rowMin > limit)
            {
                return limit + 1;
            }
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
