using System.Text.Json;
using System.Text.Json.Nodes;
using Blueprint.Data.Geography;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using NetTopologySuite.Precision;

namespace Blueprint.Api.Geography;

/// <summary>Simplified area outlines as GeoJSON geometry, made once per area at start-up.</summary>
public sealed class AreaShapes
{
    private static readonly PrecisionModel Grid = new(10_000);

    private readonly Dictionary<string, (string Geometry, double LabelLat, double LabelLon)> shapes = new();

    public AreaShapes(AreaLocator geography)
    {
        var options = new JsonSerializerOptions();
        options.Converters.Add(new GeoJsonConverterFactory(Spatial.Factory));
        foreach (var area in geography.Catalog.All)
        {
            var shape = geography.ShapeOf(area.Code)!;
            // Four decimals (about 10 m) is far finer than the 100 m simplification and halves the bytes.
            var simplified = GeometryPrecisionReducer.Reduce(Boundaries.Simplified(shape), Grid);
            var label = shape.InteriorPoint;
            shapes[area.Code] = (JsonSerializer.Serialize(simplified, options), Math.Round(label.Y, 5), Math.Round(label.X, 5));
        }
    }

    public JsonNode Geometry(string code) => JsonNode.Parse(shapes[code].Geometry)!;

    public (double Latitude, double Longitude) Label(string code) => (shapes[code].LabelLat, shapes[code].LabelLon);
}
