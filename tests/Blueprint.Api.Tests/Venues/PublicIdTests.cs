using System.Net;
using System.Text.Json;
using Blueprint.Api.Auth;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Tests.Venues;

/// <summary>
/// Public venue ids are random UUIDs: no public route carries a venue record's integer, so nothing counts
/// the hidden venues between two public ones.
/// </summary>
public sealed class PublicIdTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    /// <summary>What a public venue may say about itself: no integer of its own (InterventionId is the public listing's).</summary>
    private static readonly HashSet<string> PublicVenueProperties =
        ["PublicId", "InterventionId", "Name", "Address", "Postcode", "Latitude", "Longitude", "AreaCode", "Visibility"];

    public static TheoryData<string> VenueRoutes() =>
    [
        "/odata/Venues?$top=500",
        "/odata/Venues?$orderby=PublicId&$top=500",
        "/odata/Interventions?$expand=Venues&$top=500",
        "/odata/Interventions?$filter=startswith(Name,'ZZKNOWN')&$expand=Venues",
        "/odata/Interventions/InArea(code='W06000015')?$expand=Venues&$top=500",
        "/odata/Interventions/Near(latitude=51.4816,longitude=-3.1791,radiusKm=20)?$expand=Venues",
        "/odata/Organisations?$expand=Interventions($expand=Venues)&$top=50",
    ];

    [Theory]
    [MemberData(nameof(VenueRoutes))]
    public async Task Public_venues_carry_a_uuid_and_no_integer_of_their_own(string route)
    {
        var venues = Venues(await app.GetJsonAsync(route)).ToList();
        Assert.NotEmpty(venues);
        foreach (var venue in venues)
        {
            var names = venue.EnumerateObject().Select(p => p.Name).Where(n => !n.StartsWith('@')).ToHashSet();
            Assert.Subset(PublicVenueProperties, names);
            Assert.True(Guid.TryParse(venue.GetProperty("PublicId").GetString(), out var id) && id != Guid.Empty, route);
        }
    }

    [Fact]
    public async Task Public_venue_ids_are_the_records_uuids_and_reveal_no_record_integer()
    {
        var records = app.WithDb(db => db.VenueRecords.AsNoTracking().Select(r => new { r.Id, r.PublicId, r.Visibility }).ToList());
        var json = await app.GetJsonAsync("/odata/Venues?$top=500&$select=PublicId");
        var shown = json.GetProperty("value").EnumerateArray().Select(v => Guid.Parse(v.GetProperty("PublicId").GetString()!)).ToHashSet();

        Assert.NotEmpty(shown);
        Assert.Subset(records.Where(r => r.Visibility != "hidden").Select(r => r.PublicId).ToHashSet(), shown);
        Assert.Equal(records.Count, records.Select(r => r.PublicId).Distinct().Count());
        // A UUID says nothing about order: sorted by id, public venues do not follow the records' order.
        var byUuid = records.Where(r => r.Visibility != "hidden").OrderBy(r => r.PublicId).Select(r => r.Id).ToList();
        Assert.NotEqual(byUuid.Order().ToList(), byUuid);
    }

    [Theory]
    [InlineData("/odata/Venues?$select=Id")]
    [InlineData("/odata/Venues?$filter=Id gt 0")]
    [InlineData("/odata/Venues?$orderby=Id desc")]
    [InlineData("/odata/Venues?$apply=aggregate(Id with max as Highest)")]
    [InlineData("/odata/Venues?$apply=groupby((Id))")]
    [InlineData("/odata/Interventions?$expand=Venues($select=Id)")]
    [InlineData("/odata/Interventions?$filter=Venues/any(v:v/Id gt 0)")]
    public async Task The_venue_integer_cannot_be_asked_for(string route)
    {
        var response = await app.CreateClient().GetAsync(route);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_public_model_keys_venues_by_uuid()
    {
        var metadata = await app.CreateClient().GetStringAsync("/odata/$metadata");
        var venue = metadata[metadata.IndexOf("<EntityType Name=\"Venue\"", StringComparison.Ordinal)..];
        venue = venue[..venue.IndexOf("</EntityType>", StringComparison.Ordinal)];
        Assert.Contains("<PropertyRef Name=\"PublicId\" />", venue);
        Assert.DoesNotContain("Name=\"Id\"", venue);
    }

    [Fact]
    public async Task Entitled_callers_see_the_same_uuid_on_the_venue_record()
    {
        var record = (await app.GetJsonAsync($"/odata/VenueRecords?$filter=InterventionId eq {app.Known.CardiffId} and Visibility eq 'exact'&$select=PublicId",
            app.ClientAs(Roles.Admin))).GetProperty("value")[0].GetProperty("PublicId").GetString();
        var face = (await app.GetJsonAsync($"/odata/Interventions({app.Known.CardiffId})?$expand=Venues($select=PublicId)"))
            .GetProperty("Venues")[0].GetProperty("PublicId").GetString();
        Assert.Equal(record, face);
    }

    [Theory]
    [InlineData("/api/geo/areas")]
    [InlineData("/api/geo/areas?kind=vawdasv-region")]
    [InlineData("/api/geo/lookup?latitude=51.51234&longitude=-3.20987")]
    public async Task The_geography_routes_carry_no_venues(string route)
    {
        var body = await app.CreateClient().GetStringAsync(route);
        Assert.DoesNotContain("venue", body, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Every venue object in a response, however deeply expanded.</summary>
    private static IEnumerable<JsonElement> Venues(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "Venues" && property.Value.ValueKind == JsonValueKind.Array)
                {
                    foreach (var venue in property.Value.EnumerateArray())
                    {
                        yield return venue;
                    }
                    continue;
                }
                foreach (var nested in Venues(property.Value))
                {
                    yield return nested;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            var items = element.EnumerateArray().ToList();
            // A /odata/Venues page is itself a list of venues.
            if (items.Count > 0 && items[0].ValueKind == JsonValueKind.Object && items[0].TryGetProperty("Visibility", out _))
            {
                foreach (var item in items)
                {
                    yield return item;
                }
                yield break;
            }
            foreach (var item in items)
            {
                foreach (var nested in Venues(item))
                {
                    yield return nested;
                }
            }
        }
    }
}
