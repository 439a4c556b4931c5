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
    private readonly STRtree<PointListings> points;
    private readonly Dictionary<string, int[]> approximateByArea;
    /// <summary>Area code → its listings (all-Wales ones included), made the first time the code is asked for.</summary>
    private readonly ConcurrentDictionary<string, Intervention[]> byArea = new(StringComparer.Ordinal);

    internal DirectorySnapshot(long version, long localCommits, Intervention[] interventions,
        STRtree<PointListings> points, Dictionary<string, int[]> approximateByArea, FacetIndex facets, TimeSpan buildTime)
    {
        Version = version;
        LocalCommits = localCommits;
        Interventions = interventions;
        BuildTime = buildTime;
        this.points = points;
        this.approximateByArea = approximateByArea;
        byId = interventions.ToDictionary(i => i.Id);
        Facets = facets;
        allWales = interventions.Where(i => i.AllWales).ToArray();
        byLocalAuthority = interventions
            .SelectMany(i => i.Areas.Select(a => (a.Code, Intervention: i)))
            .GroupBy(p => p.Code, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Intervention).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The listings by value and in the order of a property, for filters answered by sets.</summary>
    internal FacetIndex Facets { get; }

    /// <summary>The data version the snapshot was read at.</summary>
    public long Version { get; }

    /// <summary>This process's versioned commits counted before the build began reading (see <see cref="ReadModel.LocalCommits"/>).</summary>
    public long LocalCommits { get; }

    /// <summary>Every listing that is not deleted, by id.</summary>
    public Intervention[] Interventions { get; }

    public TimeSpan BuildTime { get; }

    /// <summary>Something derived from this snapshot's listings, made on first use and kept for the snapshot's life (the markers' name order).</summary>
    public T Memo<T>(string key, Func<DirectorySnapshot, T> make) where T : class => (T)memos.GetOrAdd(key, _ => make(this));

    private readonly ConcurrentDictionary<string, object> memos = new(StringComparer.Ordinal);

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
    /// The listings with a public venue within the radius that <paramref name="visible"/> lets through, each with
    /// the distance in km to its nearest such venue, as <see cref="DistanceSearch.NearestAsync"/> computes it (exact
    /// venues by point, approximate ones by their local authority's boundary): nearest first (by distance to the
    /// metre, then id), at most <see cref="DistanceSearch.MaxResults"/>.
    /// </summary>
    /// <param name="limit">When given, only the first this many are wanted (and returned).</param>
    public (int Id, double Km)[] Nearest(AreaLocator geography, double latitude, double longitude, double radiusKm, Func<Intervention, bool> visible, int? limit = null)
    {
        var box = Data.Geography.Spatial.BoundingBox(latitude, longitude, radiusKm);
        using var best = new BestDistances(this, radiusKm, visible);
        points.Query(new Envelope(box.MinLon, box.MaxLon, box.MinLat, box.MaxLat), new Visitor(point =>
        {
            if (point.Latitude >= box.MinLat && point.Latitude <= box.MaxLat && point.Longitude >= box.MinLon && point.Longitude <= box.MaxLon)
            {
                var km = Data.Geography.Spatial.DistanceKm(latitude, longitude, point.Latitude, point.Longitude);
                foreach (var at in point.Positions)
                {
                    best.Offer(at, km);
                }
            }
        }));
        foreach (var (code, km) in ApproximateAreasWithin(geography, latitude, longitude, radiusKm))
        {
            foreach (var at in approximateByArea[code])
            {
                best.Offer(at, km);
            }
        }
        var found = best.Found();
        if (found.Length > DistanceSearch.MaxResults)
        {
            Array.Sort(found, (a, b) => a.Km.CompareTo(b.Km));
            found = found[..DistanceSearch.MaxResults];
        }
        if (limit is { } n && found.Length > n)
        {
            // Only the first n are wanted: keep the n nearest seen so far (the farthest of them on top), not a sort of all.
            var kept = new PriorityQueue<(int At, double Km), (int At, double Km)>(n + 1, Comparer<(int At, double Km)>.Create((a, b) => NearestFirst(b, a)));
            foreach (var row in found)
            {
                kept.Enqueue(row, row);
                if (kept.Count > n)
                {
                    kept.Dequeue();
                }
            }
            found = [.. kept.UnorderedItems.Select(item => item.Element)];
        }
        Array.Sort(found, NearestFirst);
        // Positions are in id order, so the order by position is the order by id; only the rows kept are read for their id.
        var nearest = new (int Id, double Km)[found.Length];
        for (var i = 0; i < found.Length; i++)
        {
            nearest[i] = (Interventions[found[i].At].Id, found[i].Km);
        }
        return nearest;
    }

    /// <summary>Searches asked again (the same point and radius: a town, a postcode) skip the boundary distances, the costly part.</summary>
    private readonly ConcurrentDictionary<(double, double, double), IReadOnlyDictionary<string, double>> areasWithin = new();

    /// <summary>The local authorities with approximate venues within the radius, and their distance (to the boundary; 0 inside).</summary>
    private IReadOnlyDictionary<string, double> ApproximateAreasWithin(AreaLocator geography, double latitude, double longitude, double radiusKm)
    {
        if (approximateByArea.Count == 0)
        {
            return new Dictionary<string, double>();
        }
        var key = (latitude, longitude, radiusKm);
        if (areasWithin.TryGetValue(key, out var known))
        {
            return known;
        }
        if (areasWithin.Count >= 4_096)
        {
            areasWithin.Clear();
        }
        return areasWithin[key] = geography.LocalAuthoritiesWithin(latitude, longitude, radiusKm, approximateByArea.ContainsKey);
    }

    /// <summary>Nearest first by the distance to the metre (as answers show it), then by id.</summary>
    /// <summary>By distance to the metre, then by position in the snapshot (which is id order).</summary>
    private static int NearestFirst((int At, double Km) a, (int At, double Km) b) =>
        Math.Round(a.Km, 3).CompareTo(Math.Round(b.Km, 3)) is var byKm and not 0 ? byKm : a.At.CompareTo(b.At);

    private sealed class Visitor(Action<PointListings> visit) : NetTopologySuite.Index.IItemVisitor<PointListings>
    {
        public void VisitItem(PointListings item) => visit(item);
    }

    /// <summary>
    /// The best distance so far of each listing offered, by its position in the snapshot, for one search, in
    /// arrays lent by the shared pool: thousands of venues in range cost no dictionary. The visibility check
    /// runs once a listing.
    /// </summary>
    private sealed class BestDistances : IDisposable
    {
        private const byte Unseen = 0, InRange = 1, Hidden = 2;
        private readonly DirectorySnapshot snapshot;
        private readonly double radiusKm;
        private readonly Func<Intervention, bool> visible;
        private readonly double[] best;
        private readonly byte[] state;
        private readonly int[] touched;
        private int touchedCount;
        private int found;

        public BestDistances(DirectorySnapshot snapshot, double radiusKm, Func<Intervention, bool> visible)
        {
            this.snapshot = snapshot;
            this.radiusKm = radiusKm;
            this.visible = visible;
            best = System.Buffers.ArrayPool<double>.Shared.Rent(snapshot.Interventions.Length);
            state = System.Buffers.ArrayPool<byte>.Shared.Rent(snapshot.Interventions.Length);
            touched = System.Buffers.ArrayPool<int>.Shared.Rent(snapshot.Interventions.Length);
            Array.Clear(state, 0, snapshot.Interventions.Length);
        }

        public void Offer(int at, double km)
        {
            if (km > radiusKm)
            {
                return;
            }
            switch (state[at])
            {
                case InRange when km < best[at]:
                    best[at] = km;
                    break;
                case Unseen:
                    touched[touchedCount++] = at;
                    if (visible(snapshot.Interventions[at]))
                    {
                        found++;
                        state[at] = InRange;
                        best[at] = km;
                    }
                    else
                    {
                        state[at] = Hidden;
                    }
                    break;
            }
        }

        /// <summary>Each listing in range by its position in the snapshot (not its id: reading the id would touch every listing).</summary>
        public (int At, double Km)[] Found()
        {
            var rows = new (int At, double Km)[found];
            var n = 0;
            foreach (var at in touched.AsSpan(0, touchedCount))
            {
                if (state[at] == InRange)
                {
                    rows[n++] = (at, best[at]);
                }
            }
            return rows;
        }

        public void Dispose()
        {
            System.Buffers.ArrayPool<double>.Shared.Return(best);
            System.Buffers.ArrayPool<byte>.Shared.Return(state);
            System.Buffers.ArrayPool<int>.Shared.Return(touched);
        }
    }

    public Intervention this[int id] => byId[id];

    private static readonly Func<object, object> ShallowCopy = typeof(object)
        .GetMethod("MemberwiseClone", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!
        .CreateDelegate<Func<object, object>>();

    /// <summary>A shallow copy of a shared row, for a request that sets something of its own on it (a distance).</summary>
    public static Intervention Copy(Intervention row) => (Intervention)ShallowCopy(row);
}

/// <summary>One point where exact venues are, and the positions (in <see cref="DirectorySnapshot.Interventions"/>) of the listings with a venue there.</summary>
internal sealed record PointListings(double Latitude, double Longitude, int[] Positions);
