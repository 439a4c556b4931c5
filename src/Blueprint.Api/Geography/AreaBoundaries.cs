using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Blueprint.Data.Geography;

namespace Blueprint.Api.Geography;

/// <summary>
/// The outlines of every kind of area as ready-made GeoJSON bytes with a strong ETag (a hash of the bytes),
/// made once, on first use or by <see cref="GeographyWarmUp"/> after start: the map fetches them once and asks for counts separately.
/// </summary>
public sealed class AreaBoundaries
{
    private readonly Dictionary<string, (byte[] Body, string ETag)> collections = new(StringComparer.Ordinal);

    public AreaBoundaries(AreaLocator geography, AreaShapes shapes)
    {
        foreach (var kind in AreaKinds.All)
        {
            var features = new JsonArray();
            foreach (var area in geography.Catalog.All.Where(a => a.Kind == kind))
            {
                var (labelLat, labelLon) = shapes.Label(area.Code);
                features.Add(new JsonObject
                {
                    ["type"] = "Feature",
                    ["id"] = area.Code,
                    ["geometry"] = shapes.Geometry(area.Code),
                    ["properties"] = new JsonObject
                    {
                        ["code"] = area.Code, ["kind"] = area.Kind, ["nameEn"] = area.NameEn, ["nameCy"] = area.NameCy,
                        ["labelLatitude"] = labelLat, ["labelLongitude"] = labelLon,
                    },
                });
            }
            var body = System.Text.Encoding.UTF8.GetBytes(new JsonObject
            {
                ["type"] = "FeatureCollection",
                ["attribution"] = DataFiles.BoundaryAttribution,
                ["features"] = features,
            }.ToJsonString());
            collections[kind] = (body, $"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..20]}\"");
        }
    }

    public (byte[] Body, string ETag)? Of(string kind) => collections.TryGetValue(kind, out var c) ? c : null;
}
