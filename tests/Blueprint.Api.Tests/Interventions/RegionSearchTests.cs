using System.Net;
using System.Text.Json;

namespace Blueprint.Api.Tests.Interventions;

public sealed class RegionSearchTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    private static List<string> Names(JsonElement json) =>
        json.GetProperty("value").EnumerateArray().Select(v => v.GetProperty("Name").GetString()!).ToList();

    [Fact]
    public async Task A_local_authority_shows_its_own_interventions_and_all_Wales_ones_but_not_others()
    {
        var json = await app.GetJsonAsync("/odata/Interventions/InArea(code='W06000015')?$filter=startswith(Name,'ZZKNOWN')&$select=Name");
        var names = Names(json);
        Assert.Contains("ZZKNOWN Cardiff Respect Programme", names);
        Assert.Contains("ZZKNOWN All Wales Helpline", names);
        Assert.DoesNotContain("ZZKNOWN Gwynedd Approximate Service", names);
    }

    [Fact]
    public async Task A_region_means_any_of_its_local_authorities()
    {
        var north = Names(await app.GetJsonAsync("/odata/Interventions/InArea(code='VR-NW')?$filter=startswith(Name,'ZZKNOWN')&$select=Name"));
        Assert.Contains("ZZKNOWN Gwynedd Approximate Service", north);
        Assert.Contains("ZZKNOWN All Wales Helpline", north);
        Assert.DoesNotContain("ZZKNOWN Cardiff Respect Programme", north);

        var southWalesPolice = Names(await app.GetJsonAsync("/odata/Interventions/InArea(code='W15000003')?$filter=startswith(Name,'ZZKNOWN')&$select=Name"));
        Assert.Contains("ZZKNOWN Cardiff Respect Programme", southWalesPolice);
    }

    [Fact]
    public async Task Region_count_equals_the_interventions_serving_any_member_or_all_Wales()
    {
        var expected = app.WithDb(db =>
        {
            string[] members = ["W06000002", "W06000001", "W06000003", "W06000004", "W06000005", "W06000006"];
            return db.Interventions.Count(i => i.AllWales || i.Areas.Any(a => members.Contains(a.Code)));
        });
        var json = await app.GetJsonAsync("/odata/Interventions/InArea(code='VR-NW')?$count=true&$top=1&$select=Id");
        Assert.Equal(expected, json.GetProperty("@odata.count").GetInt32());
    }

    [Fact]
    public async Task Region_search_composes_with_filter_orderby_top_and_count()
    {
        var json = await app.GetJsonAsync(
            "/odata/Interventions/InArea(code='W06000015')?$filter=Languages/any(l:l eq 'cy')&$orderby=Name desc&$top=3&$count=true&$select=Name,Languages");
        var items = json.GetProperty("value").EnumerateArray().ToList();
        Assert.InRange(items.Count, 1, 3);
        Assert.All(items, i => Assert.Contains("cy", i.GetProperty("Languages").EnumerateArray().Select(l => l.GetString())));
        var names = items.Select(i => i.GetProperty("Name").GetString()!).ToList();
        Assert.Equal(names.OrderByDescending(n => n, StringComparer.Ordinal).ToList(), names);
        Assert.True(json.GetProperty("@odata.count").GetInt32() >= items.Count);
    }

    [Fact]
    public async Task An_unknown_area_code_is_a_404_with_an_OData_error_naming_it()
    {
        var response = await app.CreateClient().GetAsync("/odata/Interventions/InArea(code='W06999999')");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Contains("W06999999", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Large_results_are_paged_with_a_next_link()
    {
        var first = await app.GetJsonAsync("/odata/Interventions?$select=Id");
        Assert.Equal(100, first.GetProperty("value").GetArrayLength());
        var next = new Uri(first.GetProperty("@odata.nextLink").GetString()!).PathAndQuery;
        var second = await app.GetJsonAsync(next);
        var ids = first.GetProperty("value").EnumerateArray().Concat(second.GetProperty("value").EnumerateArray()).Select(v => v.GetProperty("Id").GetInt32()).ToList();
        Assert.Equal(200, ids.Distinct().Count());
    }

    [Fact]
    public async Task Search_finds_names_in_English_and_in_Welsh()
    {
        var english = Names(await app.GetJsonAsync("/odata/Interventions?$search=\"Respect Programme\"&$select=Name"));
        Assert.Contains("ZZKNOWN Cardiff Respect Programme", english);
        var welsh = Names(await app.GetJsonAsync("/odata/Interventions?$search=gwasanaeth AND zzhysbys&$select=Name"));
        Assert.Equal(["ZZKNOWN Gwynedd Approximate Service"], welsh);
    }

    [Fact]
    public async Task A_single_intervention_carries_an_ETag()
    {
        var json = await app.GetJsonAsync($"/odata/Interventions({app.Known.CardiffId})");
        Assert.StartsWith("W/", json.GetProperty("@odata.etag").GetString());
        var missing = await app.CreateClient().GetAsync("/odata/Interventions(999999)");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Analysts_can_group_and_count_with_apply()
    {
        var json = await app.GetJsonAsync("/odata/Interventions?$apply=groupby((Status),aggregate($count as Total))");
        var total = json.GetProperty("value").EnumerateArray().Sum(v => v.GetProperty("Total").GetInt32());
        Assert.Equal(app.WithDb(db => db.Interventions.Count()), total);
    }

    [Theory]
    [InlineData("/odata/Interventions/InArea(code='W92000004')")]
    [InlineData("/odata/Interventions/Near(latitude=51.48,longitude=-3.18,radiusKm=100)")]
    public async Task Groupings_of_a_region_or_distance_search_come_in_the_OData_format_too(string route)
    {
        var json = await app.GetJsonAsync(route + "?$apply=groupby((Status),aggregate($count as Total))");
        Assert.Contains("$metadata#Interventions(Status,Total)", json.GetProperty("@odata.context").GetString());
        Assert.True(json.GetProperty("value").EnumerateArray().Sum(v => v.GetProperty("Total").GetInt32()) > 0);
    }
}
