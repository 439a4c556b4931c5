using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Operation.Distance;
using NetTopologySuite.Operation.Union;

namespace Blueprint.Data.Geography;

/// <summary>
/// Wales's geography in memory: the areas, their boundaries (regions as unions of their local
/// authorities) and the point-to-area lookup. Built once at start-up; every method is thread-safe.
/// A region's union is costly (seconds for all of them), so each is made on first use: start-up loads
/// and indexes only the local authorities, which every lookup needs.
/// </summary>
public sealed class AreaLocator
{
    private readonly STRtree<(Area Area, IPreparedGeometry Shape)> index = new();
    private readonly Dictionary<string, Geometry> shapes = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Lazy<Geometry>> unions = new(StringComparer.OrdinalIgnoreCase);

    public AreaLocator(AreaCatalog catalog, IReadOnlyDictionary<string, Geometry> localAuthorityBoundaries)
    {
        Catalog = catalog;
        foreach (var la in catalog.LocalAuthorities)
        {
            if (!localAuthorityBoundaries.TryGetValue(la.Code, out var shape))
            {
                throw new InvalidDataException($"The boundary file has no boundary for {la.NameEn} ({la.Code}).");
            }
            shapes[la.Code] = shape;
            index.Insert(shape.EnvelopeInternal, (la, PreparedGeometryFactory.Prepare(shape)));
        }
        index.Build();
        foreach (var area in catalog.All.Where(a => a.Kind != AreaKinds.LocalAuthority))
        {
            var parts = area.LocalAuthorities.Select(c => shapes[c]).ToList();
            unions[area.Code] = new Lazy<Geometry>(() => CascadedPolygonUnion.Union(parts), LazyThreadSafetyMode.ExecutionAndPublication);
        }
    }

    public AreaCatalog Catalog { get; }

    /// <summary>The boundary of any area (a region's is the union of its local authorities).</summary>
    public Geometry? ShapeOf(string code) =>
        shapes.TryGetValue(code, out var shape) ? shape : unions.TryGetValue(code, out var union) ? union.Value : null;

    /// <summary>The local authority containing the point, or null outside Wales.</summary>
    public Area? LocalAuthorityAt(double latitude, double longitude)
    {
        var point = Spatial.Point(latitude, longitude);
        foreach (var (area, shape) in index.Query(point.EnvelopeInternal))
        {
            if (shape.Covers(point))
            {
                return area;
            }
        }
        return null;
    }

    /// <summary>Every area containing the point: its local authority and each region, force area and board it belongs to.</summary>
    public IReadOnlyList<Area> AreasAt(double latitude, double longitude)
    {
        var la = LocalAuthorityAt(latitude, longitude);
        return la is null ? [] : Catalog.All.Where(a => a.LocalAuthorities.Contains(la.Code)).ToList();
    }

    /// <summary>
    /// Distance in km from a point to the nearest edge of each local authority within <paramref name="radiusKm"/>
    /// (0 inside it): how approximate venues, known only by their area, are matched by distance.
    /// </summary>
    /// <param name="wanted">When given, only these local authorities are measured (the distance to a boundary is the costly part).</param>
    public IReadOnlyDictionary<string, double> LocalAuthoritiesWithin(double latitude, double longitude, double radiusKm, Func<string, bool>? wanted = null)
    {
        var point = Spatial.Point(latitude, longitude);
        var box = Spatial.BoundingBox(latitude, longitude, radiusKm);
        var envelope = new Envelope(box.MinLon, box.MaxLon, box.MinLat, box.MaxLat);
        var result = new Dictionary<string, double>();
        foreach (var (area, shape) in index.Query(envelope))
        {
            if (wanted is not null && !wanted(area.Code))
            {
                continue;
            }
            double km;
            if (shape.Covers(point))
            {
                km = 0;
            }
            else
            {
                var nearest = DistanceOp.NearestPoints(shape.Geometry, point);
                km = Spatial.DistanceKm(nearest[0].Y, nearest[0].X, latitude, longitude);
            }
            if (km <= radiusKm)
            {
                result[area.Code] = km;
            }
        }
        return result;
    }
}
