using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Blueprint.Api.Tests.OpenReferral;

/// <summary>
/// The ORUK 3.0 JSON Schemas copied beside these tests (schema/, CC BY-SA 4.0, see its README), evaluated
/// with JsonSchema.Net with <c>format</c> enforced (uuid, uri, email, date-time), as the public validator does.
/// </summary>
public static class OrukSchemas
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "OpenReferral", "schema");

    /// <summary>JSON Schema 2020-12 (the profile's jsonSchemaDialect); the schemas' descriptive keywords (name, example, core …) are annotations.</summary>
    private static readonly Dialect Draft202012 = Dialect.Draft202012.With([], null, null, true);

    private static readonly EvaluationOptions Options = new() { RequireFormatValidation = true, OutputFormat = OutputFormat.List };

    public static readonly JsonSchema Service = Compiled("service");
    public static readonly JsonSchema ServiceList = Compiled("service_list");
    public static readonly JsonSchema Organization = Compiled("organization");
    public static readonly JsonSchema OrganizationList = Compiled("organization_list");
    public static readonly JsonSchema ServiceAtLocation = Compiled("service_at_location");
    public static readonly JsonSchema ServiceAtLocationList = Compiled("service_at_location_list");
    public static readonly JsonSchema TaxonomyTerm = Load(JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "taxonomy_term.json")))!, "taxonomy_term");
    /// <summary>taxonomy.json refers to taxonomy_term.json by a relative name: the term schema is put in its place.</summary>
    public static readonly JsonSchema Taxonomy = Load(TaxonomyWithTerms(), "taxonomy");

    /// <summary>What is wrong with <paramref name="instance"/> under <paramref name="schema"/> (null: valid).</summary>
    public static string? Problems(JsonSchema schema, JsonElement instance)
    {
        var result = schema.Evaluate(instance, Options);
        if (result.IsValid)
        {
            return null;
        }
        var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}"))
            .Take(10);
        return string.Join("; ", errors);
    }

    private static JsonSchema Compiled(string name) => Load(JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "compiled", name + ".json")))!, name);

    private static JsonSchema Load(JsonNode node, string name) =>
        JsonSchema.FromText(node.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry(), Dialect = Draft202012 }, new Uri($"https://blueprint.test/oruk/{name}.json"));

    private static JsonNode TaxonomyWithTerms()
    {
        var taxonomy = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "taxonomy.json")))!;
        taxonomy["properties"]!["taxonomy_terms"]!["items"] = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "taxonomy_term.json")));
        return taxonomy;
    }
}
