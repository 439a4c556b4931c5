using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Blueprint.Api.Auth;
using Blueprint.Api.Tests.Analysis;

namespace Blueprint.Api.Tests.Dashboard;

/// <summary>
/// What the analysts' dashboard reads: <c>/api/analysis/{table}.json</c>, the export's table as JSON, narrowed
/// by the search's facet parameters and marking what publication hides. Figures from <see cref="Fixed"/>.
/// </summary>
public sealed class DashboardTableTests(AnalysisApp app) : IClassFixture<AnalysisApp>
{
    private async Task<JsonElement> TableAsync(string url)
    {
        var response = await app.ClientAs(Roles.Analyst).GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url} → {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private static JsonElement Row(JsonElement table, string area, string facet, string value = "all") =>
        Assert.Single(table.GetProperty("rows").EnumerateArray(), r =>
            r.GetProperty("AreaCode").GetString() == area && r.GetProperty("Facet").GetString() == facet && r.GetProperty("Value").GetString() == value);

    [Fact]
    public async Task The_json_table_has_the_same_figures_as_the_feed()
    {
        var table = await TableAsync("/api/analysis/provision.json");
        var feed = await app.ClientAs(Roles.Analyst).GetFromJsonAsync<JsonElement>(
            $"/odata/survey/analysis/ProvisionByArea?$filter=AreaCode eq '{Fixed.Cardiff}' and Facet eq 'total'");

        var cardiff = Row(table, Fixed.Cardiff, "total");
        Assert.Equal(3, cardiff.GetProperty("Interventions").GetInt32());
        Assert.Equal(feed.GetProperty("value")[0].GetProperty("Per100k").GetDouble(), cardiff.GetProperty("Per100k").GetDouble());
        Assert.Equal(1, cardiff.GetProperty("AllWalesInterventions").GetInt32());
        Assert.Equal(JsonValueKind.Null, table.GetProperty("suppressBelow").ValueKind);
        Assert.Empty(cardiff.GetProperty("Suppressed").EnumerateArray());
    }

    [Fact]
    public async Task A_facet_filter_narrows_what_is_counted_as_the_search_does()
    {
        // Welsh: A and the all-Wales C in Cardiff (B is English only); D and C in Gwynedd.
        var welsh = await TableAsync("/api/analysis/provision.json?language=cy");
        Assert.Equal(2, Row(welsh, Fixed.Cardiff, "total").GetProperty("Interventions").GetInt32());
        Assert.Equal(2, Row(welsh, Fixed.Gwynedd, "total").GetProperty("Interventions").GetInt32());
        Assert.Contains(welsh.GetProperty("notes").EnumerateArray(), n => n.GetString() == "Filtered to interventions matching: language = cy");

        // Women: only C in Cardiff, because an intervention for any gender serves whichever is chosen.
        var women = await TableAsync("/api/analysis/provision.json?gender=women");
        Assert.Equal(1, Row(women, Fixed.Cardiff, "total").GetProperty("Interventions").GetInt32());
        // Values within a facet are alternatives, facets narrow each other: group format and (Welsh or English) in Cardiff is A.
        var both = await TableAsync("/api/analysis/access.json?format=group&language=cy&language=en");
        var access = Assert.Single(both.GetProperty("rows").EnumerateArray(), r => r.GetProperty("AreaCode").GetString() == Fixed.Cardiff);
        Assert.Equal(1, access.GetProperty("Interventions").GetInt32());
        Assert.Equal(40, access.GetProperty("PlacesPerYear").GetInt32());
    }

    [Fact]
    public async Task For_publication_hidden_cells_are_null_and_named()
    {
        var table = await TableAsync("/api/analysis/provision.json?publication=true");

        Assert.Equal(AnalysisApp.SuppressBelow, table.GetProperty("suppressBelow").GetInt32());
        var all = Row(table, Fixed.Cardiff, "gender", "all");
        Assert.Equal(JsonValueKind.Null, all.GetProperty("Interventions").ValueKind);
        Assert.Equal(["Interventions", "AllWalesInterventions", "Per100k"], all.GetProperty("Suppressed").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(3, Row(table, Fixed.Cardiff, "total").GetProperty("Interventions").GetInt32());
        Assert.Contains(table.GetProperty("notes").EnumerateArray(), n => n.GetString()!.StartsWith("[c] confidential", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_filtered_csv_export_says_what_it_was_filtered_to()
    {
        var response = await app.ClientAs(Roles.Analyst).GetAsync("/api/analysis/funding.csv?purpose=manage-risk");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Filtered to interventions matching: purpose = manage-risk", text);
    }

    [Fact]
    public async Task A_code_the_vocabulary_does_not_have_is_a_clear_400()
    {
        var response = await app.ClientAs(Roles.Analyst).GetAsync("/api/analysis/provision.json?language=klingon");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("UnknownCode", error.GetProperty("code").GetString());
        Assert.Contains("klingon", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData(Roles.Provider, HttpStatusCode.Forbidden)]
    public async Task Only_analysts_and_admins_read_the_dashboard_tables(string? role, HttpStatusCode expected)
    {
        var response = await app.ClientAs(role).GetAsync("/api/analysis/provision.json");
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientAs(Roles.Admin).GetAsync("/api/analysis/gaps.json?language=cy")).StatusCode);
    }
}
