using System.Text.Json;
using System.Text.Json.Nodes;
using Blueprint.Data.Geography;
using NetTopologySuite.IO.Converters;

namespace Blueprint.Api.Geography;

/// <summary>Simplified area outlines as GeoJSON geometry, made once per area at start-up.</summary>
public sealed class AreaShapes
{
    private readonly Dictionary<string, (string Geometry, double LabelLat, double LabelLon)> shapes = new();

    public AreaShapes(AreaLocator geography)
    {
        var options = new JsonSerializerOptions();
        options.Converters.Add(new GeoJsonConverterFactory(Spatial.Factory));
        foreach (var area in geography.Catalog.All)
        {
            var shape = geography.ShapeOf(area.Code)!;
            var simplified = Boundaries.Simplified(shape);
            var label = shape.InteriorPoint;
            shapes[area.Code] = (JsonSerializer.Serialize(simplified, options), Math.Round(label.Y, 5), Math.Round(label.X, 5));
        }
    }

    public JsonNode Geometry(string code) => JsonNode.Parse(shapes[code].Geometry)!;

    public (double Latitude, double Longitude) Label(string code) => (shapes[code].LabelLat, shapes[code].LabelLon);
}
