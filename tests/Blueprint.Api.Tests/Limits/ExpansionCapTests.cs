using System.Net;
using System.Text.Json;
using Blueprint.Api.Auth;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Blueprint.Api.Tests.Limits;

/// <summary>
/// The row cap on OData answers ($top, or the page size, times every expanded collection's $top or page
/// size): a query that could return more is a 400 naming the limit, before any row is read.
/// </summary>
[Collection(LimitsCollection.Name)]
public sealed class ExpansionCapTests(LimitedHosts hosts)
{
    public static TheoryData<string, string?> OverTheCap() => new()
    {
        // The depth-3 expansion that returned 4.5 MB in about a second.
        { "/odata/Interventions?$top=500&$expand=Organisation($expand=Interventions($expand=Venues,Areas))", null },
        { "/odata/Interventions?expand=Organisation(expand=Interventions(expand=Venues,Areas))", null },
        { "/odata/Organisations?$expand=Interventions($expand=Venues)", null },
        { "/odata/Interventions/InArea(code='VR-NW')?$expand=Organisation($expand=Interventions($expand=Areas))", null },
        { "/odata/survey/SurveyImports?$expand=Responses", Roles.Analyst },
    };

    public static TheoryData<string> WithinTheCap() =>
    [
        // What the front end asks for: a page of results with their venues, one listing in full.
        "/odata/Interventions?$top=100&$expand=Organisation($select=Name,NameCy),Venues&$count=true",
        "/odata/Interventions(1)?$expand=Organisation,Venues,Areas",
        // The depth-3 expansion, with a $top at each level.
        "/odata/Interventions?$top=20&$expand=Organisation($expand=Interventions($top=5;$expand=Venues($top=5),Areas($top=5)))",
        "/odata/Organisations?$top=10&$expand=Interventions($top=20;$expand=Venues($top=10))",
    ];

    [Theory]
    [MemberData(nameof(OverTheCap))]
    public async Task A_query_that_could_return_more_rows_than_the_cap_is_refused_naming_the_limit(string url, string? role)
    {
        var response = await Client(role, Guid.NewGuid()).GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        Assert.Contains("the limit is 50,000", error.GetProperty("message").GetString());
        Assert.DoesNotContain("stacktrace", body, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(WithinTheCap))]
    public async Task A_query_within_the_cap_is_answered(string url)
    {
        var response = await Client(null, Guid.NewGuid()).GetAsync(url);

        Assert.True(response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotFound,
            $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>A client of its own (a fresh forwarded address), so the expensive budget never interferes.</summary>
    private HttpClient Client(string? role, Guid id)
    {
        var bytes = id.ToByteArray();
        var address = $"10.{bytes[0]}.{bytes[1]}.{bytes[2]}";
        return BlueprintApp.WithToken(LimitedHosts.Client(hosts.Trusting, "127.0.0.1", address), role);
    }
}
