using System.Text.Json;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using NetTopologySuite.Simplify;

namespace Blueprint.Data.Geography;

/// <summary>
/// Local-authority boundaries loaded from a GeoJSON file of ONS boundaries (WGS 84). The code of each
/// feature is taken from its first property ending in "CD" whose value is a Welsh local-authority code
/// (LAD13CD in the shipped file, LAD23CD or similar in newer ONS downloads).
/// </summary>
public static class Boundaries
{
    public static Dictionary<string, Geometry> LoadLocalAuthorities(string path)
    {
        var options = new JsonSerializerOptions();
        options.Converters.Add(new GeoJsonConverterFactory(Spatial.Factory));
        FeatureCollection? features;
        using (var stream = File.OpenRead(path))
        {
            features = JsonSerializer.Deserialize<FeatureCollection>(stream, options);
        }
        if (features is null || features.Count == 0)
        {
            throw new InvalidDataException($"The boundary file {path} holds no features.");
        }

        var result = new Dictionary<string, Geometry>(StringComparer.OrdinalIgnoreCase);
        foreach (var feature in features)
        {
            var code = CodeOf(feature);
            if (code is null)
            {
                continue;
            }
            var env = feature.Geometry.EnvelopeInternal;
            if (env.MinX < -180 || env.MaxX > 180 || env.MinY < -90 || env.MaxY > 90)
            {
                throw new InvalidDataException(
                    $"The boundary file {path} is not in longitude/latitude (WGS 84); download the GeoJSON in WGS 84 from the ONS Open Geography Portal.");
            }
            var geometry = feature.Geometry.IsValid ? feature.Geometry : feature.Geometry.Buffer(0);
            geometry.SRID = Spatial.Srid;
            result[code] = geometry;
        }
        if (result.Count == 0)
        {
            throw new InvalidDataException($"The boundary file {path} has no feature with a Welsh local-authority code (W06…).");
        }
        return result;
    }

    private static string? CodeOf(IFeature feature)
    {
        foreach (var name in feature.Attributes.GetNames())
        {
            if (name.EndsWith("CD", StringComparison.OrdinalIgnoreCase)
                && feature.Attributes[name] is string value
                && value.StartsWith("W06", StringComparison.OrdinalIgnoreCase))
            {
                return value.ToUpperInvariant();
            }
        }
        return null;
    }

    /// <summary>A lighter outline for drawing (about 100 m tolerance), never collapsing a part.</summary>
    public static Geometry Simplified(Geometry geometry, double toleranceDegrees = 0.001) =>
        TopologyPreservingSimplifier.Simplify(geometry, toleranceDegrees);
}
