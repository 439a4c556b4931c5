using System.Net;
using System.Text.Json;
using Blueprint.Api.Hosting;
using Blueprint.Data;
using Blueprint.Data.Directory;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Api.Tests.Geography;

/// <summary>GET /api/geo/markers: every matching intervention once, in the list's order, public data only, bounded.</summary>
public sealed class MarkerTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    private sealed record Item(int Id, string? Name, double[] Points, string[] Areas, string[] Serves);

    private sealed record Answer(JsonElement Header, List<Item> Items);

    private static Answer Parse(string body)
    {
        var root = JsonDocument.Parse(body).RootElement;
        var fields = root.GetProperty("fields").EnumerateArray().Select(f => f.GetString()!).ToList();
        var items = root.GetProperty("items").EnumerateArray().Select(e =>
        {
            JsonElement Field(string name) => e[fields.IndexOf(name)];
            return new Item(
                Field("id").GetInt32(),
                fields.Contains("name") ? Field("name").GetString() : null,
                Field("points").EnumerateArray().Select(p => p.GetDouble()).ToArray(),
                Field("areas").EnumerateArray().Select(a => a.GetString()!).ToArray(),
                Field("serves").EnumerateArray().Select(a => a.GetString()!).ToArray());
        }).ToList();
        return new Answer(root, items);
    }

    private async Task<(HttpResponseMessage Response, string Body)> GetAsync(string url)
    {
        var response = await app.CreateClient().GetAsync(url);
        return (response, await response.Content.ReadAsStringAsync());
    }

    private async Task<Answer> MarkersAsync(string query)
    {
        var (response, body) = await GetAsync($"/api/geo/markers?{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query} → {(int)response.StatusCode}: {body}");
        return Parse(body);
    }

    private async Task<List<int>> ODataIdsAsync(string code, string filter)
    {
        var ids = new List<int>();
        string? url = $"/odata/Interventions/InArea(code='{code}')?$filter={Uri.EscapeDataString(filter)}&$select=Id&$top=500";
        while (url is not null)
        {
            var json = await app.GetJsonAsync(url);
            ids.AddRange(json.GetProperty("value").EnumerateArray().Select(v => v.GetProperty("Id").GetInt32()));
            url = json.TryGetProperty("@odata.nextLink", out var next) ? next.GetString() : null;
        }
        return ids;
    }

    [Theory]
    [InlineData("W92000004", "Status ne 'closed'")]
    [InlineData("VR-NW", "Status ne 'closed'")]
    [InlineData("W06000015", "Status ne 'closed' and Languages/any(x: x eq 'cy')")]
    public async Task Every_intervention_the_list_would_show_is_listed_exactly_once_with_the_right_count(string code, string filter)
    {
        var expected = await ODataIdsAsync(code, filter);
        foreach (var lang in new[] { "en", "cy" })
        {
            var answer = await MarkersAsync($"area={code}&lang={lang}&filter={Uri.EscapeDataString(filter)}");
            Assert.Equal(expected.Count, answer.Header.GetProperty("count").GetInt32());
            Assert.False(answer.Header.GetProperty("truncated").GetBoolean());
            Assert.Equal(expected.Order(), answer.Items.Select(i => i.Id).Order());
        }
    }

    [Fact]
    public async Task Welsh_names_sort_as_the_Welsh_alphabet_and_English_ones_as_English()
    {
        foreach (var name in new[] { "ZZSORT Lyn", "ZZSORT Llan", "ZZSORT Cyw", "ZZSORT Chwarae", "ZZSORT Dwr", "ZZSORT Ddraig" })
        {
            await AddAsync(name, nameCy: name);
        }
        var filter = Uri.EscapeDataString("startswith(Name,'ZZSORT')");
        var welsh = (await MarkersAsync($"lang=cy&filter={filter}")).Items.Select(i => i.Name).ToList();
        Assert.Equal(["ZZSORT Cyw", "ZZSORT Chwarae", "ZZSORT Dwr", "ZZSORT Ddraig", "ZZSORT Lyn", "ZZSORT Llan"], welsh);
        var english = (await MarkersAsync($"lang=en&filter={filter}")).Items.Select(i => i.Name).ToList();
        Assert.Equal(["ZZSORT Chwarae", "ZZSORT Cyw", "ZZSORT Ddraig", "ZZSORT Dwr", "ZZSORT Llan", "ZZSORT Lyn"], english);
    }

    [Fact]
    public async Task The_Welsh_answer_carries_the_Welsh_name_and_falls_back_to_English()
    {
        var filter = Uri.EscapeDataString("startswith(Name,'ZZKNOWN')");
        var items = (await MarkersAsync($"lang=cy&filter={filter}")).Items.ToDictionary(i => i.Id);
        Assert.Equal("ZZHYSBYS Rhaglen Caerdydd", items[app.Known.CardiffId].Name);
        Assert.Equal("ZZKNOWN All Wales Helpline", items[app.Known.AllWalesId].Name);
    }

    [Fact]
    public async Task Exact_venues_give_points_approximate_ones_their_area_and_hidden_ones_nothing()
    {
        var (response, body) = await GetAsync($"/api/geo/markers?filter={Uri.EscapeDataString("startswith(Name,'ZZKNOWN')")}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = Parse(body).Items.ToDictionary(i => i.Id);

        var cardiff = items[app.Known.CardiffId];
        Assert.Equal([51.4816, -3.1791], cardiff.Points);
        Assert.Empty(cardiff.Areas);
        Assert.Empty(cardiff.Serves);

        var gwynedd = items[app.Known.GwyneddId];
        Assert.Empty(gwynedd.Points);
        Assert.Equal(["W06000002"], gwynedd.Areas);

        Assert.Equal(["W92000004"], items[app.Known.AllWalesId].Serves);
        // Only a hidden venue: shown where it serves, never where the venue is.
        var hiddenOnly = items[app.Known.HiddenOnlyId];
        Assert.Empty(hiddenOnly.Points);
        Assert.Equal(["W06000015"], hiddenOnly.Serves);

        foreach (var secret in new[] { "ZZSECRET", "ZZAPPROX", "51.51234", "-3.20987", "53.22111", "-4.13222" })
        {
            Assert.DoesNotContain(secret, body);
        }
        // No venue ids at all: the items are [id, name, points, areas, serves] and nothing else.
        Assert.All(JsonDocument.Parse(body).RootElement.GetProperty("items").EnumerateArray(), e => Assert.Equal(5, e.GetArrayLength()));
    }

    [Fact]
    public async Task Names_can_be_left_out_for_a_smaller_answer()
    {
        var withNames = await GetAsync("/api/geo/markers");
        var without = await GetAsync("/api/geo/markers?names=false");
        var answer = Parse(without.Body);
        Assert.DoesNotContain("name", answer.Header.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(Parse(withNames.Body).Items.Select(i => i.Id), answer.Items.Select(i => i.Id));
        Assert.True(without.Body.Length < withNames.Body.Length / 2 + 2000);
    }

    [Fact]
    public async Task The_answer_is_one_item_per_line_so_it_can_be_read_as_it_arrives()
    {
        var (_, body) = await GetAsync("/api/geo/markers?area=VR-NW");
        var lines = body.TrimEnd('\n').Split('\n');
        Assert.EndsWith("\"items\":[", lines[0]);
        using var header = JsonDocument.Parse(lines[0] + "]}");
        Assert.Equal(lines.Length - 2, header.RootElement.GetProperty("count").GetInt32());
        foreach (var line in lines[1..^1])
        {
            using var item = JsonDocument.Parse(line.TrimEnd(','));
            Assert.Equal(JsonValueKind.Array, item.RootElement.ValueKind);
        }
        Assert.Equal("]}", lines[^1]);
    }

    [Fact]
    public async Task A_limit_cuts_the_answer_and_says_so_and_one_beyond_the_cap_is_refused()
    {
        var all = await MarkersAsync("");
        var cut = await MarkersAsync("limit=5");
        Assert.True(cut.Header.GetProperty("truncated").GetBoolean());
        Assert.Equal(5, cut.Items.Count);
        Assert.Equal(all.Items.Count, cut.Header.GetProperty("count").GetInt32());

        var capped = app.WithWebHostBuilder(b => b.UseSetting("Map:MarkerLimit", "100")).CreateClient();
        var truncated = Parse(await capped.GetStringAsync("/api/geo/markers"));
        Assert.True(truncated.Header.GetProperty("truncated").GetBoolean());
        Assert.Equal(100, truncated.Items.Count);

        var refused = await capped.GetAsync("/api/geo/markers?limit=101");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("LimitTooLarge", error.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("area=NOWHERE", HttpStatusCode.NotFound, "UnknownArea")]
    [InlineData("filter=Nope%20eq%201", HttpStatusCode.BadRequest, "BadFilter")]
    [InlineData("lang=fr", HttpStatusCode.BadRequest, "BadLanguage")]
    [InlineData("limit=0", HttpStatusCode.BadRequest, "LimitTooLarge")]
    public async Task A_bad_request_gets_an_OData_error_before_any_item(string query, HttpStatusCode status, string code)
    {
        var (response, body) = await GetAsync($"/api/geo/markers?{query}");
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_front_end_is_told_the_page_size()
    {
        var config = await app.GetJsonAsync("/api/config");
        Assert.Equal(50, config.GetProperty("pageSize").GetInt32());
    }

    private async Task AddAsync(string name, string? nameCy)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        db.Interventions.Add(new Intervention
        {
            OrganisationId = app.Known.OrganisationId, Name = name, NameCy = nameCy, AllWales = true, Status = "active",
            LastVerified = new DateOnly(2026, 10, 1), Source = "editor",
        });
        await db.SaveChangesAsync();
        await DirectoryCache.InvalidateAsync(scope.ServiceProvider.GetRequiredService<IOutputCacheStore>());
    }
}
