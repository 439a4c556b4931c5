using System.Collections.Concurrent;
using Blueprint.Api.Interventions;
using Blueprint.Data.Directory;
using Blueprint.Data.Geography;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Blueprint.Api.ReadModel;

/// <summary>
/// The public face of the directory at one data version, in memory: every listing that is not deleted
/// (overdue ones included: who may see those is decided per request, by date, see <see cref="ReaderView"/>),
/// with its organisation, areas and public venue faces (never a venue record), plus the indexes searches
/// need. Built whole by <see cref="SnapshotBuilder"/> and never changed after it is published: readers
/// share it without locks.
/// </summary>
public sealed class DirectorySnapshot
{
    private readonly Dictionary<string, Intervention[]> byLocalAuthority;
    private readonly Intervention[] allWales;
    private readonly Dictionary<int, Intervention> byId;
    private readonly STRtree<(int InterventionId, double Latitude, double Longitude)> points;
    private readonly Dictionary<string, int[]> approximateByArea;
    /// <summary>Area code → its listings (all-Wales ones included), made the first time the code is asked for.</summary>
    private readonly ConcurrentDictionary<string, Intervention[]> byArea = new(StringComparer.Ordinal);

    internal DirectorySnapshot(long version, long localCommits, Intervention[] interventions,
        STRtree<(int, double, double)> points, Dictionary<string, int[]> approximateByArea, TimeSpan buildTime)
    {
        Version = version;
        LocalCommits = localCommits;
        Interventions = interventions;
        BuildTime = buildTime;
        this.points = points;
        this.approximateByArea = approximateByArea;
        byId = interventions.ToDictionary(i => i.Id);
        allWales = interventions.Where(i => i.AllWales).ToArray();
        byLocalAuthority = interventions
            .SelectMany(i => i.Areas.Select(a => (a.Code, Intervention: i)))
            .GroupBy(p => p.Code, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Intervention).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The data version the snapshot was read at.</summary>
    public long Version { get; }

    /// <summary>This process's versioned commits counted before the build began reading (see <see cref="ReadModel.LocalCommits"/>).</summary>
    public long LocalCommits { get; }

    /// <summary>Every listing that is not deleted, by id.</summary>
    public Intervention[] Interventions { get; }

    public TimeSpan BuildTime { get; }

    /// <summary>
    /// Listings serving any of <paramref name="localAuthorities"/> (the local authorities of area
    /// <paramref name="code"/>) or all of Wales, by id: the same rows as the database's InArea.
    /// </summary>
    public Intervention[] InArea(string code, IReadOnlyList<string> localAuthorities) => byArea.GetOrAdd(code, _ =>
    {
        var rows = new HashSet<Intervention>(allWales);
        foreach (var la in localAuthorities)
        {
            if (byLocalAuthority.TryGetValue(la, out var served))
            {
                rows.UnionWith(served);
            }
        }
        return [.. rows.OrderBy(i => i.Id)];
    });

    /// <summary>
    /// Intervention id → distance in km to its nearest public venue within the radius, as
    /// <see cref="DistanceSearch.NearestAsync"/> computes it (exact venues by point, approximate ones by
    /// their local authority's boundary), for the listings <paramref name="visible"/> lets through.
    /// </summary>
    public Dictionary<int, double> Nearest(AreaLocator geography, double latitude, double longitude, double radiusKm, Func<Intervention, bool> visible)
    {
        var box = Data.Geography.Spatial.BoundingBox(latitude, longitude, radiusKm);
        var nearest = new Dictionary<int, double>();
        void Offer(int id, double km)
        {
            if (km <= radiusKm && (!nearest.TryGetValue(id, out var best) || km < best) && visible(byId[id]))
            {
                nearest[id] = km;
            }
        }
        foreach (var (id, lat, lon) in points.Query(new Envelope(box.MinLon, box.MaxLon, box.MinLat, box.MaxLat)))
        {
            if (lat >= box.MinLat && lat <= box.MaxLat && lon >= box.MinLon && lon <= box.MaxLon)
            {
                Offer(id, Data.Geography.Spatial.DistanceKm(latitude, longitude, lat, lon));
            }
        }
        foreach (var (code, km) in geography.LocalAuthoritiesWithin(latitude, longitude, radiusKm))
        {
            foreach (var id in approximateByArea.GetValueOrDefault(code) ?? [])
            {
                Offer(id, km);
            }
        }
        return nearest.Count <= DistanceSearch.MaxResults ? nearest : nearest.OrderBy(p => p.Value).Take(DistanceSearch.MaxResults).ToDictionary();
    }

    public Intervention this[int id] => byId[id];

    private static readonly Func<object, object> ShallowCopy = typeof(object)
        .GetMethod("MemberwiseClone", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!
        .CreateDelegate<Func<object, object>>();

    /// <summary>A shallow copy of a shared row, for a request that sets something of its own on it (a distance).</summary>
    public static Intervention Copy(Intervention row) => (Intervention)ShallowCopy(row);
}
