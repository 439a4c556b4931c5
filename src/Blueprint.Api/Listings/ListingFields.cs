using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Blueprint.Data.Directory;
using Blueprint.Data.Listings;

namespace Blueprint.Api.Listings;

/// <summary>
/// Applies the fields of a JSON body (a POST's whole record, a PATCH's delta) to a listing or a venue record,
/// by the EDM's property names. A field of the wrong type, an unknown field or a read-only one that differs
/// from what is stored is a problem named after the field; annotations (<c>@odata.etag</c>) are ignored.
/// </summary>
public static class ListingFields
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Set by the server only: verification (<c>Verify</c>), deletion, provenance and the version.</summary>
    private static readonly HashSet<string> InterventionReadOnly =
    [
        nameof(Intervention.Id), nameof(Intervention.PublicId), nameof(Intervention.Version), nameof(Intervention.CreatedAt),
        nameof(Intervention.UpdatedAt), nameof(Intervention.LastVerified), nameof(Intervention.VerifiedBy), nameof(Intervention.Source),
        nameof(Intervention.SourceReference), nameof(Intervention.ClosedAt), nameof(Intervention.DistanceKm),
    ];

    private static readonly HashSet<string> InterventionNavigations =
        [nameof(Intervention.Organisation), nameof(Intervention.Venues), nameof(Intervention.VenueRecords)];

    private static readonly HashSet<string> VenueWritable =
    [
        nameof(VenueRecord.Name), nameof(VenueRecord.Address), nameof(VenueRecord.Postcode),
        nameof(VenueRecord.Latitude), nameof(VenueRecord.Longitude), nameof(VenueRecord.Visibility),
    ];

    /// <summary>The <c>Areas</c> field: codes of areas served (a region's or Wales's code stands for its local authorities).</summary>
    public const string Areas = nameof(Intervention.Areas);

    /// <summary>Applies every field but <c>Areas</c> (which needs the database: see <see cref="AreaCodes"/>).</summary>
    public static List<FieldProblem> Apply(Intervention target, JsonObject body) =>
        Apply(target, body, name => !InterventionReadOnly.Contains(name) && !InterventionNavigations.Contains(name) && name != Areas,
            name => InterventionNavigations.Contains(name) || name == Areas);

    /// <summary>Applies a venue's fields; <c>InterventionId</c> only when it is being created (a venue does not move between listings).</summary>
    public static List<FieldProblem> Apply(VenueRecord target, JsonObject body, bool creating) =>
        Apply(target, body, name => VenueWritable.Contains(name) || (creating && name == nameof(VenueRecord.InterventionId)), _ => false);

    /// <summary>The area codes a body names in <c>Areas</c> (null when it does not set them).</summary>
    public static List<string>? AreaCodes(JsonObject body, List<FieldProblem> problems)
    {
        if (!body.TryGetPropertyValue(Areas, out var node))
        {
            return null;
        }
        if (node is null)
        {
            return [];
        }
        if (node is JsonArray array && array.All(n => n is JsonValue v && v.TryGetValue<string>(out _)))
        {
            return [.. array.Select(n => n!.GetValue<string>().Trim())];
        }
        problems.Add(new(Areas, "BadType", "Areas must be a list of area codes, such as [\"W06000015\", \"VR-NW\"].",
            "Rhaid i Areas fod yn rhestr o godau ardal, megis [\"W06000015\", \"VR-NW\"]."));
        return null;
    }

    private static List<FieldProblem> Apply(object target, JsonObject body, Func<string, bool> writable, Func<string, bool> handledElsewhere)
    {
        var problems = new List<FieldProblem>();
        var type = target.GetType();
        foreach (var (name, node) in body)
        {
            if (name.Contains('@', StringComparison.Ordinal) || handledElsewhere(name))
            {
                continue;
            }
            var property = type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance);
            if (property is null || property.SetMethod is null)
            {
                problems.Add(new(name, "UnknownField", $"'{name}' is not a field of this record (names are case-sensitive, as in /odata/$metadata).",
                    $"Nid yw '{name}' yn faes yn y cofnod hwn (mae priflythrennau'n cyfrif mewn enwau, fel yn /odata/$metadata)."));
                continue;
            }
            if (!Read(property, node, out var value))
            {
                var takes = Describe(property.PropertyType);
                problems.Add(new(name, "BadType", $"{name} must be {takes.En}.", $"Rhaid i'r ateb fod yn {takes.Cy}."));
                continue;
            }
            if (!writable(name))
            {
                if (!JsonNode.DeepEquals(JsonSerializer.SerializeToNode(property.GetValue(target), property.PropertyType, Json), JsonSerializer.SerializeToNode(value, property.PropertyType, Json)))
                {
                    var verification = name == nameof(Intervention.LastVerified) || name == nameof(Intervention.VerifiedBy);
                    problems.Add(new(name, "ReadOnly", verification
                        ? $"{name} is set only by confirming the listing is still accurate (POST …/Verify): an edit is not a verification."
                        : $"{name} is set by the server and cannot be changed.",
                        verification
                        ? $"Dim ond drwy gadarnhau bod y rhestriad yn dal yn gywir (POST …/Verify) y caiff {name} ei osod: nid yw golygu'n ei wirio."
                        : $"Y gweinydd sy'n gosod {name}; ni ellir ei newid."));
                }
                continue;
            }
            property.SetValue(target, value);
        }
        return problems;
    }

    private static bool Read(PropertyInfo property, JsonNode? node, out object? value)
    {
        value = null;
        var type = property.PropertyType;
        if (node is null)
        {
            if (type == typeof(List<string>))
            {
                value = new List<string>();
                return true;
            }
            // A required text (Name, Visibility) may be null here: the listing rules say why it cannot be.
            return !type.IsValueType || Nullable.GetUnderlyingType(type) is not null || type == typeof(string);
        }
        try
        {
            value = node.Deserialize(type, Json);
            if (value is List<string> list)
            {
                value = list.Select(s => s?.Trim()).Where(s => !string.IsNullOrEmpty(s)).Distinct().ToList();
            }
            else if (value is string text)
            {
                value = text.Trim() is { Length: > 0 } trimmed ? trimmed : null;
            }
            return value is not List<string> || node is JsonArray;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>What a field of this type takes, in English and in Welsh (after "Rhaid i'r ateb fod yn", so mutated).</summary>
    private static (string En, string Cy) Describe(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(string) => ("text", "ddestun"),
        var t when t == typeof(int) || t == typeof(long) => ("a whole number", "rhif cyfan"),
        var t when t == typeof(double) => ("a number", "rhif"),
        var t when t == typeof(bool) => ("true or false", "true neu false"),
        var t when t == typeof(DateOnly) => ("a date (yyyy-mm-dd)", "ddyddiad (bbbb-mm-dd)"),
        var t when t == typeof(List<string>) => ("a list of codes", "rhestr o godau"),
        _ => ("a value of another type", "werth o fath arall"),
    };
}
