using System.Net;
using Blueprint.Api.Auth;

namespace Blueprint.Api.Tests.Listings;

/// <summary>
/// Every write route × every caller: anonymous, provider of A, provider of B, provider of A and B, analyst, admin.
/// Authorisation comes before If-Match (no If-Match is sent here: an unauthorised caller never sees a 428).
/// </summary>
public sealed class WriteAuthorisationTests : IClassFixture<BlueprintApp>
{
    private readonly BlueprintApp app;

    public WriteAuthorisationTests(BlueprintApp app)
    {
        this.app = app;
        Listings.EditsWait(app, false, app.Known.OrganisationId, app.Known.OtherOrganisationId);
    }

    public static TheoryData<string, string> Refusals() => new()
    {
        // caller, expected status for a write to organisation A's listing
        { "anonymous", "401" },
        { "analyst", "403" },
        { "provider-B", "403 or 404" },
    };

    private HttpClient Caller(string who) => who switch
    {
        "anonymous" => Listings.As(app, null),
        "analyst" => Listings.As(app, Roles.Analyst),
        "provider-A" => Listings.As(app, Roles.Provider, app.Known.OrganisationId),
        "provider-B" => Listings.As(app, Roles.Provider, app.Known.OtherOrganisationId),
        "provider-AB" => Listings.As(app, Roles.Provider, app.Known.OtherOrganisationId, app.Known.OrganisationId),
        _ => Listings.As(app, Roles.Admin),
    };

    private (HttpMethod Method, string Url, object? Body)[] Routes((int Id, int ExactVenue, int HiddenVenue) listing) =>
    [
        (HttpMethod.Post, "/odata/Interventions", new { OrganisationId = app.Known.OrganisationId, Name = "ZZWRITE refused" }),
        (HttpMethod.Patch, $"/odata/Interventions({listing.Id})", new { Name = "ZZWRITE changed" }),
        (HttpMethod.Delete, $"/odata/Interventions({listing.Id})", null),
        (HttpMethod.Post, $"/odata/Interventions({listing.Id})/Verify", null),
        (HttpMethod.Post, "/odata/VenueRecords", new { InterventionId = listing.Id, Visibility = "hidden", Name = "ZZWRITE venue" }),
        (HttpMethod.Patch, $"/odata/VenueRecords({listing.HiddenVenue})", new { Name = "ZZWRITE renamed" }),
        (HttpMethod.Delete, $"/odata/VenueRecords({listing.HiddenVenue})", null),
    ];

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Callers_without_rights_to_organisation_A_change_nothing_by_any_write_route(string who, string expected)
    {
        var listing = Listings.NewListing(app, app.Known.OrganisationId, $"ZZWRITE refusal {who}");
        var before = Listings.VersionOf(app, listing.Id);
        var client = Caller(who);
        var tried = 0;
        foreach (var (method, url, body) in Routes(listing))
        {
            var response = await Listings.SendAsync(client, method, url, body);
            var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(expected.Contains(status, StringComparison.Ordinal), $"{who} {method} {url} → {await Listings.Describe(response)}");
            var text = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("ZZSECRET", text);
            tried++;
        }
        Assert.Equal(7, tried);
        Assert.Equal(before, Listings.VersionOf(app, listing.Id));
        Assert.Equal(2, app.WithDb(db => db.VenueRecords.Count(v => v.InterventionId == listing.Id)));
        Assert.False(app.WithDb(db => db.Interventions.Any(i => i.Name.StartsWith("ZZWRITE refused"))));
        Assert.False(app.WithDb(db => db.ModerationItems.Any(m => m.InterventionId == listing.Id)));
    }

