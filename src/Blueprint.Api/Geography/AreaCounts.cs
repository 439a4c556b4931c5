using Blueprint.Data;
using Blueprint.Data.Directory;
using Blueprint.Data.Geography;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Geography;

/// <summary>How many interventions matching an optional OData $filter serve each area of a kind (all-Wales ones count everywhere).</summary>
internal static class AreaCounts
{
    /// <summary>Area code → count, in catalogue order. Throws <see cref="Microsoft.OData.ODataException"/> for a bad filter.</summary>
    public static async Task<Dictionary<string, int>> CountAsync(BlueprintDb db, AreaLocator geography, string kind, string? filter, CancellationToken ct)
    {
        IQueryable<Intervention> interventions = db.Interventions.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter))
        {
            interventions = GeographyEndpoints.ApplyFilter(interventions, filter);
        }
        var served = await interventions
            .Select(i => new { i.AllWales, Codes = i.Areas.Select(a => a.Code).ToList() })
            .ToListAsync(ct);
        var allWales = served.Count(s => s.AllWales);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var area in geography.Catalog.All.Where(a => a.Kind == kind))
        {
            var members = area.LocalAuthorities.ToHashSet();
            counts[area.Code] = allWales + served.Count(s => !s.AllWales && s.Codes.Any(members.Contains));
        }
        return counts;
    }
}
