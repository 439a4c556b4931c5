using System.Text.RegularExpressions;
using Blueprint.Api.OData;
using Blueprint.Data.Geography;

namespace Blueprint.Api.Places;

/// <summary>One answer to a place search. <see cref="Approximate"/>: a full postcode shown as its district.</summary>
public sealed record PlaceCandidate(
    string Name, string? NameCy, string Kind, double Latitude, double Longitude, string? LocalAuthority,
    bool Exact, bool Approximate, string? Postcode);

/// <param name="Areas">codes of areas whose name is the query once a Welsh mutation is undone ("Ngwynedd").</param>
public sealed record PlaceSearchAnswer(string Query, IReadOnlyList<PlaceCandidate> Candidates, IReadOnlyList<string> Areas, string Attribution);

/// <summary>
/// <c>GET /api/places/search?q=…</c>: a town or village (English or Welsh name), a postcode district ("LL57")
/// or a full postcode, as candidates with a point and a local authority. A full postcode goes to the configured
/// postcode lookup first; without one (or when it does not know the postcode) its district answers, marked approximate.
/// </summary>
public static partial class PlaceSearch
{
    public const int MaxQueryLength = 100;

    public static void MapPlaceSearch(this IEndpointRouteBuilder endpoints, Gazetteer gazetteer, PostcodeLookup lookup)
    {
        endpoints.MapGet("/api/places/search", async (string? q, AreaLocator geography, ILoggerFactory logs, CancellationToken ct) =>
        {
            var text = q?.Trim() ?? "";
            if (text.Length is 0 or > MaxQueryLength)
            {
                return Results.Json(new ErrorBody(new ErrorDetail("BadPlaceQuery",
                    $"q must be a place name or postcode of 1 to {MaxQueryLength} characters.")), statusCode: StatusCodes.Status400BadRequest);
            }
            var candidates = await FindAsync(text, gazetteer, lookup, geography, logs.CreateLogger(typeof(PlaceSearch)), ct);
            var areas = PostcodeLookup.IsWellFormed(PostcodeLookup.Normalise(text)) ? [] : gazetteer.Areas(text);
            return Results.Ok(new PlaceSearchAnswer(text, candidates, areas, Gazetteer.Attribution));
        })
        .WithName("SearchPlaces")
        .WithTags("Places");
    }

    internal static async Task<IReadOnlyList<PlaceCandidate>> FindAsync(
        string text, Gazetteer gazetteer, PostcodeLookup lookup, AreaLocator geography, ILogger logger, CancellationToken ct)
    {
        var compact = PostcodeLookup.Normalise(text);
        if (PostcodeLookup.IsWellFormed(compact))
        {
            var postcode = PostcodeLookup.Display(compact);
            if (lookup.IsConfigured && await LookUpAsync(lookup, compact, logger, ct) is { } found)
            {
                var authority = found.LocalAuthority ?? geography.LocalAuthorityAt(found.Latitude, found.Longitude)?.Code;
                return [new PlaceCandidate(postcode, null, "postcode", found.Latitude, found.Longitude, authority, true, false, postcode)];
            }
            return gazetteer.District(compact[..^3]) is { } district ? [Candidate(district, exact: true, approximate: true, postcode)] : [];
        }
        if (Outcode().IsMatch(compact))
        {
            return gazetteer.District(compact) is { } district ? [Candidate(district, exact: true, approximate: false, null)] : [];
        }
        return gazetteer.Search(text).Select(m => Candidate(m.Place, m.Exact, approximate: false, null)).ToList();
    }

    private static async Task<PostcodePlace?> LookUpAsync(PostcodeLookup lookup, string postcode, ILogger logger, CancellationToken ct)
    {
        try
        {
            return await lookup.FindAsync(postcode, ct);
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException
                                   || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            // An unreachable online lookup should not stop the search: the district still answers.
            logger.LogWarning("The postcode lookup failed ({Reason}); answering with the postcode district", e.GetType().Name);
            return null;
        }
    }

    private static PlaceCandidate Candidate(Place place, bool exact, bool approximate, string? postcode) =>
        new(place.Name, place.NameCy, place.Kind, place.Latitude, place.Longitude, place.LocalAuthority, exact, approximate, postcode);

    [GeneratedRegex("^[A-Z]{1,2}[0-9][A-Z0-9]?$")]
    private static partial Regex Outcode();
}
