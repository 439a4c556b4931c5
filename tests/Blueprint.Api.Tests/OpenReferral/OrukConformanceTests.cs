using System.Text.Json;
using Json.Schema;

namespace Blueprint.Api.Tests.OpenReferral;

/// <summary>
/// Issue 14's conformance check: every endpoint of <c>/openreferral</c> (the first, a middle and the last page
/// of each list, every id harvested from them, every line of each <c>ndjson</c> stream) validates against the
/// ORUK 3.0 JSON Schemas with formats enforced, and the page envelopes are consistent. An empty feed fails.
/// </summary>
public sealed class OrukConformanceTests(BlueprintApp app, ITestOutputHelper output) : IClassFixture<BlueprintApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <param name="Detail">the path of one record by id (null: the list has no detail route).</param>
    public sealed record Feed(string List, JsonSchema Item, string? Detail, JsonSchema? DetailSchema, int PerPage);

    public static TheoryData<string> Lists() =>
    [
        "services", "services?full=true", "services?minimal=true", "organizations", "organizations?full=true",
        "service_at_locations", "service_at_locations?full=true", "taxonomies", "taxonomy_terms",
    ];

    private static Feed FeedOf(string list) => list switch
    {
        "services" => new(list, OrukSchemas.ServiceList, "services", OrukSchemas.Service, 7),
        "services?full=true" => new(list, OrukSchemas.Service, "services", OrukSchemas.Service, 5),
        "services?minimal=true" => new(list, OrukSchemas.ServiceList, null, null, 11),
        "organizations" => new(list, OrukSchemas.OrganizationList, "organizations", OrukSchemas.Organization, 4),
        "organizations?full=true" => new(list, OrukSchemas.Organization, null, null, 6),
        "service_at_locations" => new(list, OrukSchemas.ServiceAtLocationList, "service_at_locations", OrukSchemas.ServiceAtLocation, 7),
        "service_at_locations?full=true" => new(list, OrukSchemas.ServiceAtLocation, null, null, 9),
        "taxonomies" => new(list, OrukSchemas.Taxonomy, "taxonomies", OrukSchemas.Taxonomy, 4),
        "taxonomy_terms" => new(list, OrukSchemas.TaxonomyTerm, "taxonomy_terms", OrukSchemas.TaxonomyTerm, 13),
        _ => throw new ArgumentOutOfRangeException(nameof(list)),
    };

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task Every_page_record_and_stream_line_validates_and_pages_are_consistent(string list)
    {
        var feed = FeedOf(list);
        var client = app.CreateClient();
        var problems = new List<string>();
        var url = $"/openreferral/{feed.List}{(feed.List.Contains('?') ? '&' : '?')}per_page={feed.PerPage}";
        var first = await PageAsync(client, url, 1, feed, problems);
        var total = first.GetProperty("total_items").GetInt32();
        var pages = first.GetProperty("total_pages").GetInt32();
        Assert.True(total > 0, $"{feed.List}: the feed is empty");
        Assert.True(pages >= 3, $"{feed.List}: {total} items make only {pages} pages; a middle page is needed");
        var ids = new HashSet<string>();
        foreach (var page in new[] { 1, (pages + 1) / 2, pages }.Distinct())
        {
            var body = page == 1 ? first : await PageAsync(client, url, page, feed, problems);
            Assert.Equal(total, body.GetProperty("total_items").GetInt32());
            foreach (var item in body.GetProperty("contents").EnumerateArray())
            {
                if (!ids.Add(item.GetProperty("id").GetString()!))
                {
                    problems.Add($"{feed.List} page {page}: id {item.GetProperty("id")} repeated");
                }
            }
        }
        var beyond = await PageAsync(client, url, pages + 1, feed, problems);
        Assert.True(beyond.GetProperty("empty").GetBoolean() && beyond.GetProperty("contents").GetArrayLength() == 0, $"{feed.List}: the page after the last is not empty");

        if (feed.Detail is not null)
        {
            foreach (var id in ids)
            {
                var response = await client.GetAsync($"/openreferral/{feed.Detail}/{id}", Ct);
                var text = await response.Content.ReadAsStringAsync(Ct);
                if (!response.IsSuccessStatusCode)
                {
                    problems.Add($"{feed.Detail}/{id}: {(int)response.StatusCode} {text}");
                    continue;
                }
                var record = JsonDocument.Parse(text).RootElement;
                if (OrukSchemas.Problems(feed.DetailSchema!, record) is { } wrong)
                {
                    problems.Add($"{feed.Detail}/{id}: {wrong}");
                }
                if (record.GetProperty("id").GetString() != id)
                {
                    problems.Add($"{feed.Detail}/{id}: answered another record");
                }
            }
        }

        var lines = await StreamAsync(client, $"/openreferral/{feed.List}{(feed.List.Contains('?') ? '&' : '?')}format=ndjson");
        Assert.Equal(total, lines.Count);
        Assert.Equal(total, lines.Select(l => l.GetProperty("id").GetString()).Distinct().Count());
        foreach (var (line, n) in lines.Select((l, n) => (l, n)))
        {
            if (OrukSchemas.Problems(feed.Item, line) is { } wrong)
            {
                problems.Add($"{feed.List} ndjson line {n + 1}: {wrong}");
            }
        }
        output.WriteLine($"{feed.List}: {total} items in {pages} pages of {feed.PerPage}; {ids.Count} ids read one by one; {lines.Count} ndjson lines; {problems.Count} problems");
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(30)));
    }

    /// <summary>One page, its envelope checked against the page number and size asked for, its records against the schema.</summary>
    private static async Task<JsonElement> PageAsync(HttpClient client, string url, int page, Feed feed, List<string> problems)
    {
        var response = await client.GetAsync($"{url}&page={page}", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{url}&page={page}: {(int)response.StatusCode} {text}");
        var body = JsonDocument.Parse(text).RootElement;
        var total = body.GetProperty("total_items").GetInt32();
        var pages = body.GetProperty("total_pages").GetInt32();
        var size = body.GetProperty("size").GetInt32();
        var contents = body.GetProperty("contents");
        var where = $"{feed.List} page {page}";
        void Check(bool ok, string what)
        {
            if (!ok)
            {
                problems.Add($"{where}: {what} ({text[..Math.Min(200, text.Length)]})");
            }
        }
        Check(pages == (total + feed.PerPage - 1) / feed.PerPage, $"total_pages {pages} for {total} items of {feed.PerPage}");
        Check(body.GetProperty("page_number").GetInt32() == page, "page_number");
        Check(size == contents.GetArrayLength(), "size is not the number of records");
        Check(size == (page < pages ? feed.PerPage : page == pages ? total - (pages - 1) * feed.PerPage : 0), $"size {size}");
        Check(body.GetProperty("first_page").GetBoolean() == (page == 1), "first_page");
        Check(body.GetProperty("last_page").GetBoolean() == (page >= pages), "last_page");
        Check(body.GetProperty("empty").GetBoolean() == (size == 0), "empty");
        foreach (var item in contents.EnumerateArray())
        {
            if (OrukSchemas.Problems(feed.Item, item) is { } wrong)
            {
                problems.Add($"{where} {item.GetProperty("id")}: {wrong}");
            }
        }
        return body;
    }

    public static async Task<List<JsonElement>> StreamAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
    }

    /// <summary>The check itself: each of these breaks one rule the public validator enforces, and each is refused.</summary>
    [Theory]
    [InlineData("""{"id":"not-a-uuid","name":"x","status":"active"}""")]
    [InlineData("""{"id":"0b8a2d0e-2c1f-4c55-9a3e-5f1d2c3b4a59","name":"x","status":"active","email":"not an address"}""")]
    [InlineData("""{"id":"0b8a2d0e-2c1f-4c55-9a3e-5f1d2c3b4a59","name":"x","status":"active","url":"no scheme"}""")]
    [InlineData("""{"id":"0b8a2d0e-2c1f-4c55-9a3e-5f1d2c3b4a59","name":"x","status":"active","last_modified":"yesterday"}""")]
    [InlineData("""{"id":"0b8a2d0e-2c1f-4c55-9a3e-5f1d2c3b4a59","name":"x","status":"paused"}""")]
    [InlineData("""{"id":"0b8a2d0e-2c1f-4c55-9a3e-5f1d2c3b4a59","status":"active"}""")]
    public void The_schemas_refuse_what_the_public_validator_refuses(string service)
    {
        Assert.NotNull(OrukSchemas.Problems(OrukSchemas.Service, JsonDocument.Parse(service).RootElement));
        Assert.Null(OrukSchemas.Problems(OrukSchemas.Service, JsonDocument.Parse(
            """{"id":"0b8a2d0e-2c1f-4c55-9a3e-5f1d2c3b4a59","name":"x","status":"temporarily closed","email":"a@example.org","url":"https://example.org/a","last_modified":"2026-11-01T10:00:00.000Z"}""").RootElement));
    }

    [Fact]
    public async Task The_served_openapi_document_parses_and_names_every_route_of_the_feed()
    {
        var root = await app.GetJsonAsync("/openreferral/");
        var openApiUrl = new Uri(root.GetProperty("openapi_url").GetString()!);
        Assert.True(openApiUrl.IsAbsoluteUri);
        var document = await app.GetJsonAsync(openApiUrl.PathAndQuery);
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
        Assert.False(string.IsNullOrEmpty(document.GetProperty("info").GetProperty("title").GetString()));
        Assert.EndsWith("/openreferral", document.GetProperty("servers")[0].GetProperty("url").GetString());
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        string[] expected = ["/", "/services", "/services/{id}", "/organizations", "/organizations/{id}", "/service_at_locations",
            "/service_at_locations/{id}", "/taxonomies", "/taxonomies/{id}", "/taxonomy_terms", "/taxonomy_terms/{id}"];
        Assert.Subset(paths, expected.ToHashSet());
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            var get = path.Value.GetProperty("get");
            Assert.True(get.GetProperty("responses").TryGetProperty("200", out _), path.Name);
            foreach (var parameter in get.TryGetProperty("parameters", out var ps) ? ps.EnumerateArray() : default)
            {
                var name = parameter.GetProperty("$ref").GetString()!.Split('/')[^1];
                Assert.True(document.GetProperty("components").GetProperty("parameters").TryGetProperty(name, out _), $"{path.Name}: parameter {name} is not defined");
            }
        }
    }
}
