using System.Text.Json.Nodes;
using Blueprint.Api.Hosting;

namespace Blueprint.Api.OpenReferral;

/// <summary>
/// The Open Referral UK 3.0 read API at <c>/openreferral</c>: public data only, no key, any origin
/// (CORS <c>*</c>), the same rate limits and output cache as the rest of the directory.
/// See docs/openreferral-mapping.md and README ("Open Referral UK").
/// </summary>
public static class OpenReferralEndpoints
{
    public const string Prefix = "/openreferral";
    /// <summary>What <c>GET /openreferral/</c> reports (the public validator reads it).</summary>
    public const string Version = "HSDS-UK-3.0";
    /// <summary>The ORUK OpenAPI document adapted to this server, with the profile's README and licence beside it.</summary>
    public const string OpenApiFile = "data/openreferral/openapi.json";

    public static void AddOpenReferral(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<OrukTaxonomies>();
        builder.Services.AddSingleton<OrukMapper>();
        builder.Services.AddSingleton<OrukPostcodes>();
    }

    public static void MapOpenReferral(this IEndpointRouteBuilder endpoints)
    {
        var paths = endpoints.ServiceProvider.GetRequiredService<DataPaths>();
        var openApi = File.ReadAllText(paths.Resolve(OpenApiFile));
        var feed = endpoints.MapGroup(Prefix).RequireCors(PublicCors.Policy).AllowAnonymous().WithTags("OpenReferral");

        feed.MapGet("/", (HttpRequest request) => Results.Json(new
        {
            version = Version,
            profile = OrukWriter.BaseUrl(request) + Prefix + "/profile",
            openapi_url = OrukWriter.BaseUrl(request) + Prefix + "/openapi.json",
        }));
        feed.MapGet("/openapi.json", (HttpRequest request) =>
        {
            // The servers entry is this server as the client reached it.
            var document = JsonNode.Parse(openApi)!.AsObject();
            document["servers"] = new JsonArray(new JsonObject { ["url"] = OrukWriter.BaseUrl(request) + Prefix });
            return Results.Text(document.ToJsonString(), "application/json; charset=utf-8");
        });
        feed.MapGet("/profile", (HttpRequest request) => Results.Json(new
        {
            name = "Open Referral UK (HSDS UK profile)",
            version = "3.0",
            hsds_version = "3.0",
            source = "https://github.com/OpenReferralUK/uk-profile",
            licence = "CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/)",
            attribution = "Human Services Data Specification: an Open Referral resource (https://openreferral.org/), Open Referral UK profile 3.0.",
            openapi_url = OrukWriter.BaseUrl(request) + Prefix + "/openapi.json",
            conformance = "Levels 1 and 2: services, taxonomies, taxonomy_terms, organizations, service_at_locations. Blueprint's mapping: docs/openreferral-mapping.md.",
        }));
        feed.MapGet("/services", OrukServices.ListAsync);
        feed.MapGet("/services/{id}", OrukServices.OneAsync);
        feed.MapGet("/organizations", OrukOrganizations.ListAsync);
        feed.MapGet("/organizations/{id}", OrukOrganizations.OneAsync);
        feed.MapGet("/service_at_locations", OrukLocations.ListAsync);
        feed.MapGet("/service_at_locations/{id}", OrukLocations.OneAsync);
        feed.MapGet("/taxonomies", OrukTaxonomyEndpoints.TaxonomiesAsync);
        feed.MapGet("/taxonomies/{id}", OrukTaxonomyEndpoints.Taxonomy);
        feed.MapGet("/taxonomy_terms", OrukTaxonomyEndpoints.TermsAsync);
        feed.MapGet("/taxonomy_terms/{id}", OrukTaxonomyEndpoints.Term);
    }

    /// <summary>Whether a path is the feed's (for the cache, limits and listing visibility).</summary>
    public static bool IsFeed(PathString path) => path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase);
}
