using Blueprint.Api.Places;

namespace Blueprint.Api.OpenReferral;

/// <summary>Where the point is, or what is wrong with the postcode.</summary>
public sealed record OrukPlace(double Latitude, double Longitude, string? LocalAuthority, string? Error);

/// <summary>
/// The <c>postcode</c> parameter: a full postcode through the configured lookup (Places:PostcodeFile or
/// Places:PostcodeApiUrl); with none configured, the centre of its postcode district in Wales from the front
/// end's open data (Code-Point Open, data/reference/postcode-districts-detail.csv). A district ("CF10") works
/// too. Anything else is a 400.
/// </summary>
public sealed class OrukPostcodes(IServiceProvider services, ILogger<OrukPostcodes> logger)
{
    private PlaceSources Sources => PlacesEndpoints.SourcesOf(services);

    public async Task<OrukPlace> FindAsync(string postcode, CancellationToken ct)
    {
        var compact = PostcodeLookup.Normalise(postcode);
        var sources = Sources;
        if (PostcodeLookup.IsWellFormed(compact))
        {
            if (sources.Lookup.IsConfigured)
            {
                try
                {
                    return await sources.Lookup.FindAsync(compact, ct) is { } found
                        ? new OrukPlace(found.Latitude, found.Longitude, found.LocalAuthority, null)
                        : new OrukPlace(0, 0, null, $"Postcode {PostcodeLookup.Display(compact)} was not found.");
                }
                catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException || (e is TaskCanceledException && !ct.IsCancellationRequested))
                {
                    // An unreachable online lookup should not stop the search: the district still answers.
                    logger.LogWarning("The postcode lookup failed ({Reason}); answering with the postcode district", e.GetType().Name);
                }
            }
            return District(sources, compact[..^3], postcode);
        }
        return District(sources, compact, postcode);
    }

    private static OrukPlace District(PlaceSources sources, string outcode, string asked) =>
        sources.Gazetteer.District(outcode) is { } district
            ? new OrukPlace(district.Latitude, district.Longitude, district.LocalAuthority, null)
            : new OrukPlace(0, 0, null, $"'{asked}' is not a postcode or postcode district in Wales that this server knows.");
}
