using Blueprint.Api.Auth;
using Blueprint.Api.Tests.Imports;
using CsCheck;
using Microsoft.OData.Edm;

namespace Blueprint.Api.Tests.OData;

/// <summary>
/// Issue 8's property: whatever <c>$filter</c> and <c>$orderby</c> a caller writes over the model's
/// properties (generated from the EDM by <see cref="QueryExpressions"/>), the answer is below 500 and a
/// complete JSON body, on the database path, the in-memory path (distance search) and the survey feed.
/// </summary>
public sealed class QueryPropertyTests(BlueprintApp app, ITestOutputHelper output) : IClassFixture<BlueprintApp>
{
    /// <summary>Per route; set BLUEPRINT_QUERY_ITERATIONS for a longer hunt (the default keeps the test to seconds).</summary>
    private static readonly int Iterations =
        int.TryParse(Environment.GetEnvironmentVariable("BLUEPRINT_QUERY_ITERATIONS"), out var n) && n > 0 ? n : 100;

    public static TheoryData<string, string, string?> Routes() => new()
    {
        { "/odata/Interventions", "Interventions", null },
        { "/odata/Interventions/Near(latitude=51.4816,longitude=-3.1791,radiusKm=15)", "Interventions", null },
        { "/odata/Organisations", "Organisations", null },
        { "/odata/survey/SurveyResponses", "SurveyResponses", Roles.Analyst },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Random_filters_and_orders_never_get_a_5xx_or_a_cut_off_body(string path, string set, string? role)
    {
        var survey = path.StartsWith("/odata/survey", StringComparison.Ordinal);
        if (survey)
        {
            await SurveyExport.UploadOkAsync(app.ClientAs(Roles.Analyst), SurveyExport.ThreeRows(SurveyExport.NewMarker()));
        }
        var type = QueryGrid.TypeOf(survey ? QueryGrid.Survey : QueryGrid.Directory, set);
        // The survey route allows one level of any/all, the directory two.
        var expressions = new QueryExpressions(type, lambdaDepth: survey ? 1 : 2);
        var client = app.ClientAs(role);
        var selected = string.Join(",", type.Key().Select(k => k.Name).Append(type.StructuralProperties().First(p => p.Type.IsString()).Name));
        var tried = 0;

        await Gen.Select(expressions.Filter, expressions.OrderBy, Gen.Int[0, 3]).SampleAsync(async (filter, orderBy, which) =>
        {
            var query = which switch
            {
                0 => "$filter=" + Uri.EscapeDataString(filter),
                1 => "$orderby=" + Uri.EscapeDataString(orderBy) + "&$top=5",
                2 => "$filter=" + Uri.EscapeDataString(filter) + "&$orderby=" + Uri.EscapeDataString(orderBy),
                _ => "$filter=" + Uri.EscapeDataString(filter) + "&$orderby=" + Uri.EscapeDataString(orderBy) + "&$select=" + selected,
            };
            Interlocked.Increment(ref tried);
            var url = path + "?" + query;
            if (await QueryAnswers.ProblemAsync(client, url) is { } problem)
            {
                throw new Xunit.Sdk.XunitException(problem);
            }
        }, iter: Iterations, threads: 1);

        output.WriteLine($"{path}: {tried} random $filter/$orderby URLs tried (shrinking included), none answered 5xx or a cut-off body.");
        Assert.True(tried >= Iterations);
    }
}
