using System.Text.Json;

namespace Blueprint.Api.Tests.OData;

/// <summary>Queries over the limits or malformed get a 4xx with an OData error body, never a 500 or a stack trace.</summary>
public sealed class HostileQueryTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    private static string Repeat(string part, int times, string separator) => string.Join(separator, Enumerable.Repeat(part, times));

    public static TheoryData<string> Hostile() =>
    [
        "/odata/Organisations?$expand=Interventions($expand=Organisation($expand=Interventions($expand=Organisation($expand=Interventions))))",
        "/odata/Interventions?$filter=" + Repeat("Id eq 1", 300, " or "),
        "/odata/Interventions?$apply=filter(" + Repeat("Id eq 1", 300, " or ") + ")",
        "/odata/Interventions?$apply=filter(Id eq 1)",
        "/odata/Interventions?$apply=compute(Id add 1 as X)",
        "/odata/Interventions?$compute=Id add 1 as X",
        "/odata/Interventions?$top=1000000000",
        "/odata/Interventions?$skip=1000000000",
        "/odata/Interventions?$top=-1",
        "/odata/Interventions?$orderby=" + Repeat("Name", 50, ","),
        "/odata/Interventions?$filter=" + new string('x', 16 * 1024),
        "/odata/Interventions?$select=VenueRecords",
        "/odata/Interventions?$expand=VenueRecords",
        "/odata/Venues?$select=Address,Secret",
        "/odata/Interventions?$filter=NoSuchProperty eq 1",
        "/odata/Interventions?$filter=Name eq",
        "/odata/Interventions?$filter=cast(Id,Edm.String) eq '1'",
        "/odata/Interventions?$filter=isof(Blueprint.Intervention)",
        "/odata/Interventions?$filter=matchesPattern(Name,'^Z.*')",
        "/odata/Interventions?$orderby=NoSuchProperty",
        "/odata/Interventions?$expand=Organisation($levels=max)",
        "/odata/Interventions?$index=1",
        "/odata/Interventions?$levels=5",
        "/odata/Interventions?$unknown=1",
        "/odata/Interventions?$search=" + new string('a', 500),
        "/odata/Interventions?$search=(((((a",
        "/odata/Interventions?$filter=Languages/any(a:a/any(b:b eq 'x'))",
        "/odata/Interventions?$filter=Venues/any(v:v/Latitude gt 1 and Venues/any(w:w/Longitude gt 1 and Venues/any(x:x/Id gt 1)))",
        "/odata/Interventions?$apply=groupby((" + Repeat("Name", 100, ",") + "))",
        "/odata/Interventions?$apply=aggregate(Id with sum as S)/aggregate(S with sum as T)/filter(T gt 0)",
        "/odata/Interventions?$count=maybe",
        "/odata/Interventions?$format=application/xml",
        "/odata/Interventions/InArea(code='')",
        "/odata/Interventions/InArea(code=1)",
        "/odata/Interventions/Near(latitude=abc,longitude=1,radiusKm=1)",
        "/odata/Interventions('not-a-number')",
        "/api/geo/areas?kind=galaxy",
        "/api/geo/areas?filter=NoSuchProperty eq 1",
        "/api/geo/areas?filter=" + Repeat("Id eq 1", 300, " or "),
    ];

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Is_refused_with_a_4xx_and_a_plain_OData_error(string url)
    {
        var response = await app.CreateClient().GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{url[..Math.Min(url.Length, 120)]} → {(int)response.StatusCode}: {body[..Math.Min(body.Length, 300)]}");
        Assert.DoesNotContain("stacktrace", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("innererror", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", body);
        if (body.Length > 0)
        {
            var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
            Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        }
    }

    [Fact]
    public async Task Hostile_query_count_meets_the_bar()
    {
        Assert.True(Hostile().Count >= 25);
        var ok = await app.CreateClient().GetAsync("/odata/Interventions?$top=500&$skip=100");
        Assert.True(ok.IsSuccessStatusCode);
    }
}
