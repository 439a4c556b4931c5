using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace Blueprint.Data.Geography;

/// <summary>The one spatial reference used everywhere: WGS 84 (SRID 4326), X = longitude, Y = latitude.</summary>
public static class Spatial
{
    public const int Srid = 4326;
    public const double EarthRadiusKm = 6371.0088;

    public static readonly GeometryFactory Factory =
        NtsGeometryServices.Instance.CreateGeometryFactory(new PrecisionModel(), Srid);

    public static Point Point(double latitude, double longitude) => Factory.CreatePoint(new Coordinate(longitude, latitude));

    /// <summary>Great-circle distance in kilometres (haversine; within 0.5% of the ellipsoid).</summary>
    public static double DistanceKm(double lat1, double lon1, double lat2, double lon2)
    {
        const double rad = Math.PI / 180;
        var dLat = (lat2 - lat1) * rad;
        var dLon = (lon2 - lon1) * rad;
        var a = Math.Pow(Math.Sin(dLat / 2), 2) + Math.Cos(lat1 * rad) * Math.Cos(lat2 * rad) * Math.Pow(Math.Sin(dLon / 2), 2);
        return 2 * EarthRadiusKm * Math.Asin(Math.Sqrt(a));
    }

    /// <summary>
    /// The latitude/longitude box that contains every point within <paramref name="radiusKm"/> of a point:
    /// the prefilter an index can answer before the exact distance is computed.
    /// </summary>
    public static (double MinLat, double MaxLat, double MinLon, double MaxLon) BoundingBox(double latitude, double longitude, double radiusKm)
    {
        var dLat = radiusKm / EarthRadiusKm * 180 / Math.PI;
        var cos = Math.Max(Math.Cos(latitude * Math.PI / 180), 0.01);
        var dLon = dLat / cos;
        return (latitude - dLat, latitude + dLat, longitude - dLon, longitude + dLon);
    }
}
