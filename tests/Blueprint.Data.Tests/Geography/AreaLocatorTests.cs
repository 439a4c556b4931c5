using Blueprint.Data.Geography;
using NetTopologySuite.IO;

namespace Blueprint.Data.Tests.Geography;

public sealed class AreaLocatorTests
{
    private static AreaLocator Wales => WalesGeography.Locator;

    [Theory]
    [InlineData(51.4816, -3.1791, "W06000015", "VR-CV", "W15000003", "W11000029")] // Cardiff city centre
    [InlineData(53.2274, -4.1293, "W06000002", "VR-NW", "W15000001", "W11000023")] // Bangor
    [InlineData(51.5047, -3.5770, "W06000013", "VR-CTM", "W15000003", "W11000030")] // Bridgend: Cwm Taf Morgannwg since 2019
    [InlineData(52.4153, -4.0829, "W06000008", "VR-MWW", "W15000004", "W11000025")] // Aberystwyth
    [InlineData(51.5842, -2.9977, "W06000022", "VR-GW", "W15000002", "W11000028")] // Newport
    [InlineData(51.6214, -3.9436, "W06000011", "VR-WG", "W15000003", "W11000031")] // Swansea
    public void A_point_lies_in_its_local_authority_and_each_region_force_and_board(double lat, double lon, params string[] codes)
    {
        var found = Wales.AreasAt(lat, lon).Select(a => a.Code).ToList();
        Assert.Equal(codes[0], Wales.LocalAuthorityAt(lat, lon)?.Code);
        Assert.All(codes, c => Assert.Contains(c, found));
        Assert.Contains("W92000004", found);
        Assert.Equal(5, found.Count);
    }

    [Theory]
    [InlineData(51.45, -2.58)] // Bristol
    [InlineData(52.0, -5.5)] // Irish Sea
    public void A_point_outside_Wales_has_no_area(double lat, double lon)
    {
        Assert.Null(Wales.LocalAuthorityAt(lat, lon));
        Assert.Empty(Wales.AreasAt(lat, lon));
    }

    [Fact]
    public void Each_kind_of_area_partitions_the_22_local_authorities()
    {
        var las = WalesGeography.Catalog.LocalAuthorities.Select(a => a.Code).Order().ToList();
        Assert.Equal(22, las.Count);
        foreach (var kind in AreaKinds.All.Where(k => k != AreaKinds.LocalAuthority))
        {
            var members = WalesGeography.Catalog.All.Where(a => a.Kind == kind).SelectMany(a => a.LocalAuthorities).Order().ToList();
            Assert.Equal(las, members);
        }
    }

    [Fact]
    public void A_region_boundary_is_the_union_of_its_local_authorities()
    {
        var north = Wales.ShapeOf("VR-NW")!;
        var sum = WalesGeography.Catalog.Find("VR-NW")!.LocalAuthorities.Sum(c => Wales.ShapeOf(c)!.Area);
        Assert.Equal(sum, north.Area, sum * 0.001);
        Assert.True(north.Covers(Spatial.Point(53.2274, -4.1293)));
        Assert.False(north.Covers(Spatial.Point(51.4816, -3.1791)));
    }

    [Fact]
    public void Local_authorities_within_a_radius_include_the_one_containing_the_point_at_distance_zero()
    {
        var near = Wales.LocalAuthoritiesWithin(51.4816, -3.1791, 10);
        Assert.Equal(0, near["W06000015"]);
        Assert.Contains("W06000014", near.Keys); // Vale of Glamorgan is within 10 km
        Assert.DoesNotContain("W06000002", near.Keys);
    }

    [Fact]
    public void A_newer_ONS_file_with_another_code_property_loads_through_the_same_loader()
    {
        var wkt = new WKTReader();
        var polygon = wkt.Read("POLYGON ((-3.3 51.4, -3.0 51.4, -3.0 51.6, -3.3 51.6, -3.3 51.4))");
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, $$"""
                { "type": "FeatureCollection", "features": [
                  { "type": "Feature", "properties": { "LAD23CD": "W06000015", "LAD23NM": "Cardiff" },
                    "geometry": {{Json(polygon)}} },
                  { "type": "Feature", "properties": { "LAD23CD": "E06000023", "LAD23NM": "Bristol" },
                    "geometry": {{Json(polygon)}} } ] }
                """);
            var loaded = Boundaries.LoadLocalAuthorities(path);
            Assert.Equal(["W06000015"], loaded.Keys);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string Json(NetTopologySuite.Geometries.Geometry g)
    {
        var options = new System.Text.Json.JsonSerializerOptions();
        options.Converters.Add(new NetTopologySuite.IO.Converters.GeoJsonConverterFactory());
        return System.Text.Json.JsonSerializer.Serialize(g, options);
    }

    [Fact]
    public void A_boundary_file_in_British_National_Grid_is_refused_with_a_clear_message()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """
                { "type": "FeatureCollection", "features": [ { "type": "Feature", "properties": { "LAD23CD": "W06000015" },
                  "geometry": { "type": "Polygon", "coordinates": [[[318000,175000],[320000,175000],[320000,177000],[318000,175000]]] } } ] }
                """);
            var error = Assert.Throws<InvalidDataException>(() => Boundaries.LoadLocalAuthorities(path));
            Assert.Contains("WGS 84", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Great_circle_distance_matches_a_known_figure()
    {
        // Cardiff to Swansea city centres: about 55 km as the crow flies.
        Assert.InRange(Spatial.DistanceKm(51.4816, -3.1791, 51.6214, -3.9436), 54, 57);
    }
}
