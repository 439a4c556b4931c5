using System.Net;
using System.Text.Json;
using Blueprint.Api.Auth;
using System.Net.Http.Json;
using Blueprint.Api.Tests.Imports;
using Blueprint.Api.Tests.Rounds;

namespace Blueprint.Api.Tests.Analysis;

/// <summary>
/// A survey round is analysed from the clean staged responses of its published imports, the accepted one and the one
/// not for publication alike; a rejected row counts nowhere; where two imports of a round answer for the same
/// intervention, the later completed response counts once (docs/decisions/0040).
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

    private async Task<int> NewRoundAsync(string name) =>
        (await RoundExports.AddRoundAsync(app.ClientAs(Roles.Admin), $"{name} {SurveyExport.NewMarker()}")).GetProperty("id").GetInt32();

    private async Task<int> UploadAsync(string csv, int round) =>
        (await RoundExports.UploadOkAsync(app.ClientAs(Roles.Analyst), csv, $"?round={round}")).GetProperty("importId").GetInt32();

    private async Task PublishAsync(int import)
    {
        var publish = await app.ClientAs(Roles.Admin).PostAsync($"/api/imports/{import}/publish", null);
        Assert.True(publish.IsSuccessStatusCode, await publish.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_round_with_a_published_import_is_analysed_beside_the_live_directory()
    {
        var round = await NewRoundAsync("Analysed");
        var import = await UploadAsync(SurveyExport.ThreeRows(SurveyExport.NewMarker()), round);
        var before = await app.ClientAs(Roles.Analyst).GetAsync($"/odata/survey/analysis/ProvisionByArea?$filter=Round eq {round}");
        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode); // staged, not yet published: nothing to analyse

        await PublishAsync(import);

        // Other tests of this class publish rounds of their own: the live directory comes first, then this round among them.
        var rounds = await RowsAsync("/odata/survey/analysis/Rounds");
        Assert.Equal(0, rounds[0].GetProperty("Id").GetInt32());
        var mine = Assert.Single(rounds, r => r.GetProperty("Id").GetInt32() == round);
        Assert.StartsWith("Analysed ", mine.GetProperty("Name").GetString());
        Assert.Equal($"{import}", mine.GetProperty("Imports").GetString());
        Assert.Equal(2, mine.GetProperty("Responses").GetInt32());
        var listed = (await app.ClientAs(Roles.Analyst).GetFromJsonAsync<JsonElement>("/api/rounds")).EnumerateArray().Single(r => r.GetProperty("id").GetInt32() == round);
        Assert.Equal(1, listed.GetProperty("publishedImports").GetInt32());

        // Row 2 serves Cardiff; row 3 (not for publication) Gwent's five authorities; row 4 was rejected.
        var totals = await RowsAsync($"/odata/survey/analysis/ProvisionByArea?$filter=Round in (0,{round}) and Facet eq 'total' and (AreaCode eq 'W06000015' or AreaCode eq 'VR-GW' or AreaCode eq 'W92000004')&$orderby=Round,AreaCode&$select=Round,AreaCode,Interventions");
        var figures = totals.Select(r => $"{r.GetProperty("Round").GetInt32()} {r.GetProperty("AreaCode").GetString()} {r.GetProperty("Interventions").GetInt32()}").ToList();
        // The live directory is analysed beside the round (its totals also count other tests' publishes, so only its rows' presence is checked).
        Assert.Equal(["0 VR-GW", "0 W06000015", "0 W92000004"], figures.Where(f => f.StartsWith("0 ", StringComparison.Ordinal)).Select(f => f[..f.LastIndexOf(' ')]));
        Assert.Equal([$"{round} VR-GW 1", $"{round} W06000015 1", $"{round} W92000004 2"], figures.Where(f => !f.StartsWith("0 ", StringComparison.Ordinal)));

        var funding = Assert.Single(await RowsAsync($"/odata/survey/analysis/FundingRisk?$filter=Round eq {round} and AreaCode eq 'W92000004' and FundingSource eq 'all'"));
        Assert.Equal(2, funding.GetProperty("EndsWithin6Months").GetInt32()); // both ended 31 March 2026 ("2026" is read as the end of that financial year), before today
    }

    [Fact]
    public async Task Two_imports_of_a_round_count_each_intervention_once_from_its_latest_response()
    {
        var marker = SurveyExport.NewMarker();
        var round = await NewRoundAsync("Overlapping");
        var first = SurveyExport.ThreeRows(marker);
        // A later export of the same round: the accepted programme again, completed a day later and now also in Swansea.
        var accepted = first.Split('\n').Single(l => l.Contains("Healthy Relationships", StringComparison.Ordinal));
        var later = SurveyExport.Header + "\n" + accepted.Replace("05/12/2023 09:30:00", "06/12/2023 09:30:00", StringComparison.Ordinal)
            .Replace(",Cardiff;,", ",Cardiff;Swansea;,", StringComparison.Ordinal) + "\n";
        // Staged first, published second: the order of the imports does not decide, the completion time does.
        var b = await UploadAsync(later, round);
        var a = await UploadAsync(first, round);
        await PublishAsync(a);
        await PublishAsync(b);

        var totals = await RowsAsync($"/odata/survey/analysis/ProvisionByArea?$filter=Round eq {round} and Facet eq 'total' and (AreaCode eq 'W06000015' or AreaCode eq 'W06000011' or AreaCode eq 'W92000004')&$orderby=AreaCode&$select=AreaCode,Interventions");

        // Wales: the programme once and the not-for-publication one; Swansea (W06000011) from the later answer.
        Assert.Equal(["W06000011 1", "W06000015 1", "W92000004 2"], totals.Select(r => $"{r.GetProperty("AreaCode").GetString()} {r.GetProperty("Interventions").GetInt32()}"));
    }

    [Fact]
    public async Task An_import_number_where_a_round_is_asked_for_is_a_400_naming_the_round()
    {
        var round = await NewRoundAsync("Numbered");
        int import;
        do
        {
            // An import number that is also a round's would be that round (decision 0040): take one that is not.
            import = await UploadAsync(SurveyExport.ThreeRows(SurveyExport.NewMarker()), round);
            await PublishAsync(import);
        }
        while (app.WithDb(db => db.SurveyRounds.Any(r => r.Id == import)));

        var feed = await app.ClientAs(Roles.Analyst).GetAsync($"/odata/survey/analysis/Gaps?$filter=Round eq {import}");
        var file = await app.ClientAs(Roles.Analyst).GetAsync($"/api/analysis/gaps.json?round={import}");

        foreach (var response in new[] { feed, file })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
            Assert.Equal("RoundNotImport", error.GetProperty("code").GetString());
            Assert.Contains($"ask for Round eq {round}", error.GetProperty("message").GetString());
        }
    }
}