    [Fact]
    public async Task Provider_B_gets_404_for_organisation_As_venue_records_so_hidden_venues_are_not_revealed()
    {
        var listing = Listings.NewListing(app, app.Known.OrganisationId, "ZZWRITE venue privacy");
        var client = Caller("provider-B");
        var patch = await Listings.SendAsync(client, HttpMethod.Patch, $"/odata/VenueRecords({listing.HiddenVenue})", new { Name = "x" }, "*");
        var missing = await Listings.SendAsync(client, HttpMethod.Patch, "/odata/VenueRecords(999999)", new { Name = "x" }, "*");
        Assert.Equal(HttpStatusCode.NotFound, patch.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal((await Listings.JsonAsync(missing)).GetProperty("error").GetProperty("code").GetString(),
            (await Listings.JsonAsync(patch)).GetProperty("error").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("provider-A")]
    [InlineData("provider-AB")]
    [InlineData("admin")]
    public async Task Entitled_callers_use_every_write_route(string who)
    {
        var listing = Listings.NewListing(app, app.Known.OrganisationId, $"ZZWRITE entitled {who}");
        var client = Caller(who);

        var created = await Listings.SendAsync(client, HttpMethod.Post, "/odata/Interventions",
            new { OrganisationId = app.Known.OrganisationId, Name = $"ZZWRITE new {who}", Status = "active", Areas = new[] { "W06000015" } });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await Listings.Describe(created));

        var patched = await Listings.SendAsync(client, HttpMethod.Patch, $"/odata/Interventions({listing.Id})", new { NameCy = "ZZWRITE Cymraeg" }, Listings.ETag(Listings.VersionOf(app, listing.Id)));
        Assert.True(patched.StatusCode == HttpStatusCode.OK, await Listings.Describe(patched));

        var verified = await Listings.SendAsync(client, HttpMethod.Post, $"/odata/Interventions({listing.Id})/Verify");
        Assert.True(verified.StatusCode == HttpStatusCode.OK, await Listings.Describe(verified));

        var venue = await Listings.SendAsync(client, HttpMethod.Post, "/odata/VenueRecords",
            new { InterventionId = listing.Id, Visibility = "approximate", Name = "ZZWRITE outreach", Latitude = 53.2274, Longitude = -4.1293 });
        Assert.True(venue.StatusCode == HttpStatusCode.Created, await Listings.Describe(venue));

        var venuePatched = await Listings.SendAsync(client, HttpMethod.Patch, $"/odata/VenueRecords({listing.ExactVenue})", new { Address = "4 Test Street" }, Listings.ETag(Listings.VenueVersionOf(app, listing.ExactVenue)));
        Assert.True(venuePatched.StatusCode == HttpStatusCode.OK, await Listings.Describe(venuePatched));

        var venueDeleted = await Listings.SendAsync(client, HttpMethod.Delete, $"/odata/VenueRecords({listing.HiddenVenue})", ifMatch: Listings.ETag(Listings.VenueVersionOf(app, listing.HiddenVenue)));
        Assert.True(venueDeleted.StatusCode == HttpStatusCode.NoContent, await Listings.Describe(venueDeleted));

        var deleted = await Listings.SendAsync(client, HttpMethod.Delete, $"/odata/Interventions({listing.Id})", ifMatch: Listings.ETag(Listings.VersionOf(app, listing.Id)));
        Assert.True(deleted.StatusCode == HttpStatusCode.NoContent, await Listings.Describe(deleted));
    }

    [Fact]
    public async Task A_provider_cannot_create_a_listing_for_another_organisation_or_move_one_there()
    {
        var client = Caller("provider-A");
        var created = await Listings.SendAsync(client, HttpMethod.Post, "/odata/Interventions", new { OrganisationId = app.Known.OtherOrganisationId, Name = "ZZWRITE elsewhere" });
        Assert.Equal(HttpStatusCode.Forbidden, created.StatusCode);

        var listing = Listings.NewListing(app, app.Known.OrganisationId, "ZZWRITE mover");
        var moved = await Listings.SendAsync(client, HttpMethod.Patch, $"/odata/Interventions({listing.Id})", new { OrganisationId = app.Known.OtherOrganisationId }, "*");
        Assert.Equal(HttpStatusCode.Forbidden, moved.StatusCode);
        Assert.Equal(app.Known.OrganisationId, app.WithDb(db => db.Interventions.Single(i => i.Id == listing.Id).OrganisationId));
    }

    [Theory]
    [InlineData("POST", "/odata/$batch")]
    [InlineData("POST", "/odata/Interventions(1)/Venues")]
    [InlineData("PATCH", "/odata/Venues(00000000-0000-0000-0000-000000000001)")]
    [InlineData("POST", "/odata/Venues")]
    [InlineData("PATCH", "/odata/Organisations(1)")]
    public async Task There_is_no_other_write_route_even_for_an_admin(string method, string url)
    {
        var response = await Listings.SendAsync(Caller("admin"), new HttpMethod(method), url, new { Name = "ZZWRITE sneaky" }, "*");
        Assert.True((int)response.StatusCode is 404 or 405 or 400, await Listings.Describe(response));
        Assert.False(app.WithDb(db => db.Interventions.Any(i => i.Name == "ZZWRITE sneaky") || db.VenueRecords.Any(v => v.Name == "ZZWRITE sneaky")));
    }
}
