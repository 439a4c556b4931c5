using System.Text.Json;
using System.Text.Json.Nodes;
using Blueprint.Data.Geography;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using NetTopologySuite.Precision;

namespace Blueprint.Api.Geography;

/// <summary>
/// Simplified area outlines as GeoJSON geometry, made once per area on first use (simplifying every outline
/// takes seconds, so it stays off the start-up path; <see cref="GeographyWarmUp"/> makes them after start).
/// </summary>
public sealed class AreaShapes
{
    private static readonly PrecisionModel Grid = new(10_000);

    private readonly Dictionary<string, Lazy<(string Geometry, double LabelLat, double LabelLon)>> shapes = new();

    public AreaShapes(AreaLocator geography)
    {
        var options = new JsonSerializerOptions();
        options.Converters.Add(new GeoJsonConverterFactory(Spatial.Factory));
        foreach (var area in geography.Catalog.All)
        {
            shapes[area.Code] = new(() =>
            {
                var shape = geography.ShapeOf(area.Code)!;
                // Four decimals (about 10 m) is far finer than the 100 m simplification and halves the bytes.
                var simplified = GeometryPrecisionReducer.Reduce(Boundaries.Simplified(shape), Grid);
                var label = shape.InteriorPoint;
                return (JsonSerializer.Serialize(simplified, options), Math.Round(label.Y, 5), Math.Round(label.X, 5));
            }, LazyThreadSafetyMode.ExecutionAndPublication);
        }
    }

    public JsonNode Geometry(string code) => JsonNode.Parse(shapes[code].Value.Geometry)!;

    public (double Latitude, double Longitude) Label(string code) => (shapes[code].Value.LabelLat, shapes[code].Value.LabelLon);
}
