using Blueprint.Api.OData;
using Blueprint.Api.ReadModel;
using Blueprint.Data;
using Blueprint.Data.Directory;
using Blueprint.Data.Geography;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Geography;

/// <summary>How many interventions matching an optional OData $filter serve each area of a kind (all-Wales ones count everywhere).</summary>
internal static class AreaCounts
{
    /// <summary>Area code → count, in catalogue order. Throws <see cref="Microsoft.OData.ODataException"/> for a bad filter.
    /// From the read model's snapshot when it is current (<see cref="ReaderView.For"/>), from the database otherwise; a filter
    /// that fails while evaluated in memory is the caller's <see cref="QueryFailedException"/>.</summary>
    public static async Task<Dictionary<string, int>> CountAsync(HttpContext http, BlueprintDb db, AreaLocator geography, string kind, string? filter, CancellationToken ct)
    {
        var view = ReaderView.For(http);
        var interventions = view is null ? db.Interventions.AsNoTracking() : view.Query(view.Snapshot.Interventions);
        if (!string.IsNullOrWhiteSpace(filter))
        {
            interventions = GeographyEndpoints.ApplyFilter(interventions, filter);
        }
        var areas = geography.Catalog.All.Where(a => a.Kind == kind).ToList();
        if (view is null)
        {
            var served = await interventions.Select(i => new Served(i.AllWales, i.Areas.Select(a => a.Code).ToList())).ToListAsync(ct);
            return Count(served, areas);
        }
        // The snapshot's listings carry their areas: no projection to copy them into.
        return QueryFailedException.Evaluating(() => Count(interventions.AsEnumerable().Select(i => new Served(i.AllWales, i.Areas.Select(a => a.Code))), areas));
    }

    /// <summary>One pass over the listings: each counts once in every area one of its local authorities lies in.</summary>
    private static Dictionary<string, int> Count(IEnumerable<Served> served, List<Area> areas)
    {
        var areasOf = areas.SelectMany(a => a.LocalAuthorities.Select(la => (la, a.Code))).ToLookup(p => p.la, p => p.Code, StringComparer.Ordinal);
        var allWales = 0;
        var counted = new Dictionary<string, int>(StringComparer.Ordinal);
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var listing in served)
        {
            if (listing.AllWales)
            {
                allWales++;
                continue;
            }
            touched.Clear();
            foreach (var code in listing.Codes)
            {
                touched.UnionWith(areasOf[code]);
            }
            foreach (var area in touched)
            {
                counted[area] = counted.GetValueOrDefault(area) + 1;
            }
        }
        return areas.ToDictionary(a => a.Code, a => allWales + counted.GetValueOrDefault(a.Code), StringComparer.Ordinal);
    }

    private readonly record struct Served(bool AllWales, IEnumerable<string> Codes);
}
