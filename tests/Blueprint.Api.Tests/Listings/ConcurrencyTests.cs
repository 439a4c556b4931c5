using System.Net;
using Blueprint.Api.Auth;

namespace Blueprint.Api.Tests.Listings;

/// <summary>The version is the ETag: reads carry it, writes need it (428 without), and a stale one is a 412 saying who changed what since.</summary>
public sealed class ConcurrencyTests : IClassFixture<DatabaseOnlyApp>
{
    private readonly BlueprintApp app;

    public ConcurrencyTests(DatabaseOnlyApp app)
    {
        this.app = app;
        Listings.EditsWait(app, false, app.Known.OrganisationId, app.Known.OtherOrganisationId);
    }

    [Fact]
    public async Task The_ETag_a_read_gives_is_the_one_a_write_takes_and_the_write_answers_the_next()
    {
        var listing = Listings.NewListing(app, app.Known.OrganisationId, "ZZETAG read-write");
        var provider = Listings.As(app, Roles.Provider, app.Known.OrganisationId);
        var read = await app.GetJsonAsync($"/odata/Interventions({listing.Id})", provider);
        var etag = read.GetProperty("@odata.etag").GetString();

        var first = await Listings.SendAsync(provider, HttpMethod.Patch, $"/odata/Interventions({listing.Id})", new { Status = "paused" }, etag);
        Assert.True(first.StatusCode == HttpStatusCode.OK, await Listings.Describe(first));
        var next = first.Headers.ETag?.ToString();
        Assert.NotNull(next);
        Assert.NotEqual(etag, next);
        Assert.Equal(next, (await Listings.JsonAsync(first)).GetProperty("@odata.etag").GetString());

        var second = await Listings.SendAsync(provider, HttpMethod.Patch, $"/odata/Interventions({listing.Id})", new { Status = "active" }, next);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Fact]
    public async Task A_write_without_If_Match_is_428_and_changes_nothing()
    {
        var listing = Listings.NewListing(app, app.Known.OrganisationId, "ZZETAG missing");
        var provider = Listings.As(app, Roles.Provider, app.Known.OrganisationId);
        var patch = await Listings.SendAsync(provider, HttpMethod.Patch, $"/odata/Interventions({listing.Id})", new { Status = "paused" });
        var delete = await Listings.SendAsync(provider, HttpMethod.Delete, $"/odata/Interventions({listing.Id})");
        var venue = await Listings.SendAsync(provider, HttpMethod.Patch, $"/odata/VenueRecords({listing.ExactVenue})", new { Name = "x" });

        Assert.Equal((HttpStatusCode)428, patch.StatusCode);
        Assert.Equal((HttpStatusCode)428, delete.StatusCode);
        Assert.Equal((HttpStatusCode)428, venue.StatusCode);
        Assert.Equal("PreconditionRequired", (await Listings.JsonAsync(patch)).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(1, Listings.VersionOf(app, listing.Id));
    }

    [Fact]
    public async Task A_stale_ETag_is_412_naming_who_changed_which_fields_since()
    {
        var listing = Listings.NewListing(app, app.Known.OrganisationId, "ZZETAG stale");
        var stale = Listings.ETag(Listings.VersionOf(app, listing.Id));
        var colleague = Listings.As(app, Roles.Admin);
        var changed = await Listings.SendAsync(colleague, HttpMethod.Patch, $"/odata/Interventions({listing.Id})", new { WaitingTimeWeeks = 6, Description = "Now longer." }, stale);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

        var provider = Listings.As(app, Roles.Provider, app.Known.OrganisationId);
        var late = await Listings.SendAsync(provider, HttpMethod.Patch, $"/odata/Interventions({listing.Id})", new { Description = "My older edit." }, stale);

        Assert.Equal(HttpStatusCode.PreconditionFailed, late.StatusCode);
        var error = (await Listings.JsonAsync(late)).GetProperty("error");
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains("admin of", message);
        Assert.Contains("WaitingTimeWeeks", message);
        Assert.Contains("Description", message);
        Assert.Contains(error.GetProperty("details").EnumerateArray(), d => d.GetProperty("target").GetString() == "WaitingTimeWeeks");
        Assert.Equal("Now longer.", app.WithDb(db => db.Interventions.Single(i => i.Id == listing.Id).Description));
    }

    [Fact]
    public async Task On_the_Welsh_pages_a_stale_ETag_says_who_changed_what_in_Welsh()
    {
        var listing = Listings.NewListing(app, app.Known.OrganisationId, "ZZETAG stale cy");
        var stale = Listings.ETag(Listings.VersionOf(app, listing.Id));
        Assert.Equal(HttpStatusCode.OK, (await Listings.SendAsync(Listings.As(app, Roles.Admin), HttpMethod.Patch, $"/odata/Interventions({listing.Id})", new { WaitingTimeWeeks = 6 }, stale)).StatusCode);
        var provider = Listings.As(app, Roles.Provider, app.Known.OrganisationId);
        provider.DefaultRequestHeaders.AcceptLanguage.ParseAdd("cy");

        var late = await Listings.SendAsync(provider, HttpMethod.Patch, $"/odata/Interventions({listing.Id})", new { Description = "Fy hen newid." }, stale);
        var missing = await Listings.SendAsync(provider, HttpMethod.Patch, $"/odata/Interventions({listing.Id})", new { Description = "Heb ETag." });

        Assert.Equal(HttpStatusCode.PreconditionFailed, late.StatusCode);
        var error = (await Listings.JsonAsync(late)).GetProperty("error");
        Assert.StartsWith("Mae'r ymyriad hwn wedi newid ers eich copi chi", error.GetProperty("message").GetString());
        Assert.Contains("WaitingTimeWeeks", error.GetProperty("message").GetString());
        Assert.StartsWith("Newidiwyd gan ", error.GetProperty("details").EnumerateArray().First().GetProperty("message").GetString());
        Assert.StartsWith("Anfonwch If-Match", (await Listings.JsonAsync(missing)).GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_stale_venue_ETag_is_412_too()
    {
        var listing = Listings.NewListing(app, app.Known.OrganisationId, "ZZETAG venue");
        var stale = Listings.ETag(Listings.VenueVersionOf(app, listing.ExactVenue));
        var admin = Listings.As(app, Roles.Admin);
        Assert.Equal(HttpStatusCode.OK, (await Listings.SendAsync(admin, HttpMethod.Patch, $"/odata/VenueRecords({listing.ExactVenue})", new { Name = "Renamed" }, stale)).StatusCode);
        var late = await Listings.SendAsync(admin, HttpMethod.Patch, $"/odata/VenueRecords({listing.ExactVenue})", new { Name = "Again" }, stale);
        Assert.Equal(HttpStatusCode.PreconditionFailed, late.StatusCode);
    }

    [Fact]
    public async Task An_unreadable_If_Match_is_a_400()
    {
        var listing = Listings.NewListing(app, app.Known.OrganisationId, "ZZETAG garbage");
        var response = await Listings.SendAsync(Listings.As(app, Roles.Admin), HttpMethod.Patch, $"/odata/Interventions({listing.Id})", new { Status = "paused" }, "W/\"not-base64!\"");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
