using System.Globalization;
using System.Net;
using System.Text.Json;
using Blueprint.Api.Auth;
using Blueprint.Data.Directory;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using L = Blueprint.Api.Tests.Listings.Listings;

namespace Blueprint.Api.Tests.Feeds;

/// <summary>
/// A partner stays in sync with two reads: changed rows through OData (<c>PublicModifiedAt gt T</c>) and
/// tombstones through <c>/api/changes?since=T</c> (decision 0034).
/// </summary>
public sealed class ChangeFeedTests : IClassFixture<BlueprintApp>
{
    private readonly BlueprintApp app;

    public ChangeFeedTests(BlueprintApp app)
    {
        this.app = app;
        L.EditsWait(app, false, app.Known.OrganisationId, app.Known.OtherOrganisationId);
    }

    private HttpClient Provider => L.As(app, Roles.Provider, app.Known.OrganisationId);

    private static string Since(DateTime t) => Uri.EscapeDataString(t.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture));

    private Guid PublicIdOf(int listing) => app.WithDb(db => db.Interventions.IgnoreQueryFilters().Where(i => i.Id == listing).Select(i => i.PublicId).Single());

    private async Task SendAsync(HttpMethod method, string url, object? body = null)
    {
        var response = await L.SendAsync(Provider, method, url, body, "*");
        Assert.True(response.IsSuccessStatusCode, await L.Describe(response));
    }

    /// <summary>Every tombstone after <paramref name="since"/>, following next links.</summary>
    private async Task<List<JsonElement>> AllTombstonesAsync(string url, HttpClient? client = null)
    {
        var items = new List<JsonElement>();
        string? next = url;
        for (var pages = 0; next is not null; pages++)
        {
            Assert.True(pages < 100, "the next links never end");
            var page = await app.GetJsonAsync(next, client);
            items.AddRange(page.GetProperty("value").EnumerateArray());
            next = page.TryGetProperty("nextLink", out var link) && link.ValueKind == JsonValueKind.String ? link.GetString() : null;
        }
        return items;
    }

    [Fact]
    public async Task Edit_close_delete_and_hide_each_appear_and_a_private_edit_does_not()
    {
        var edited = L.NewListing(app, app.Known.OrganisationId, "ZZSYNC edited");
        var closed = L.NewListing(app, app.Known.OrganisationId, "ZZSYNC closed");
        var deleted = L.NewListing(app, app.Known.OrganisationId, "ZZSYNC deleted");
        var hidden = L.NewListing(app, app.Known.OrganisationId, "ZZSYNC venue hidden");
        var privateEdit = L.NewListing(app, app.Known.OrganisationId, "ZZSYNC private edit");
        var since = DateTime.UtcNow;

        await SendAsync(HttpMethod.Patch, $"/odata/Interventions({edited.Id})", new { Description = "Evening groups too." });
        await SendAsync(HttpMethod.Patch, $"/odata/Interventions({closed.Id})", new { Status = "closed" });
        await SendAsync(HttpMethod.Delete, $"/odata/Interventions({deleted.Id})");
        await SendAsync(HttpMethod.Patch, $"/odata/VenueRecords({hidden.ExactVenue})", new { Visibility = "hidden" });
        await SendAsync(HttpMethod.Patch, $"/odata/VenueRecords({privateEdit.HiddenVenue})", new { Address = "ZZSECRET 5 Moved Row" });

        var changed = await app.GetJsonAsync($"/odata/Interventions?$filter=PublicModifiedAt gt {Since(since)} and startswith(Name,'ZZSYNC')&$select=Name");
        var names = changed.GetProperty("value").EnumerateArray().Select(v => v.GetProperty("Name").GetString()).Order().ToList();
        Assert.Equal(["ZZSYNC closed", "ZZSYNC edited", "ZZSYNC venue hidden"], names);

        var tombstones = await AllTombstonesAsync($"/api/changes?since={Since(since)}");
        var seen = tombstones.Select(t => (t.GetProperty("kind").GetString(), t.GetProperty("id").GetGuid(), t.GetProperty("status").GetString())).ToList();
        Assert.Contains(("intervention", PublicIdOf(closed.Id), "closed"), seen);
        Assert.Contains(("intervention", PublicIdOf(deleted.Id), "deleted"), seen);
        var venue = app.WithDb(db => db.VenueRecords.Where(v => v.Id == hidden.ExactVenue).Select(v => v.PublicId).Single());
        Assert.Contains(("venue", venue, "hidden"), seen);
        Assert.DoesNotContain(seen, s => s.Item2 == PublicIdOf(edited.Id) || s.Item2 == PublicIdOf(privateEdit.Id));
        Assert.All(tombstones, t => Assert.Equal(["kind", "id", "status", "at"], t.EnumerateObject().Select(p => p.Name)));
    }

    [Fact]
    public async Task Pages_follow_next_links_without_losing_or_repeating_a_tombstone()
    {
        var since = DateTime.UtcNow;
        var listings = Enumerable.Range(1, 5).Select(n => L.NewListing(app, app.Known.OrganisationId, $"ZZSYNC page {n}")).ToList();
        foreach (var listing in listings)
        {
            await SendAsync(HttpMethod.Patch, $"/odata/Interventions({listing.Id})", new { Status = "paused" });
        }

        var first = await app.GetJsonAsync($"/api/changes?since={Since(since)}&kind=intervention&top=2");
        Assert.Equal(2, first.GetProperty("value").GetArrayLength());
        Assert.Contains("top=2", first.GetProperty("nextLink").GetString());
        var all = await AllTombstonesAsync($"/api/changes?since={Since(since)}&kind=intervention&top=2");

        var ids = all.Select(t => t.GetProperty("id").GetGuid()).ToList();
        Assert.Equal(listings.Select(l => PublicIdOf(l.Id)).Order(), ids.Order());
        var times = all.Select(t => t.GetProperty("at").GetDateTime()).ToList();
        Assert.Equal(times.Order(), times);
    }

    [Fact]
    public async Task A_listing_overdue_for_verification_is_reported_hidden_from_the_day_it_left_search()
    {
        var verified = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-300);
        var listing = L.NewListing(app, app.Known.OtherOrganisationId, "ZZSYNC overdue");
        app.WithDb(db => db.Interventions.Where(i => i.Id == listing.Id).ExecuteUpdate(s => s.SetProperty(i => i.LastVerified, verified)));
        using var hiding = app.WithWebHostBuilder(b => b.UseSetting("Listings:HideOverdue", "true"));

        var hiddenAt = verified.AddDays(183 + 92 + 1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var page = await AllTombstonesAsync($"/api/changes?since={Since(hiddenAt.AddSeconds(-1))}&kind=intervention", hiding.CreateClient());
        var tombstone = Assert.Single(page, t => t.GetProperty("id").GetGuid() == PublicIdOf(listing.Id));
        Assert.Equal("hidden", tombstone.GetProperty("status").GetString());
        Assert.Equal(hiddenAt, tombstone.GetProperty("at").GetDateTime().ToUniversalTime());

        var later = await AllTombstonesAsync($"/api/changes?since={Since(hiddenAt)}&kind=intervention", hiding.CreateClient());
        Assert.DoesNotContain(later, t => t.GetProperty("id").GetGuid() == PublicIdOf(listing.Id));
        var withoutHiding = await AllTombstonesAsync($"/api/changes?since={Since(hiddenAt.AddSeconds(-1))}&kind=intervention");
        Assert.DoesNotContain(withoutHiding, t => t.GetProperty("id").GetGuid() == PublicIdOf(listing.Id));
    }

    [Theory]
    [InlineData("since=yesterday", "BadSince")]
    [InlineData("since=2026-01-01T00:00:00", "BadSince")]
    [InlineData("kind=refuge", "BadKind")]
    [InlineData("top=0", "BadTop")]
    [InlineData("top=100000", "BadTop")]
    [InlineData("$filter=Status eq 'closed'", "UnknownParameter")]
    public async Task Bad_parameters_get_a_400_with_the_APIs_error_body(string query, string code)
    {
        var response = await app.CreateClient().GetAsync($"/api/changes?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
    }
}
