using System.Net;
using System.Text.Json;
using Blueprint.Api.Auth;
using Blueprint.Api.Listings;
using Microsoft.Extensions.Configuration;

namespace Blueprint.Api.Tests.Staleness;

/// <summary>
/// Overdue listings (not verified for Listings:StaleAfterDays + HideAfterOverdueDays) leave every public
/// route, stay visible to their own provider, analysts and admins, and the cache follows the calendar.
/// </summary>
[Collection(StalenessCollection.Name)]
public sealed class HidingTests(StaleHosts hosts)
{
    private string Filter => $"startswith(Name,'{StaleHosts.Prefix}')";

    private async Task<JsonElement> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"GET {url} → {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private static List<int> Ids(JsonElement odata) => [.. odata.GetProperty("value").EnumerateArray().Select(v => v.GetProperty("Id").GetInt32())];

    private async Task<List<int>> MarkerIdsAsync(HttpClient client) =>
        [.. (await GetAsync(client, $"/api/geo/markers?area=W06000015&filter={Filter}")).GetProperty("items").EnumerateArray().Select(i => i[0].GetInt32())];

    [Fact]
    public async Task An_overdue_listing_is_absent_from_every_public_route()
    {
        var anonymous = hosts.ClientAs(null);
        var shown = new[] { hosts.FreshId, hosts.StaleId, hosts.OnTheLineId }.Order().ToList();

        var list = await GetAsync(anonymous, $"/odata/Interventions?$filter={Filter}&$select=Id&$orderby=Id&$count=true");
        Assert.Equal(shown, Ids(list));
        Assert.Equal(3, list.GetProperty("@odata.count").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/odata/Interventions({hosts.OverdueId})", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(shown, Ids(await GetAsync(anonymous, $"/odata/Interventions/InArea(code='VR-CV')?$filter={Filter}&$select=Id&$orderby=Id")));
        Assert.DoesNotContain(hosts.OverdueId, Ids(await GetAsync(anonymous, "/odata/Interventions/Near(latitude=51.4816,longitude=-3.1791,radiusKm=1)?$select=Id")));
        var organisation = await GetAsync(anonymous, $"/odata/Organisations({hosts.OrganisationId})?$expand=Interventions($select=Id;$orderby=Id)");
        Assert.Equal(shown, [.. organisation.GetProperty("Interventions").EnumerateArray().Select(i => i.GetProperty("Id").GetInt32())]);
        var venues = await GetAsync(anonymous, $"/odata/Venues?$filter=PublicId eq {hosts.OverdueVenue}&$count=true");
        Assert.Equal(0, venues.GetProperty("@odata.count").GetInt32());
        Assert.Equal(shown, (await MarkerIdsAsync(anonymous)).Order().ToList());
        var counts = await GetAsync(anonymous, $"/api/geo/counts?kind=local-authority&filter={Filter}");
        Assert.Equal(3, counts.GetProperty("counts").GetProperty("W06000015").GetInt32());
        var areas = await GetAsync(anonymous, $"/api/geo/areas?kind=vawdasv-region&filter={Filter}");
        Assert.Equal(3, areas.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "VR-CV").GetProperty("properties").GetProperty("count").GetInt32());
    }

    [Theory]
    [InlineData(Roles.Admin, true)]
    [InlineData(Roles.Analyst, true)]
    [InlineData(Roles.Provider, true)]
    [InlineData("other-provider", false)]
    public async Task Its_own_provider_analysts_and_admins_still_see_an_overdue_listing(string role, bool sees)
    {
        var client = role == "other-provider"
            ? hosts.ClientAs(Roles.Provider, hosts.App.Known.OrganisationId)
            : hosts.ClientAs(role, role == Roles.Provider ? hosts.OrganisationId : null);

        var response = await client.GetAsync($"/odata/Interventions({hosts.OverdueId})?$expand=Venues", TestContext.Current.CancellationToken);
        Assert.Equal(sees ? HttpStatusCode.OK : HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(sees, (await MarkerIdsAsync(client)).Contains(hosts.OverdueId));
        var organisation = await GetAsync(client, $"/odata/Organisations({hosts.OrganisationId})?$expand=Interventions($select=Id)");
        Assert.Equal(sees ? 4 : 3, organisation.GetProperty("Interventions").GetArrayLength());
    }

    [Fact]
    public async Task A_cached_answer_is_not_served_after_a_listing_crosses_the_hide_line()
    {
        var anonymous = hosts.ClientAs(null);
        await hosts.SettleAsync();
        try
        {
            Assert.Contains(hosts.OnTheLineId, await MarkerIdsAsync(anonymous)); // the last day it is shown: cached now
            Assert.Contains(hosts.OnTheLineId, await MarkerIdsAsync(anonymous));

            hosts.Clock.Now = hosts.Clock.Now.AddDays(1); // no write: only the calendar moves

            Assert.DoesNotContain(hosts.OnTheLineId, await MarkerIdsAsync(anonymous));
            Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/odata/Interventions({hosts.OnTheLineId})", TestContext.Current.CancellationToken)).StatusCode);
        }
        finally
        {
            hosts.Clock.Now = hosts.Clock.Now.AddDays(-1);
        }
    }

    [Fact]
    public async Task The_front_end_gets_the_stale_line_from_the_one_setting()
    {
        var config = await GetAsync(hosts.ClientAs(null), "/api/config");
        Assert.Equal(StaleHosts.StaleAfterDays, config.GetProperty("staleAfterDays").GetInt32());
        Assert.Equal(StaleHosts.Day.AddDays(-StaleHosts.StaleAfterDays).ToString("yyyy-MM-dd"), config.GetProperty("staleBefore").GetString());
    }

    [Theory]
    [InlineData(null, null, 183)]
    [InlineData("365", null, 365)]
    [InlineData("365", "200", 200)]
    public void Listings_StaleAfterDays_wins_and_the_old_Map_setting_still_counts_without_it(string? map, string? listings, int expected)
    {
        var settings = new Dictionary<string, string?>();
        if (map is not null) settings["Map:StaleAfterDays"] = map;
        if (listings is not null) settings["Listings:StaleAfterDays"] = listings;
        var options = new ListingsOptions();
        ListingsOptions.Bind(options, new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        Assert.Equal(expected, options.StaleAfterDays);
    }
}
