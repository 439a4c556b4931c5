using System.Net;
using System.Text.Json;
using Blueprint.Api.Auth;
using L = Blueprint.Api.Tests.Listings.Listings;

namespace Blueprint.Api.Tests.ListingPages;

/// <summary>
/// The listings page's "last edited" date: the newest content change from the audit trail (a venue's too), never a
/// verification; each provider reads only its own organisations' listings.
/// </summary>
public sealed class LastEditsTests : IClassFixture<DatabaseOnlyApp>
{
    private readonly BlueprintApp app;

    public LastEditsTests(DatabaseOnlyApp app)
    {
        this.app = app;
        L.EditsWait(app, false, app.Known.OrganisationId, app.Known.OtherOrganisationId);
    }

    private static async Task<Dictionary<int, JsonElement>> LastEditedAsync(HttpClient client, string query = "")
    {
        var response = await client.GetAsync("/api/listings/last-edited" + query, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await L.JsonAsync(response);
        return body.GetProperty("listings").EnumerateArray().ToDictionary(e => e.GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task An_edit_is_the_last_edit_and_a_later_verification_does_not_move_it()
    {
        var listing = L.NewListing(app, app.Known.OrganisationId, "ZZLASTEDIT mine");
        var provider = L.As(app, Roles.Provider, app.Known.OrganisationId);
        Assert.Equal("test setup", (await LastEditedAsync(provider))[listing.Id].GetProperty("by").GetString()); // its creation

        var edited = await L.SendAsync(provider, HttpMethod.Patch, $"/odata/Interventions({listing.Id})", new { Description = "Edited." }, "*");
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var first = (await LastEditedAsync(provider))[listing.Id];
        Assert.Equal("provider of " + app.Known.OrganisationId, first.GetProperty("by").GetString());

        await Task.Delay(20, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, (await L.SendAsync(provider, HttpMethod.Post, $"/odata/Interventions({listing.Id})/Verify")).StatusCode);
        Assert.Equal(first.GetProperty("at").GetString(), (await LastEditedAsync(provider))[listing.Id].GetProperty("at").GetString());

        // A venue's change is a change of the listing's content.
        var venue = await L.SendAsync(provider, HttpMethod.Patch, $"/odata/VenueRecords({listing.ExactVenue})", new { Name = "ZZLASTEDIT renamed hub" }, "*");
        Assert.Equal(HttpStatusCode.OK, venue.StatusCode);
        Assert.NotEqual(first.GetProperty("at").GetString(), (await LastEditedAsync(provider))[listing.Id].GetProperty("at").GetString());
    }

    [Fact]
    public async Task Each_caller_reads_only_what_it_may()
    {
        var listing = L.NewListing(app, app.Known.OrganisationId, "ZZLASTEDIT theirs");
        var admin = L.As(app, Roles.Admin);
        var edited = await L.SendAsync(admin, HttpMethod.Patch, $"/odata/Interventions({listing.Id})", new { WaitingTimeWeeks = 3 }, "*");
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);

        Assert.True((await LastEditedAsync(admin)).ContainsKey(listing.Id));
        Assert.True((await LastEditedAsync(admin, $"?organisation={app.Known.OrganisationId}")).ContainsKey(listing.Id));
        Assert.False((await LastEditedAsync(admin, $"?organisation={app.Known.OtherOrganisationId}")).ContainsKey(listing.Id));
        Assert.True((await LastEditedAsync(L.As(app, Roles.Provider, app.Known.OrganisationId))).ContainsKey(listing.Id));
        Assert.False((await LastEditedAsync(L.As(app, Roles.Provider, app.Known.OtherOrganisationId))).ContainsKey(listing.Id));

        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.Forbidden, (await L.As(app, Roles.Analyst).GetAsync("/api/listings/last-edited", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await L.As(app, null).GetAsync("/api/listings/last-edited", ct)).StatusCode);
    }

    [Fact]
    public async Task Without_hiding_the_config_marks_nothing_overdue()
    {
        var text = await app.CreateClient().GetStringAsync("/api/config", TestContext.Current.CancellationToken);
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(text).RootElement.GetProperty("hiddenBefore").ValueKind);
    }
}
