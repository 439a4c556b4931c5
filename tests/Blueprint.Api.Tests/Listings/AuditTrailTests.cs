using System.Net;
using System.Text.Json;
using Blueprint.Api.Auth;
using Blueprint.Api.Tests.Imports;

namespace Blueprint.Api.Tests.Listings;

/// <summary>Every route's changes are in the audit trail (who, when, route, fields before and after), readable by admins and by the listing's own providers.</summary>
public sealed class AuditTrailTests : IClassFixture<BlueprintApp>
{
    private readonly BlueprintApp app;

    public AuditTrailTests(BlueprintApp app)
    {
        this.app = app;
        Listings.EditsWait(app, false, app.Known.OrganisationId, app.Known.OtherOrganisationId);
    }

    private async Task<List<JsonElement>> EntriesAsync(HttpClient client, int listingId)
    {
        var json = await app.GetJsonAsync($"/api/audit?intervention={listingId}", client);
        return [.. json.GetProperty("entries").EnumerateArray().Where(e => e.GetProperty("route").GetString() != Listings.Setup.Route)];
    }

    [Fact]
    public async Task Edits_verification_venue_changes_and_deletion_are_each_recorded_with_before_and_after()
    {
        var listing = Listings.NewListing(app, app.Known.OrganisationId, "ZZAUDIT routes");
        var provider = Listings.As(app, Roles.Provider, app.Known.OrganisationId);
        Assert.Equal(HttpStatusCode.OK, (await Listings.SendAsync(provider, HttpMethod.Patch, $"/odata/Interventions({listing.Id})", new { Status = "paused", Areas = new[] { "W06000014" } }, "*")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Listings.SendAsync(provider, HttpMethod.Post, $"/odata/Interventions({listing.Id})/Verify")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Listings.SendAsync(provider, HttpMethod.Patch, $"/odata/VenueRecords({listing.HiddenVenue})", new { Address = "ZZSECRET 4 New Row" }, "*")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Listings.SendAsync(provider, HttpMethod.Delete, $"/odata/Interventions({listing.Id})", ifMatch: "*")).StatusCode);

        var entries = await EntriesAsync(provider, listing.Id);
        var actions = entries.Select(e => (e.GetProperty("entityType").GetString(), e.GetProperty("action").GetString(), e.GetProperty("route").GetString())).Reverse().ToList();
        Assert.Equal([("intervention", "updated", "odata"), ("intervention", "verified", "verify"), ("venue", "updated", "odata"), ("intervention", "deleted", "odata")], actions.TakeLast(4).ToList());
        var edit = entries.Single(e => e.GetProperty("action").GetString() == "updated" && e.GetProperty("entityType").GetString() == "intervention");
        Assert.Equal($"provider of {app.Known.OrganisationId}", edit.GetProperty("actorName").GetString());
        var status = edit.GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("field").GetString() == "Status");
        Assert.Equal(("active", "paused"), (status.GetProperty("before").GetString(), status.GetProperty("after").GetString()));
        var areas = edit.GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("field").GetString() == "Areas");
        Assert.Equal("[\"W06000015\"]", areas.GetProperty("before").GetRawText());
        Assert.Equal("[\"W06000014\"]", areas.GetProperty("after").GetRawText());
        var venue = entries.Single(e => e.GetProperty("entityType").GetString() == "venue");
        Assert.Equal(listing.HiddenVenue, venue.GetProperty("entityId").GetInt32());
        Assert.Contains("ZZSECRET 4 New Row", venue.GetRawText());
    }

    [Fact]
    public async Task A_created_listing_is_recorded_with_its_new_id_and_public_id()
    {
        var admin = Listings.As(app, Roles.Admin);
        var created = await Listings.SendAsync(admin, HttpMethod.Post, "/odata/Interventions", new { OrganisationId = app.Known.OrganisationId, Name = "ZZAUDIT created" });
        var body = await Listings.JsonAsync(created);
        var id = body.GetProperty("Id").GetInt32();

        var entry = Assert.Single(await EntriesAsync(admin, id));
        Assert.Equal("created", entry.GetProperty("action").GetString());
        Assert.Equal(id, entry.GetProperty("entityId").GetInt32());
        Assert.Equal(body.GetProperty("PublicId").GetString(), entry.GetProperty("entityPublicId").GetString());
        Assert.Equal(app.Known.OrganisationId, entry.GetProperty("organisationId").GetInt32());
    }

    [Fact]
    public async Task A_survey_publish_is_recorded_as_its_import()
    {
        var marker = SurveyExport.NewMarker();
        var importId = (await SurveyExport.UploadOkAsync(app.ClientAs(Roles.Analyst), SurveyExport.ThreeRows(marker))).GetProperty("importId").GetInt32();
        var published = JsonDocument.Parse(await (await app.ClientAs(Roles.Admin).PostAsync($"/api/imports/{importId}/publish", null)).Content.ReadAsStringAsync()).RootElement;
        var id = published.GetProperty("published")[0].GetProperty("interventionId").GetInt32();

        var entry = Assert.Single(await EntriesAsync(Listings.As(app, Roles.Admin), id));
        Assert.Equal(("survey-publish", $"survey import {importId}", "created"),
            (entry.GetProperty("route").GetString(), entry.GetProperty("actorName").GetString(), entry.GetProperty("action").GetString()));
        Assert.Contains(entry.GetProperty("changes").EnumerateArray(), c => c.GetProperty("field").GetString() == "Name");
    }

    [Fact]
    public async Task Only_admins_and_the_listings_own_providers_read_its_audit_trail()
    {
        var listing = Listings.NewListing(app, app.Known.OrganisationId, "ZZAUDIT private");
        await Listings.SendAsync(Listings.As(app, Roles.Admin), HttpMethod.Patch, $"/odata/VenueRecords({listing.HiddenVenue})", new { Address = "ZZMOVED 9 Moved Row" }, "*");
        var url = $"/api/audit?intervention={listing.Id}";

        Assert.Equal(HttpStatusCode.Unauthorized, (await Listings.As(app, null).GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Listings.As(app, Roles.Analyst).GetAsync(url)).StatusCode);
        var other = await Listings.As(app, Roles.Provider, app.Known.OtherOrganisationId).GetAsync(url);
        var otherText = await other.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Contains("organisations you act for", otherText);
        Assert.DoesNotContain("ZZMOVED", otherText);
        Assert.DoesNotContain("ZZAUDIT private", otherText);
        Assert.Equal(HttpStatusCode.Forbidden, (await Listings.As(app, Roles.Provider, app.Known.OtherOrganisationId).GetAsync($"/api/audit?organisation={app.Known.OrganisationId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Listings.As(app, Roles.Provider, app.Known.OtherOrganisationId).GetAsync("/api/audit?intervention=987654")).StatusCode);
        Assert.DoesNotContain("ZZMOVED", await (await Listings.As(app, Roles.Provider, app.Known.OtherOrganisationId).GetAsync("/api/audit?format=csv&top=5000")).Content.ReadAsStringAsync());
        Assert.Contains("ZZMOVED 9 Moved Row", await (await Listings.As(app, Roles.Provider, app.Known.OtherOrganisationId, app.Known.OrganisationId).GetAsync(url)).Content.ReadAsStringAsync());
        Assert.Contains("ZZMOVED 9 Moved Row", await (await Listings.As(app, Roles.Admin).GetAsync(url)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_audit_trail_exports_as_CSV_one_row_per_changed_field()
    {
        var listing = Listings.NewListing(app, app.Known.OrganisationId, "ZZAUDIT csv");
        var admin = Listings.As(app, Roles.Admin);
        await Listings.SendAsync(admin, HttpMethod.Patch, $"/odata/Interventions({listing.Id})", new { Description = "=HYPERLINK(\"x\")", WaitingTimeWeeks = 4 }, "*");

        var response = await admin.GetAsync($"/api/audit?intervention={listing.Id}&format=csv&top=1");
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("text/csv; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.StartsWith("\uFEFFId,At (UTC),Actor id", lines[0]);
        Assert.Equal(2, lines.Length - 1);
        Assert.Contains(lines, l => l.Contains(",WaitingTimeWeeks,", StringComparison.Ordinal) && l.TrimEnd('\r').EndsWith(",4", StringComparison.Ordinal));
        // A formula is escaped, as in every export a spreadsheet may open.
        Assert.DoesNotContain(lines, l => l.Contains(",=HYPERLINK", StringComparison.Ordinal));
    }
}
