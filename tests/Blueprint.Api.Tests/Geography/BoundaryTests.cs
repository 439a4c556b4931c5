using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Blueprint.Api.Tests.Geography;

/// <summary>The map's boundaries (once a session, with an ETag) and its per-filter counts (a small JSON).</summary>
public sealed class BoundaryTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    [Theory]
    [InlineData("local-authority", 22)]
    [InlineData("vawdasv-region", 6)]
    [InlineData("police-force-area", 4)]
    [InlineData("health-board", 7)]
    public async Task Boundaries_carry_outlines_names_labels_and_the_attribution_but_no_counts(string kind, int areas)
    {
        var collection = await app.GetJsonAsync($"/api/geo/boundaries?kind={kind}");
        Assert.Contains("Ordnance Survey", collection.GetProperty("attribution").GetString() ?? "", StringComparison.Ordinal);
        var features = collection.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(areas, features.Count);
        Assert.All(features, f =>
        {
            Assert.Contains(f.GetProperty("geometry").GetProperty("type").GetString(), new[] { "Polygon", "MultiPolygon" });
            Assert.Equal(kind, f.GetProperty("properties").GetProperty("kind").GetString());
            Assert.False(f.GetProperty("properties").TryGetProperty("count", out _));
            Assert.True(f.GetProperty("properties").GetProperty("labelLatitude").GetDouble() > 51);
        });
    }

    [Fact]
    public async Task Boundaries_have_an_etag_and_answer_304_when_it_still_matches()
    {
        var client = app.ClientAs(null);
        using var first = await client.GetAsync("/api/geo/boundaries?kind=local-authority");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.True(first.Headers.CacheControl?.NoCache, "revalidated on every use, so a new boundary file shows at once");

        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/geo/boundaries?kind=local-authority");
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        using var stale = new HttpRequestMessage(HttpMethod.Get, "/api/geo/boundaries?kind=local-authority");
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"something-else\""));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(stale)).StatusCode);

        using var otherKind = await client.GetAsync("/api/geo/boundaries?kind=health-board");
        Assert.NotEqual(etag, otherKind.Headers.ETag);
    }

    [Theory]
    [InlineData("local-authority", "")]
    [InlineData("vawdasv-region", "Languages/any(l:l eq 'cy')")]
    [InlineData("health-board", "RiskLevels/any(r:r eq 'high') and Status ne 'closed'")]
    public async Task Counts_match_the_counts_in_the_full_geojson(string kind, string filter)
    {
        var query = $"kind={kind}&filter={Uri.EscapeDataString(filter)}";
        var counts = (await app.GetJsonAsync($"/api/geo/counts?{query}")).GetProperty("counts");
        var geo = await app.GetJsonAsync($"/api/geo/areas?{query}");
        var features = geo.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(features.Count, counts.EnumerateObject().Count());
        Assert.All(features, f => Assert.Equal(
            f.GetProperty("properties").GetProperty("count").GetInt32(),
            counts.GetProperty(f.GetProperty("properties").GetProperty("code").GetString()!).GetInt32()));
        Assert.Contains(features, f => f.GetProperty("properties").GetProperty("count").GetInt32() > 0);
    }

    /// <summary>The number on the map for an area is the number of results its search lists (all-Wales listings in both).</summary>
    [Theory]
    [InlineData("local-authority", "Status ne 'closed'")]
    [InlineData("vawdasv-region", "")]
    [InlineData("police-force-area", "Languages/any(l:l eq 'cy') or startswith(NameCy,'G')")]
    [InlineData("health-board", "Gender eq 'men'")]
    public async Task Each_area_counts_what_its_search_lists(string kind, string filter)
    {
        var counts = (await app.GetJsonAsync($"/api/geo/counts?kind={kind}&filter={Uri.EscapeDataString(filter)}")).GetProperty("counts");
        var listed = 0;
        foreach (var area in counts.EnumerateObject())
        {
            var search = $"/odata/Interventions/InArea(code='{area.Name}')?$count=true&$top=0" + (filter.Length > 0 ? $"&$filter={Uri.EscapeDataString(filter)}" : "");
            var count = (await app.GetJsonAsync(search)).GetProperty("@odata.count").GetInt32();
            Assert.True(count == area.Value.GetInt32(), $"{area.Name}: the map says {area.Value.GetInt32()}, the search lists {count}");
            listed += count;
        }
        Assert.True(listed > 0, "the sample has listings for these searches");
    }

    [Fact]
    public async Task Counts_are_small_and_refuse_a_bad_kind_or_filter_with_the_OData_error_body()
    {
        var client = app.ClientAs(null);
        var body = await client.GetStringAsync("/api/geo/counts?kind=local-authority&filter=Status%20ne%20'closed'");
        Assert.True(body.Length < 1024, $"{body.Length} bytes");
        foreach (var url in new[] { "/api/geo/counts?kind=parish", "/api/geo/counts?filter=Nonsense%20eq%201", "/api/geo/boundaries?kind=parish" })
        {
            using var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").TryGetProperty("code", out _));
        }
    }
}
