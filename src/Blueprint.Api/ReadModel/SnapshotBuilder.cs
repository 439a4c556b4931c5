using System.Diagnostics;
using Blueprint.Data;
using Blueprint.Data.Directory;
using Blueprint.Data.Freshness;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Blueprint.Api.ReadModel;

/// <summary>
/// Reads the public face of the directory into a <see cref="DirectorySnapshot"/>: organisations, listings
/// that are not deleted, their area links and their venues' public faces (the <c>Venue</c> table, which
/// holds nothing confidential: decision 0003). Four plain reads, no joins, shared objects for areas and
/// organisations. Consistent without a snapshot transaction: the data version is read before and after,
/// and a build that straddled a commit (every public write moves the version in its own transaction,
/// decision 0009) is discarded and read again.
/// </summary>
public static class SnapshotBuilder
{
    private const int Attempts = 5;

    /// <param name="db">A context with no per-request visibility set (a background scope): it sees every listing that is not deleted.</param>
    public static async Task<DirectorySnapshot> BuildAsync(BlueprintDb db, long localCommits, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var clock = Stopwatch.StartNew();
            var before = await VersionAsync(db, ct);
            var snapshot = await ReadAsync(db, before, localCommits, clock, ct);
            if (await VersionAsync(db, ct) == before || attempt == Attempts)
            {
                // After several straddled builds, the last one is served and the next change signal rebuilds it.
                return snapshot;
            }
        }
    }

    internal static Task<long> VersionAsync(BlueprintDb db, CancellationToken ct) =>
        db.DataVersions.AsNoTracking().Where(v => v.Id == DataVersionRow.SingleId).Select(v => v.Value).FirstOrDefaultAsync(ct);

    private static async Task<DirectorySnapshot> ReadAsync(BlueprintDb db, long version, long localCommits, Stopwatch clock, CancellationToken ct)
    {
        var areas = await db.Areas.AsNoTracking().ToDictionaryAsync(a => a.Code, StringComparer.Ordinal, ct);
        var organisations = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, ct);
        var interventions = await db.Interventions.AsNoTracking().OrderBy(i => i.Id).ToArrayAsync(ct);
        var links = await db.Set<Dictionary<string, object>>("InterventionArea")
            .Select(j => new { Id = EF.Property<int>(j, "InterventionId"), Code = EF.Property<string>(j, "AreaCode") })
            .OrderBy(j => j.Id).ThenBy(j => j.Code)
            .ToListAsync(ct);
        var venues = await db.Venues.AsNoTracking().OrderBy(v => v.InterventionId).ThenBy(v => v.PublicId).ToListAsync(ct);

        var byId = new Dictionary<int, Intervention>(interventions.Length);
        var position = new Dictionary<int, int>(interventions.Length);
        foreach (var organisation in organisations.Values)
        {
            organisation.Interventions = [];
            // Not part of the public model; left at its default rather than carried.
            organisation.EditsWaitForApproval = default;
        }
        for (var n = 0; n < interventions.Length; n++)
        {
            var i = interventions[n];
            byId[i.Id] = i;
            position[i.Id] = n;
            i.Organisation = organisations[i.OrganisationId];
            i.Organisation.Interventions.Add(i);
            i.Areas = [];
            i.Venues = [];
        }
        foreach (var link in links)
        {
            if (byId.TryGetValue(link.Id, out var i) && areas.TryGetValue(link.Code, out var area))
            {
                i.Areas.Add(area);
            }
        }
        // Venues at one point (a town's centre, a shared building) are one entry, with every listing there.
        var atPoint = new Dictionary<(double, double), List<int>>();
        var approximate = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var venue in venues)
        {
            // Venues of deleted listings are not shown through any listing: they stay out.
            if (!byId.TryGetValue(venue.InterventionId, out var i))
            {
                continue;
            }
            i.Venues.Add(venue);
            if (venue.Visibility == VenueVisibility.Exact && venue.Latitude is { } lat && venue.Longitude is { } lon)
            {
                if (!atPoint.TryGetValue((lat, lon), out var here))
                {
                    atPoint[(lat, lon)] = here = [];
                }
                here.Add(position[i.Id]);
            }
            else if (venue.Visibility == VenueVisibility.Approximate && venue.AreaCode is { } code)
            {
                if (!approximate.TryGetValue(code, out var ids))
                {
                    approximate[code] = ids = [];
                }
                if (ids.Count == 0 || ids[^1] != position[i.Id])
                {
                    ids.Add(position[i.Id]);
                }
            }
        }
        var points = new STRtree<PointListings>();
        foreach (var ((lat, lon), ids) in atPoint)
        {
            points.Insert(new Envelope(lon, lon, lat, lat), new PointListings(lat, lon, [.. ids.Distinct()]));
        }
        points.Build();
        var facets = new FacetIndex(interventions);
        return new DirectorySnapshot(version, localCommits, interventions, points,
            approximate.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal), facets, clock.Elapsed);
    }
}
