using System.Globalization;
using System.Net;
using System.Text.Json;
using Blueprint.Api.Auth;

namespace Blueprint.Api.Tests.Analysis;

/// <summary>
/// The analysis sets at /odata/survey/analysis over the fixed directory (<see cref="Fixed"/>): every figure
/// below was worked out by hand from the six listings.
/// </summary>
public sealed class AnalysisFeedTests(AnalysisApp app) : IClassFixture<AnalysisApp>
{
    private const string Feed = "/odata/survey/analysis";

    private async Task<List<JsonElement>> RowsAsync(string query)
    {
        var response = await app.ClientAs(Roles.Analyst).GetAsync(Feed + query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{query} → {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("value").EnumerateArray().ToList();
    }

    private async Task<JsonElement> RowAsync(string set, string filter) => Assert.Single(await RowsAsync($"/{set}?$filter={filter}"));

    [Theory]
    [InlineData(Fixed.Cardiff, 3, 0.78)]        // A, B and the all-Wales C; 3 / 383,536 × 100,000
    [InlineData(Fixed.Vale, 2, 1.48)]           // B and C; 2 / 134,733
    [InlineData(Fixed.CardiffAndVale, 3, 0.58)] // A, B, C once each; 3 / 518,269 (the two authorities' sum)
    [InlineData(Fixed.Gwynedd, 2, 1.68)]        // D and C; 2 / 119,173
    [InlineData(Fixed.Anglesey, 1, 1.44)]       // only the all-Wales C
    [InlineData(Fixed.Wales, 4, 0.13)]          // the four active listings; paused and closed count nowhere
    public async Task Provision_counts_every_active_intervention_serving_an_area_all_Wales_ones_included(string area, int expected, double per100k)
    {
        var total = await RowAsync("ProvisionByArea", $"AreaCode eq '{area}' and Facet eq 'total'");

        Assert.Equal(expected, total.GetProperty("Interventions").GetInt32());
        Assert.Equal(1, total.GetProperty("AllWalesInterventions").GetInt32());
        Assert.Equal(per100k, total.GetProperty("Per100k").GetDouble());
        Assert.Equal(0, total.GetProperty("Round").GetInt32());
    }

    [Fact]
    public async Task Provision_by_purpose_and_gender_in_Cardiff_matches_the_hand_count()
    {
        var rows = await RowsAsync($"/ProvisionByArea?$filter=Round eq 0 and AreaCode eq '{Fixed.Cardiff}' and (Facet eq 'purpose' or Facet eq 'gender')&$select=Facet,Value,Interventions,AllWalesInterventions&$orderby=Facet,Value");
        var counts = rows.ToDictionary(r => r.GetProperty("Facet").GetString() + ":" + r.GetProperty("Value").GetString(), r => r.GetProperty("Interventions").GetInt32());

        Assert.Equal(2, counts["purpose:behaviour-change"]);
        Assert.Equal(1, counts["purpose:manage-risk"]);
        Assert.Equal(1, counts["purpose:prevent-first-instance"]);
        Assert.Equal(0, counts["purpose:hold-to-account"]); // only the paused and the closed listings hold to account
        Assert.Equal(2, counts["gender:men"]);
        Assert.Equal(1, counts["gender:all"]);
        Assert.Equal(0, counts["gender:women"]);
        Assert.Equal(0, counts["gender:not-stated"]);
        Assert.Equal(["AllWalesInterventions", "Facet", "Interventions", "Value"], rows[0].EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task Gaps_list_areas_with_no_provision_ranked_by_residents()
    {
        var gaps = await RowsAsync("/Gaps?$filter=startswith(Dimension,'purpose')&$orderby=Rank&$select=AreaCode,Dimension,Value,Population,Rank&$top=1000");
        string Key(JsonElement g) => $"{g.GetProperty("AreaCode").GetString()} {g.GetProperty("Dimension").GetString()} {g.GetProperty("Value").GetString()}";
        var keys = gaps.Select(Key).ToList();

        // Nobody in Wales holds to account: the most residents affected, so rank 1.
        var first = gaps[0];
        Assert.Equal(Fixed.Wales, first.GetProperty("AreaCode").GetString());
        Assert.Equal(1, first.GetProperty("Rank").GetInt32());
        Assert.Contains($"{Fixed.Wales} purpose hold-to-account", keys);
        // Anglesey has only the all-Wales prevention service: no behaviour change there.
        Assert.Contains($"{Fixed.Anglesey} purpose behaviour-change", keys);
        Assert.DoesNotContain($"{Fixed.Cardiff} purpose behaviour-change", keys);
        // Cardiff has risk management (B) and Welsh (A, C), but no risk management in Welsh.
        Assert.Contains($"{Fixed.Cardiff} purpose+language manage-risk+cy", keys);
        Assert.DoesNotContain($"{Fixed.Cardiff} purpose+language behaviour-change+cy", keys);
        var anglesey = gaps.First(g => Key(g) == $"{Fixed.Anglesey} purpose behaviour-change");
        Assert.Equal(69291, anglesey.GetProperty("Population").GetInt64());
        Assert.All(gaps.Zip(gaps.Skip(1)), p => Assert.True(p.First.GetProperty("Population").GetInt64() >= p.Second.GetProperty("Population").GetInt64()));
    }

    [Fact]
    public async Task Access_in_Cardiff_matches_the_hand_count()
    {
        var row = await RowAsync("Access", $"AreaCode eq '{Fixed.Cardiff}'");

        Assert.Equal(3, row.GetProperty("Interventions").GetInt32());
        Assert.Equal(2, row.GetProperty("WaitingTimeReported").GetInt32());
        Assert.Equal(7, row.GetProperty("MedianWaitingWeeks").GetDouble());   // 4 and 10
        Assert.Equal(60, row.GetProperty("PlacesPerYear").GetInt32());        // A 40 + B 20
        Assert.Equal(100, row.GetProperty("AllWalesPlacesPerYear").GetInt32()); // C, shared across Wales
        Assert.Equal(2, row.GetProperty("SelfReferral").GetInt32());          // A and C
        Assert.Equal(0.6667, row.GetProperty("SelfReferralShare").GetDouble());
        Assert.Equal(1, row.GetProperty("Accredited").GetInt32());            // A (C says "none")
        Assert.Equal(2, row.GetProperty("Evaluated").GetInt32());             // A independent, C internal
        Assert.Equal(1, row.GetProperty("IndependentlyEvaluated").GetInt32());
    }

    [Fact]
    public async Task Funding_risk_counts_months_from_the_injected_today()
    {
        var cardiff = await RowAsync("FundingRisk", $"AreaCode eq '{Fixed.Cardiff}' and FundingSource eq 'all'");
        Assert.Equal(3, cardiff.GetProperty("Interventions").GetInt32());
        Assert.Equal(1, cardiff.GetProperty("EndsWithin6Months").GetInt32());  // A ends 2026-09-01
        Assert.Equal(2, cardiff.GetProperty("EndsWithin12Months").GetInt32()); // and B 2027-03-01
        Assert.Equal(1, cardiff.GetProperty("FundingUnknown").GetInt32());     // C
        Assert.Equal(1, cardiff.GetProperty("SingleFunder").GetInt32());       // A (B has two, C none)
        Assert.Equal(0.3333, cardiff.GetProperty("EndsWithin6MonthsShare").GetDouble());
        Assert.Equal(AnalysisApp.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), cardiff.GetProperty("Today").GetString());

        var wales = await RowAsync("FundingRisk", $"AreaCode eq '{Fixed.Wales}' and FundingSource eq 'welsh-government'");
        Assert.Equal(2, wales.GetProperty("Interventions").GetInt32());        // A and D
        Assert.Equal(1, wales.GetProperty("EndsWithin6Months").GetInt32());
        Assert.Equal(0, wales.GetProperty("FundingUnknown").GetInt32());       // D is ongoing
        Assert.Equal(2, wales.GetProperty("SingleFunder").GetInt32());
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData(Roles.Provider, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Analyst, HttpStatusCode.OK)]
    [InlineData(Roles.Admin, HttpStatusCode.OK)]
    public async Task Only_analysts_and_admins_read_the_analysis_feed(string? role, HttpStatusCode expected)
    {
        foreach (var path in new[] { "", "/$metadata", "/ProvisionByArea", "/Gaps", "/Access", "/FundingRisk", "/Rounds" })
        {
            var response = await app.ClientAs(role).GetAsync(Feed + path);
            Assert.True(expected == response.StatusCode, $"{role} {path} → {(int)response.StatusCode}");
            if (expected == HttpStatusCode.OK)
            {
                Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            }
        }
    }

    [Theory]
    [InlineData("/ProvisionByArea?$filter=Round eq 99", 404, "UnknownRound")]
    [InlineData("/ProvisionByArea?$filter=Round in (0,1,2,3,4)", 400, "TooManyRounds")]
    [InlineData("/ProvisionByArea?$filter=NoSuchProperty eq 1", 400, null)]
    [InlineData("/ProvisionByArea?$top=10001", 400, null)]
    [InlineData("/ProvisionByArea?$expand=Anything", 400, null)]
    [InlineData("/ProvisionByArea?$apply=groupby((Facet))", 400, null)]
    [InlineData("/Access?$filter=Interventions div 0 eq 1", 400, null)]
    public async Task Bad_queries_get_a_4xx_with_the_error_body(string query, int status, string? code)
    {
        var response = await app.ClientAs(Roles.Analyst).GetAsync(Feed + query);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(status == (int)response.StatusCode, $"{query} → {(int)response.StatusCode}: {body}");
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        if (code is not null)
        {
            Assert.Equal(code, error.GetProperty("code").GetString());
        }
        Assert.DoesNotContain("stacktrace", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Rounds_list_the_live_directory_first()
    {
        var rounds = await RowsAsync("/Rounds");
        Assert.Equal(0, rounds[0].GetProperty("Id").GetInt32());
        Assert.Equal(4, rounds[0].GetProperty("Responses").GetInt32());
    }
}
