using Blueprint.Data;
using Blueprint.Data.Directory;
using Blueprint.Data.Geography;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Interventions;

/// <summary>
/// Portable distance search: an indexed latitude/longitude box in SQL (the same on SQLite and SQL
/// Server), then the exact great-circle distance in memory; approximate venues by their area's
/// boundary (NetTopologySuite). See docs/decisions/0002-portable-spatial.md.
/// </summary>
public static class DistanceSearch
{
    public const double MaxRadiusKm = 100;
    /// <summary>More than this many interventions in range is a question for region search, not distance.</summary>
    public const int MaxResults = 5_000;

    /// <returns>Intervention id → distance in km to its nearest matching venue.</returns>
    public static async Task<Dictionary<int, double>> NearestAsync(BlueprintDb db, AreaLocator geography, double latitude, double longitude, double radiusKm, CancellationToken ct)
    {
        var box = Spatial.BoundingBox(latitude, longitude, radiusKm);
        var areas = geography.LocalAuthoritiesWithin(latitude, longitude, radiusKm);
        var areaCodes = areas.Keys.ToArray();

        // Only venues of listings this caller sees (deleted and hidden-overdue ones left out by the listings' query
        // filters): one of those among the nearest would otherwise take a row of a $top page and then not be loaded.
        var seen = db.Venues.Where(v => db.Interventions.Any(i => i.Id == v.InterventionId));
        var candidates = await VenuesInBox(seen, box, areaCodes)
            .Select(v => new { v.InterventionId, v.Visibility, v.Latitude, v.Longitude, v.AreaCode })
            .ToListAsync(ct);

        var nearest = new Dictionary<int, double>();
        foreach (var v in candidates)
        {
            double km;
            if (v.Visibility == VenueVisibility.Exact && v.Latitude is { } lat && v.Longitude is { } lon)
            {
                km = Spatial.DistanceKm(latitude, longitude, lat, lon);
            }
            else if (v.Visibility == VenueVisibility.Approximate && v.AreaCode is { } code && areas.TryGetValue(code, out var areaKm))
            {
                km = areaKm;
            }
            else
            {
                continue;
            }
            if (km <= radiusKm && (!nearest.TryGetValue(v.InterventionId, out var best) || km < best))
            {
                nearest[v.InterventionId] = km;
            }
        }
        return nearest.Count <= MaxResults ? nearest : nearest.OrderBy(p => p.Value).Take(MaxResults).ToDictionary();
    }

    /// <summary>The SQL part: exact venues inside the box (index on latitude, longitude) and approximate venues of nearby areas.</summary>
    public static IQueryable<Venue> VenuesInBox(IQueryable<Venue> venues, (double MinLat, double MaxLat, double MinLon, double MaxLon) box, string[] areaCodes) =>
        venues.Where(v =>
            (v.Visibility == VenueVisibility.Exact
                && v.Latitude >= box.MinLat && v.Latitude <= box.MaxLat
                && v.Longitude >= box.MinLon && v.Longitude <= box.MaxLon)
            || (v.Visibility == VenueVisibility.Approximate && areaCodes.Contains(v.AreaCode!)));
}
