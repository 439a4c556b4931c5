using Blueprint.Api.Auth;
using Blueprint.Api.Tests.Imports;

namespace Blueprint.Api.Tests.OData;

/// <summary>
/// Issue 8, "no 5xx from any query": every class of hostile query (<see cref="QueryGrid"/>) on every OData
/// route and function, database and in-memory paths, both OData routes. Each answer is below 500 and a
/// complete JSON body (an OData error body for a 4xx). Limits stay at their defaults: rate limiting is
/// off in the test host.
/// </summary>
public sealed class HostileQueryGridTests(BlueprintApp app, ITestOutputHelper output) : IClassFixture<BlueprintApp>
{
    private async Task<List<QueryRoute>> RoutesAsync()
    {
        var analyst = app.ClientAs(Roles.Analyst);
        var report = await SurveyExport.UploadOkAsync(analyst, SurveyExport.ThreeRows(SurveyExport.NewMarker()));
        var importId = report.GetProperty("importId").GetInt32();
        var d = QueryGrid.Directory;
        var s = QueryGrid.Survey;
        var intervention = QueryGrid.TypeOf(d, "Interventions");
        return
        [
            new("/odata/Interventions", intervention, null),
            new("/odata/Interventions/InArea(code='VR-NW')", intervention, null),
            new("/odata/Interventions/Near(latitude=51.4816,longitude=-3.1791,radiusKm=15)", intervention, null),
            new($"/odata/Interventions({app.Known.CardiffId})", intervention, null, IsCollection: false),
            new("/odata/Organisations", QueryGrid.TypeOf(d, "Organisations"), null),
            new($"/odata/Organisations({app.Known.OrganisationId})", QueryGrid.TypeOf(d, "Organisations"), null, IsCollection: false),
            new("/odata/Venues", QueryGrid.TypeOf(d, "Venues"), null),
            new("/odata/VenueRecords", QueryGrid.TypeOf(d, "VenueRecords"), Roles.Analyst),
            new("/odata/Areas", QueryGrid.TypeOf(d, "Areas"), null),
            new("/odata/Areas('W06000015')", QueryGrid.TypeOf(d, "Areas"), null, IsCollection: false),
            new("/odata/VocabularyTerms", QueryGrid.TypeOf(d, "VocabularyTerms"), null),
            new("/odata/survey/SurveyImports", QueryGrid.TypeOf(s, "SurveyImports"), Roles.Analyst),
            new($"/odata/survey/SurveyImports({importId})", QueryGrid.TypeOf(s, "SurveyImports"), Roles.Analyst, IsCollection: false),
            new($"/odata/survey/SurveyImports({importId})/Responses", QueryGrid.TypeOf(s, "SurveyResponses"), Roles.Analyst),
            new("/odata/survey/SurveyResponses", QueryGrid.TypeOf(s, "SurveyResponses"), Roles.Analyst),
        ];
    }

    [Fact]
    public async Task No_hostile_query_gets_a_5xx_or_a_cut_off_body_on_any_route()
    {
        var routes = await RoutesAsync();
        var clients = new Dictionary<string, HttpClient>();
        var problems = new List<string>();
        var tried = 0;
        var slowest = new List<(long Ms, string Url)>();
        foreach (var route in routes)
        {
            var key = route.Role ?? "anonymous";
            if (!clients.TryGetValue(key, out var client))
            {
                clients[key] = client = app.ClientAs(route.Role);
            }
            foreach (var query in QueryGrid.Queries(route.Type, route.IsCollection))
            {
                tried++;
                var clock = System.Diagnostics.Stopwatch.StartNew();
                if (await QueryAnswers.ProblemAsync(client, route.Path + "?" + query) is { } problem)
                {
                    problems.Add(problem);
                }
                slowest.Add((clock.ElapsedMilliseconds, route.Path + "?" + query));
            }
        }
        output.WriteLine($"Hostile query grid: {tried} URLs over {routes.Count} routes, {problems.Count} bad answers, {slowest.Sum(s => s.Ms)} ms in all; slowest:");
        foreach (var (ms, url) in slowest.OrderByDescending(s => s.Ms).Take(5))
        {
            output.WriteLine($"  {ms} ms {url}");
        }
        Assert.True(tried >= 150, $"only {tried} URLs");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [InlineData("/odata/Interventions?$top=1&top=2", "DuplicateQueryOption")]
    [InlineData("/odata/Interventions?$filter=Id eq 1&filter=Id eq 2", "DuplicateQueryOption")]
    [InlineData("/odata/Interventions?$filter=Id eq 1&$filter=Id eq 2", "DuplicateQueryOption")]
    [InlineData("/odata/Interventions?compute=Id add 1 as X", "UnsupportedQueryOption")]
    [InlineData("/odata/Interventions/Near(latitude=51.4816,longitude=-3.1791,radiusKm=15)?$filter=Id div 0 eq 1", "QueryFailed")]
    [InlineData("/odata/Organisations?$expand=Interventions($expand=Organisation($expand=Interventions($top=1)))", "QueryFailed")]
    public async Task A_query_the_server_cannot_answer_is_a_400_that_says_why(string url, string code)
    {
        var response = await app.CreateClient().GetAsync(url, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.True(response.StatusCode == System.Net.HttpStatusCode.BadRequest, $"{url} → {(int)response.StatusCode}: {body}");
        var error = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.DoesNotContain("   at ", body);
    }

    [Fact]
    public async Task A_dollar_less_option_alone_means_the_same_as_with_its_dollar()
    {
        var with = await app.GetJsonAsync("/odata/Interventions?$filter=startswith(Name,'ZZKNOWN')&$select=Id&$orderby=Id");
        var without = await app.GetJsonAsync("/odata/Interventions?filter=startswith(Name,'ZZKNOWN')&select=Id&orderby=Id");

        Assert.Equal(4, with.GetProperty("value").GetArrayLength());
        Assert.Equal(with.GetProperty("value").ToString(), without.GetProperty("value").ToString());
    }

    [Fact]
    public async Task Functions_on_null_Welsh_names_in_distance_search_are_false_not_failures()
    {
        // The all-Wales and hidden-only records have no Welsh name; distance search runs the options in memory.
        var json = await app.GetJsonAsync("/odata/Interventions/Near(latitude=51.4816,longitude=-3.1791,radiusKm=5)?$filter=startswith(NameCy,'ZZHYSBYS')&$select=Name,NameCy");

        var names = json.GetProperty("value").EnumerateArray().Select(v => v.GetProperty("NameCy").GetString()).ToList();
        Assert.Contains("ZZHYSBYS Rhaglen Caerdydd", names);
        Assert.All(names, n => Assert.StartsWith("ZZHYSBYS", n));
    }
}
