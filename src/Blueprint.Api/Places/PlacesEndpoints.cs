using Blueprint.Data.Geography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Blueprint.Api.Places;

/// <summary><c>GET /api/places/postcode/{postcode}</c>: where a postcode is and which local authority it is in.</summary>
public static class PlacesEndpoints
{
    /// <summary>Maps the places endpoints. Uses a registered <see cref="PostcodeLookup"/> if there is one, otherwise
    /// builds one from the <c>Places</c> configuration section (failing at start if a configured file is missing).</summary>
    public static IEndpointRouteBuilder MapPlaces(this IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        var (gazetteer, lookup) = SourcesOf(services);
        endpoints.MapPlaceSearch(gazetteer, lookup);

        endpoints.MapGet("/api/places/postcode/{postcode}", async Task<Results<Ok<PostcodePlace>, NotFound<ProblemDetails>, ValidationProblem, ProblemHttpResult>> (
            string postcode, HttpContext context, CancellationToken cancellationToken) =>
        {
            if (!lookup.IsConfigured)
            {
                return TypedResults.Problem(
                    title: "Postcode search is not configured on this server.",
                    detail: "Set Places:PostcodeFile (a CSV extract) or Places:PostcodeApiUrl.",
                    statusCode: StatusCodes.Status501NotImplemented);
            }
            var key = PostcodeLookup.Normalise(postcode);
            if (!PostcodeLookup.IsWellFormed(key))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["postcode"] = ["Enter a full UK postcode, such as CF10 1AA."],
                });
            }
            var place = await lookup.FindAsync(key, cancellationToken);
            if (place is null)
            {
                return TypedResults.NotFound(new ProblemDetails
                {
                    Title = $"Postcode {PostcodeLookup.Display(key)} was not found.",
                    Status = StatusCodes.Status404NotFound,
                });
            }
            // The source may not say which local authority; the geography knows from the coordinates.
            if (place.LocalAuthority is null && context.RequestServices.GetService<AreaLocator>() is { } locator)
            {
                place = place with { LocalAuthority = locator.LocalAuthorityAt(place.Latitude, place.Longitude)?.Code };
            }
            return TypedResults.Ok(place);
        })
        .WithName("FindPostcode")
        .WithTags("Places");

        return endpoints;
    }

    /// <summary>
    /// The gazetteer and postcode lookup of a host, made once and shared by every route that finds places
    /// (the place search, the Open Referral feed's <c>postcode</c>): registered ones if there are, else from settings.
    /// </summary>
    internal static PlaceSources SourcesOf(IServiceProvider services) =>
        Sources.GetValue(services, s => new PlaceSources(s.GetService<Gazetteer>() ?? LoadGazetteer(s), s.GetService<PostcodeLookup>() ?? Create(s)));

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IServiceProvider, PlaceSources> Sources = new();

    /// <summary>The offline gazetteer, loaded now so that a missing or unreadable file stops the start.</summary>
    private static Gazetteer LoadGazetteer(IServiceProvider services)
    {
        var options = services.GetRequiredService<IConfiguration>().GetSection(PlacesOptions.Section).Get<PlacesOptions>() ?? new PlacesOptions();
        var paths = services.GetRequiredService<Hosting.DataPaths>();
        var areas = services.GetRequiredService<AreaCatalog>().All
            .Select(a => (a.Code, (IEnumerable<string>)[a.NameEn, a.NameCy, .. a.Aliases]));
        var gazetteer = Gazetteer.Load(paths.Resolve(options.GazetteerFile), paths.Resolve(options.PostcodeDistrictsFile), areas);
        services.GetRequiredService<ILogger<Gazetteer>>().LogInformation(
            "Place search: {Places} places and {Districts} postcode districts", gazetteer.PlaceCount, gazetteer.DistrictCount);
        return gazetteer;
    }

    private static PostcodeLookup Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IConfiguration>().GetSection(PlacesOptions.Section).Get<PlacesOptions>() ?? new PlacesOptions();
        // Relative paths from the data root, as for every other data file (the content root is the build output).
        var root = services.GetRequiredService<Blueprint.Api.Hosting.DataPaths>().Root;
        return new PostcodeLookup(options, root, services.GetRequiredService<ILogger<PostcodeLookup>>());
    }
}

internal sealed record PlaceSources(Gazetteer Gazetteer, PostcodeLookup Lookup);
