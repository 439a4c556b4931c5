using System.Net;
using System.Text.Json;
using Blueprint.Api.Auth;

namespace Blueprint.Api.Tests.Listings;

/// <summary>An organisation whose edits wait: a provider's write is queued (202), applies nothing public, and an admin approves or rejects it.</summary>
public sealed class ModerationTests : IClassFixture<BlueprintApp>
{
    private readonly BlueprintApp app;
    private readonly HttpClient provider;
    private readonly HttpClient admin;

    public ModerationTests(BlueprintApp app)
    {
        this.app = app;
        Listings.EditsWait(app, true, app.Known.OrganisationId);
        Listings.EditsWait(app, false, app.Known.OtherOrganisationId);
        provider = Listings.As(app, Roles.Provider, app.Known.OrganisationId);
        admin = Listings.As(app, Roles.Admin);
    }

    private async Task<(int Listing, JsonElement Item)> QueuedRenameAsync(string name)
    {
        var listing = Listings.NewListing(app, app.Known.OrganisationId, name);
        var response = await Listings.SendAsync(provider, HttpMethod.Patch, $"/odata/Interventions({listing.Id})", new { Name = name + " renamed" }, Listings.ETag(1));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await Listings.Describe(response));
        var item = await Listings.JsonAsync(response);
        Assert.Equal($"/api/moderation/{item.GetProperty("id").GetInt32()}", response.Headers.Location?.ToString());
        return (listing.Id, item);
    }

    [Fact]
    public async Task A_waiting_organisations_edit_is_queued_and_nothing_public_changes()
    {
        var (listing, item) = await QueuedRenameAsync("ZZMOD queued");

        Assert.Equal("pending", item.GetProperty("state").GetString());
        Assert.Equal("ZZMOD queued", (await app.GetJsonAsync($"/odata/Interventions({listing})")).GetProperty("Name").GetString());
        Assert.Equal(1, Listings.VersionOf(app, listing));
        Assert.False(app.WithDb(db => db.AuditEntries.Any(a => a.InterventionId == listing && a.Route != Listings.Setup.Route)));
    }

    [Fact]
    public async Task Every_queued_route_answers_202_create_delete_and_venues_too()
    {
        var listing = Listings.NewListing(app, app.Known.OrganisationId, "ZZMOD routes");
        var responses = new[]
        {
            await Listings.SendAsync(provider, HttpMethod.Post, "/odata/Interventions", new { OrganisationId = app.Known.OrganisationId, Name = "ZZMOD new" }),
            await Listings.SendAsync(provider, HttpMethod.Delete, $"/odata/Interventions({listing.Id})", ifMatch: "*"),
            await Listings.SendAsync(provider, HttpMethod.Post, "/odata/VenueRecords", new { InterventionId = listing.Id, Visibility = "hidden" }),
            await Listings.SendAsync(provider, HttpMethod.Patch, $"/odata/VenueRecords({listing.ExactVenue})", new { Visibility = "hidden" }, "*"),
            await Listings.SendAsync(provider, HttpMethod.Delete, $"/odata/VenueRecords({listing.ExactVenue})", ifMatch: "*"),
        };
        foreach (var r in responses)
        {
            Assert.True(r.StatusCode == HttpStatusCode.Accepted, await Listings.Describe(r));
        }
        Assert.False(app.WithDb(db => db.Interventions.Any(i => i.Name == "ZZMOD new")));
        Assert.Equal("active", (await app.GetJsonAsync($"/odata/Interventions({listing.Id})")).GetProperty("Status").GetString());
        Assert.Single((await app.GetJsonAsync($"/odata/Interventions({listing.Id})?$expand=Venues")).GetProperty("Venues").EnumerateArray());
    }

    [Fact]
    public async Task An_invalid_edit_is_refused_at_once_not_queued()
    {
        var listing = Listings.NewListing(app, app.Known.OrganisationId, "ZZMOD invalid");
        var response = await Listings.SendAsync(provider, HttpMethod.Patch, $"/odata/Interventions({listing.Id})", new { ReferralEmail = "nope" }, "*");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(app.WithDb(db => db.ModerationItems.Any(m => m.InterventionId == listing.Id)));
    }

    [Fact]
    public async Task Admins_see_the_queue_with_a_field_level_diff_and_approval_applies_it()
    {
        var (listing, item) = await QueuedRenameAsync("ZZMOD approve");
        var id = item.GetProperty("id").GetInt32();

        var queue = await app.GetJsonAsync("/api/moderation?state=pending", admin);
        var listed = queue.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetInt32() == id);
        var diff = Assert.Single(listed.GetProperty("diff").EnumerateArray());
        Assert.Equal(("Name", "ZZMOD approve", "ZZMOD approve renamed"),
            (diff.GetProperty("field").GetString(), diff.GetProperty("current").GetString(), diff.GetProperty("proposed").GetString()));

        var approved = await admin.PostAsync($"/api/moderation/{id}/approve", null);
        Assert.True(approved.StatusCode == HttpStatusCode.OK, await Listings.Describe(approved));
        Assert.Equal("approved", (await Listings.JsonAsync(approved)).GetProperty("state").GetString());
        Assert.Equal("ZZMOD approve renamed", (await app.GetJsonAsync($"/odata/Interventions({listing})")).GetProperty("Name").GetString());
        var entry = app.WithDb(db => db.AuditEntries.Single(a => a.InterventionId == listing && a.Route != Listings.Setup.Route));
        Assert.Equal($"moderation {id}", entry.Route);
    }

    [Fact]
    public async Task Rejection_needs_a_reason_which_the_provider_reads()
    {
        var (listing, item) = await QueuedRenameAsync("ZZMOD reject");
        var id = item.GetProperty("id").GetInt32();

        Assert.Equal(HttpStatusCode.BadRequest, (await Listings.SendAsync(admin, HttpMethod.Post, $"/api/moderation/{id}/reject", new { reason = " " })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Listings.SendAsync(admin, HttpMethod.Post, $"/api/moderation/{id}/reject", new { reason = "Use the service's registered name." })).StatusCode);

        var seen = await app.GetJsonAsync($"/api/moderation/{id}", provider);
        Assert.Equal(("rejected", "Use the service's registered name."), (seen.GetProperty("state").GetString(), seen.GetProperty("reason").GetString()));
        Assert.Equal("ZZMOD reject", (await app.GetJsonAsync($"/odata/Interventions({listing})")).GetProperty("Name").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/moderation/{id}/approve", null)).StatusCode);
    }

    [Fact]
    public async Task A_conflicting_queued_change_is_reported_not_applied()
    {
        var (listing, first) = await QueuedRenameAsync("ZZMOD conflict");
        var second = await Listings.JsonAsync(await Listings.SendAsync(provider, HttpMethod.Patch, $"/odata/Interventions({listing})", new { Description = "Second." }, Listings.ETag(1)));

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/moderation/{first.GetProperty("id").GetInt32()}/approve", null)).StatusCode);
        var conflict = await admin.PostAsync($"/api/moderation/{second.GetProperty("id").GetInt32()}/approve", null);

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains("Name", (await Listings.JsonAsync(conflict)).GetProperty("error").GetProperty("message").GetString());
        Assert.Null(app.WithDb(db => db.Interventions.Single(i => i.Id == listing).Description));
    }

    [Fact]
    public async Task On_the_Welsh_pages_an_admin_reads_why_a_change_was_not_applied_in_Welsh()
    {
        var (listing, first) = await QueuedRenameAsync("ZZMOD conflict cy");
        var second = await Listings.JsonAsync(await Listings.SendAsync(provider, HttpMethod.Patch, $"/odata/Interventions({listing})", new { Description = "Ail." }, Listings.ETag(1)));
        var welsh = Listings.As(app, Roles.Admin);
        welsh.DefaultRequestHeaders.AcceptLanguage.ParseAdd("cy");
        Assert.Equal(HttpStatusCode.OK, (await welsh.PostAsync($"/api/moderation/{first.GetProperty("id").GetInt32()}/approve", null)).StatusCode);

        var conflict = await welsh.PostAsync($"/api/moderation/{second.GetProperty("id").GetInt32()}/approve", null);
        var again = await welsh.PostAsync($"/api/moderation/{first.GetProperty("id").GetInt32()}/approve", null);
        var noReason = await Listings.SendAsync(welsh, HttpMethod.Post, $"/api/moderation/{second.GetProperty("id").GetInt32()}/reject", new { reason = "" });

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.StartsWith("Ni chymhwyswyd: Mae'r ymyriad hwn wedi newid", (await Listings.JsonAsync(conflict)).GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("Roedd y newid hwn wedi'i gymeradwyo eisoes.", (await Listings.JsonAsync(again)).GetProperty("error").GetProperty("message").GetString());
        Assert.StartsWith("Rhowch reswm", (await Listings.JsonAsync(noReason)).GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Providers_see_only_their_own_organisations_items_and_cannot_decide()
    {
        var (_, item) = await QueuedRenameAsync("ZZMOD privacy");
        var id = item.GetProperty("id").GetInt32();
        var other = Listings.As(app, Roles.Provider, app.Known.OtherOrganisationId);

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/moderation/{id}")).StatusCode);
        Assert.DoesNotContain((await app.GetJsonAsync("/api/moderation", other)).GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetInt32() == id);
        Assert.Contains((await app.GetJsonAsync("/api/moderation", provider)).GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetInt32() == id);
        Assert.Equal(HttpStatusCode.Forbidden, (await provider.PostAsync($"/api/moderation/{id}/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Listings.As(app, null).GetAsync("/api/moderation")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Listings.As(app, Roles.Analyst).GetAsync("/api/moderation")).StatusCode);
    }

    [Fact]
    public async Task Admins_edits_apply_at_once_and_an_admin_sets_whether_an_organisations_edits_wait()
    {
        var listing = Listings.NewListing(app, app.Known.OrganisationId, "ZZMOD admin");
        Assert.Equal(HttpStatusCode.OK, (await Listings.SendAsync(admin, HttpMethod.Patch, $"/odata/Interventions({listing.Id})", new { Status = "paused" }, "*")).StatusCode);

        Assert.True((await app.GetJsonAsync($"/api/moderation/organisations/{app.Known.OrganisationId}", admin)).GetProperty("editsWaitForApproval").GetBoolean());
        Assert.Equal(HttpStatusCode.Forbidden, (await Listings.SendAsync(provider, HttpMethod.Put, $"/api/moderation/organisations/{app.Known.OrganisationId}", new { editsWaitForApproval = false })).StatusCode);
        // The sample's organisations (there before moderation) publish at once; new ones wait.
        var sampleOrganisation = app.WithDb(db => db.Organisations.OrderBy(o => o.Id).First().Id);
        Assert.False((await app.GetJsonAsync($"/api/moderation/organisations/{sampleOrganisation}", admin)).GetProperty("editsWaitForApproval").GetBoolean());
        Assert.True(new Blueprint.Data.Directory.Organisation { Name = "n", Type = "other" }.EditsWaitForApproval);
    }
}
