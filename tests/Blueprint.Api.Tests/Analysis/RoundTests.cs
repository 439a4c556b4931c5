using System.Net;
using System.Text.Json;
using Blueprint.Api.Auth;
using Blueprint.Api.Tests.Imports;

namespace Blueprint.Api.Tests.Analysis;

/// <summary>
/// A survey round (for now: a published import) is analysed from its clean staged responses, the accepted
/// one and the one not for publication alike; a rejected row counts nowhere.
/// </summary>
public sealed class RoundTests(AnalysisApp app) : IClassFixture<AnalysisApp>
{
    private async Task<List<JsonElement>> RowsAsync(string url)
    {
        var response = await app.ClientAs(Roles.Analyst).GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url} → {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("value").EnumerateArray().ToList();
    }

    [Fact]
    public async Task A_published_import_is_a_round_analysed_beside_the_live_directory()
    {
        var import = (await SurveyExport.UploadOkAsync(app.ClientAs(Roles.Analyst), SurveyExport.ThreeRows(SurveyExport.NewMarker()))).GetProperty("importId").GetInt32();
        var before = await app.ClientAs(Roles.Analyst).GetAsync($"/odata/survey/analysis/ProvisionByArea?$filter=Round eq {import}");
        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode); // staged, not yet published: not a round

        var publish = await app.ClientAs(Roles.Admin).PostAsync($"/api/imports/{import}/publish", null);
        Assert.True(publish.IsSuccessStatusCode, await publish.Content.ReadAsStringAsync());

        var rounds = await RowsAsync("/odata/survey/analysis/Rounds");
        Assert.Equal([0, import], rounds.Select(r => r.GetProperty("Id").GetInt32()));
        Assert.Equal(2, rounds[1].GetProperty("Responses").GetInt32());

        // Row 2 serves Cardiff; row 3 (not for publication) Gwent's five authorities; row 4 was rejected.
        var totals = await RowsAsync($"/odata/survey/analysis/ProvisionByArea?$filter=Round in (0,{import}) and Facet eq 'total' and (AreaCode eq 'W06000015' or AreaCode eq 'VR-GW' or AreaCode eq 'W92000004')&$orderby=Round,AreaCode&$select=Round,AreaCode,Interventions");
        var figures = totals.Select(r => $"{r.GetProperty("Round").GetInt32()} {r.GetProperty("AreaCode").GetString()} {r.GetProperty("Interventions").GetInt32()}").ToList();
        // The live directory now also holds row 2's listing: Cardiff A, B, C and it; Wales the four and it.
        Assert.Equal(["0 VR-GW 1", "0 W06000015 4", "0 W92000004 5", $"{import} VR-GW 1", $"{import} W06000015 1", $"{import} W92000004 2"], figures);

        var funding = Assert.Single(await RowsAsync($"/odata/survey/analysis/FundingRisk?$filter=Round eq {import} and AreaCode eq 'W92000004' and FundingSource eq 'all'"));
        Assert.Equal(2, funding.GetProperty("EndsWithin6Months").GetInt32()); // both ended 31 March 2026 ("2026" is read as the end of that financial year), before today
    }
}
