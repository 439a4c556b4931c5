using System.Net;
using System.Text.Json;
using Blueprint.Api.Auth;
using Blueprint.Api.Tests.Imports;
using Blueprint.Api.Tests.Rounds;

namespace Blueprint.Api.Tests.Analysis;

/// <summary>Two published survey rounds compared: new, closed and changed interventions, matched by name as the ingest matches.</summary>
public sealed class RoundComparisonTests(AnalysisApp app) : IClassFixture<AnalysisApp>
{
    /// <summary>A survey round of its own holding one published import of <paramref name="csv"/>: its id.</summary>
    private async Task<int> PublishedRoundAsync(string csv)
    {
        var round = (await RoundExports.AddRoundAsync(app.ClientAs(Roles.Admin), $"Compared {SurveyExport.NewMarker()}")).GetProperty("id").GetInt32();
        var import = (await RoundExports.UploadOkAsync(app.ClientAs(Roles.Analyst), csv, $"?round={round}")).GetProperty("importId").GetInt32();
        var publish = await app.ClientAs(Roles.Admin).PostAsync($"/api/imports/{import}/publish", null);
        Assert.True(publish.IsSuccessStatusCode, await publish.Content.ReadAsStringAsync());
        return round;
    }

    [Fact]
    public async Task A_later_round_shows_what_is_new_closed_and_changed()
    {
        var marker = SurveyExport.NewMarker();
        var first = SurveyExport.ThreeRows(marker);
        var lines = first.Split('\n');
        var accepted = lines.Single(l => l.Contains("Healthy Relationships", StringComparison.Ordinal));
        // Round two: the accepted row with 50 places instead of 40 and Welsh dropped; the not-for-publication row gone; a new programme.
        var second = string.Join('\n', lines.Where(l => !l.Contains("ZZPRIVATE", StringComparison.Ordinal))
            .Select(l => l == accepted ? l.Replace(",English;Welsh;,40,", ",English;,50,", StringComparison.Ordinal) : l))
            + accepted.Replace("Healthy Relationships", "Safer Futures", StringComparison.Ordinal).Replace("1,05/12", "9,05/12", StringComparison.Ordinal) + "\n";
        var a = await PublishedRoundAsync(first);
        var b = await PublishedRoundAsync(second);

        var body = await app.ClientAs(Roles.Analyst).GetStringAsync(
            $"/odata/survey/analysis/RoundChanges?$filter=Since eq {a} and Round eq {b}&$orderby=Change,InterventionName&$select=InterventionName,Change,ChangedFields");
        var rows = JsonDocument.Parse(body).RootElement.GetProperty("value").EnumerateArray()
            .Select(r => $"{r.GetProperty("Change").GetString()}: {r.GetProperty("InterventionName").GetString()!.Replace(marker + " ", "", StringComparison.Ordinal)} [{(r.GetProperty("ChangedFields").ValueKind == JsonValueKind.String ? r.GetProperty("ChangedFields").GetString() : "")}]")
            .ToList();

        Assert.Equal(
        [
            "changed: ZZPROG Healthy Relationships [Languages,PlacesPerYear]",
            "closed: ZZPRIVATE Not For Publication []",
            "new: ZZPROG Safer Futures []",
        ], rows);
    }

    [Theory]
    [InlineData("/odata/survey/analysis/RoundChanges", HttpStatusCode.BadRequest)]
    [InlineData("/odata/survey/analysis/RoundChanges?$filter=Since eq 0 and Round eq 1", HttpStatusCode.BadRequest)]
    [InlineData("/odata/survey/analysis/RoundChanges?$filter=Since eq 77 and Round eq 78", HttpStatusCode.NotFound)]
    public async Task Comparing_needs_two_existing_survey_rounds(string url, HttpStatusCode expected)
    {
        var response = await app.ClientAs(Roles.Analyst).GetAsync(url);
        Assert.Equal(expected, response.StatusCode);
        Assert.Contains("\"error\"", await response.Content.ReadAsStringAsync());
    }
}
