using System.Net;
using Blueprint.Api.Hosting;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Api.Tests.Hosting;

/// <summary>The output cache never answers one URL with another's response: its keys distinguish whatever routing and OData distinguish.</summary>
public sealed class CacheKeyTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    /// <summary>Pairs of URLs that differ only in what a case- or order-folding cache key would lose.</summary>
    public static TheoryData<string, string> Pairs() => new()
    {
        // Path case: key values are case-sensitive (the lower-case code is no area).
        { "/odata/Areas('W06000002')", "/odata/Areas('w06000002')" },
        { "/odata/Interventions/InArea(code='W06000002')?$select=Name", "/odata/Interventions/InArea(code='w06000002')?$select=Name" },
        // Query value case.
        { "/odata/Interventions?$filter=startswith(Name,'ZZKNOWN')&$select=Name", "/odata/Interventions?$filter=startswith(Name,'zzknown')&$select=Name" },
        // A repeated option: the order of its values is the caller's, not sorted.
        { "/odata/Areas?$select=Code&$select=NameEn", "/odata/Areas?$select=NameEn&$select=Code" },
        { "/odata/Areas?$top=1&$TOP=2", "/odata/Areas?$TOP=2&$top=1" },
        // Key case: a dollar-less alias and a differently cased option name.
        { "/odata/Areas?$top=1", "/odata/Areas?top=1" },
        { "/odata/Areas?$orderby=Code desc&$top=1", "/odata/Areas?$ORDERBY=Code desc&$top=1" },
        { "/api/geo/areas?kind=health-board", "/api/geo/areas?Kind=health-board" },
        { "/api/geo/areas?kind=health-board", "/api/geo/areas?kind=Health-Board" },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task A_cached_answer_is_never_given_to_a_url_that_differs_only_in_case_or_order(string first, string second)
    {
        var uncached = await AnswerAsync(second, evictFirst: true);

        await AnswerAsync(first, evictFirst: true); // cached now, if it was a 200
        var afterFirst = await AnswerAsync(second, evictFirst: false);

        Assert.Equal(uncached, afterFirst);
    }

    [Fact]
    public async Task The_lower_case_area_code_is_not_found_even_after_the_upper_case_one_was_cached()
    {
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/odata/Areas('W06000002')")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/odata/Areas('W06000002')")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/odata/Areas('w06000002')")).StatusCode);
    }

    private async Task<(HttpStatusCode, string)> AnswerAsync(string url, bool evictFirst)
    {
        if (evictFirst)
        {
            await DirectoryCache.InvalidateAsync(app.Services.GetRequiredService<IOutputCacheStore>(), TestContext.Current.CancellationToken);
        }
        var response = await app.CreateClient().GetAsync(url);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
