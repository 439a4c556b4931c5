using System.Net;
using System.Text;
using System.Text.Json;
using Blueprint.Api.Analysis;
using Blueprint.Api.Auth;
using Blueprint.Data.Geography;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Api.Tests.Analysis;

/// <summary>
/// <c>publication=true</c> on the OData sets hides what the "for publication" file hides, across the area
/// hierarchy too (docs/decisions/0025), over the fixed directory (<see cref="Fixed"/>; counts of 1 suppressed).
/// </summary>
public sealed class PublicationFeedTests(AnalysisApp app) : IClassFixture<AnalysisApp>
{
    private const string Feed = "/odata/survey/analysis";

    /// <summary>Every row of a set, following next links.</summary>
    private async Task<List<JsonElement>> AllRowsAsync(string query)
    {
        var rows = new List<JsonElement>();
        for (string? url = Feed + query; url is not null;)
        {
            var response = await app.ClientAs(Roles.Analyst).GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{url} → {(int)response.StatusCode}: {body}");
            var root = JsonDocument.Parse(body).RootElement;
            rows.AddRange(root.GetProperty("value").EnumerateArray());
            url = root.TryGetProperty("@odata.nextLink", out var next) ? next.GetString() : null;
        }
        return rows;
    }

    private static string Key(JsonElement r) => $"{r.GetProperty("AreaCode").GetString()}|{r.GetProperty("Facet").GetString()}|{r.GetProperty("Value").GetString()}";

    [Fact]
    public async Task Small_counts_are_null_in_the_feed_for_publication_and_shown_without_it()
    {
        var filter = $"&$filter=AreaCode eq '{Fixed.Cardiff}' and Facet eq 'gender'";
        var published = (await AllRowsAsync("/ProvisionByArea?publication=true" + filter)).ToDictionary(r => r.GetProperty("Value").GetString()!);
        var internal_ = (await AllRowsAsync("/ProvisionByArea?publication=false" + filter)).ToDictionary(r => r.GetProperty("Value").GetString()!);

        // Cardiff by gender: all 1 (C), men 2 (A, B), women 0, not stated 0; total 3.
        Assert.Equal(JsonValueKind.Null, published["all"].GetProperty("Interventions").ValueKind);  // 1: primary
        Assert.Equal(JsonValueKind.Null, published["all"].GetProperty("Per100k").ValueKind);        // worked out from it
        Assert.Equal(JsonValueKind.Null, published["men"].GetProperty("Interventions").ValueKind);  // 3 − 0 − 0 − 2 would give the 1 away
        Assert.Equal(0, published["women"].GetProperty("Interventions").GetInt32());                 // zeros are shown
        Assert.Equal(1, internal_["all"].GetProperty("Interventions").GetInt32());
        Assert.Equal(2, internal_["men"].GetProperty("Interventions").GetInt32());
    }

    [Fact]
    public async Task The_feed_for_publication_hides_exactly_the_cells_the_file_for_publication_marks()
    {
        var response = await app.ClientAs(Roles.Analyst).GetByteArrayAsync("/api/analysis/provision.csv?publication=true");
        var lines = Encoding.UTF8.GetString(response[3..]).Split("\r\n").Select(l => l.Split(',')).ToList();
        var header = lines[0].ToList();
        var file = lines.Skip(1).Where(l => l.Length == header.Count)
            .ToDictionary(l => $"{l[header.IndexOf("AreaCode")]}|{l[header.IndexOf("Facet")]}|{l[header.IndexOf("Value")]}", l => l[header.IndexOf("Interventions")]);

        var feed = await AllRowsAsync("/ProvisionByArea?publication=true&$select=AreaCode,Facet,Value,Interventions");

        Assert.Contains(file.Values, v => v == Suppression.Mark);
        var compared = 0;
        foreach (var row in feed.Where(r => file.ContainsKey(Key(r)))) // rows whose labels hold no comma (split naively)
        {
            compared++;
            var cell = row.GetProperty("Interventions");
            Assert.Equal(file[Key(row)], cell.ValueKind == JsonValueKind.Null ? Suppression.Mark : cell.GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        Assert.Equal(file.Count, compared);
        Assert.True(compared > 2000);
    }

    [Fact]
    public async Task No_area_total_in_the_feed_for_publication_leaves_a_single_hidden_cell_among_its_parts()
    {
        var areas = app.Host.Services.GetRequiredService<AreaCatalog>();
        var feed = (await AllRowsAsync("/ProvisionByArea?publication=true&$select=AreaCode,Facet,Value,Interventions")).ToDictionary(Key);

        // The Vale's behaviour change is B alone (1): hidden; Cardiff and Vale minus Cardiff must not give it.
        Assert.Equal(JsonValueKind.Null, feed[$"{Fixed.Vale}|purpose|behaviour-change"].GetProperty("Interventions").ValueKind);
        var checkedGroups = 0;
        foreach (var (parent, children) in Suppression.Partitions(areas))
        {
            foreach (var slice in feed.Values.Select(r => (Facet: r.GetProperty("Facet").GetString(), Value: r.GetProperty("Value").GetString())).Distinct())
            {
                bool Hidden(string area) => feed[$"{area}|{slice.Facet}|{slice.Value}"].GetProperty("Interventions").ValueKind == JsonValueKind.Null;
                var hidden = children.Count(Hidden) + (Hidden(parent) ? 1 : 0);
                Assert.True(hidden != 1, $"{parent} = {string.Join(" + ", children)} for {slice.Facet} {slice.Value}: one hidden cell only");
                checkedGroups++;
            }
        }
        Assert.True(checkedGroups > 1000);
    }

    [Theory]
    [InlineData("/ProvisionByArea?publication=maybe")]
    [InlineData("/Access?publication=1")]
    [InlineData("/SearchDemand?publication=yes")]
    public async Task A_publication_that_is_not_true_or_false_is_a_400_with_the_error_body(string query)
    {
        var response = await app.ClientAs(Roles.Analyst).GetAsync(Feed + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"code\":\"BadPublication\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Access_and_funding_for_publication_hide_small_counts_and_the_shares_worked_out_from_them()
    {
        // Gwynedd: D and C, both self-referral (2, shown); accredited D only (1, hidden), so its share too.
        var access = Assert.Single(await AllRowsAsync($"/Access?publication=true&$filter=AreaCode eq '{Fixed.Gwynedd}'"));
        Assert.Equal(2, access.GetProperty("SelfReferral").GetInt32());
        Assert.Equal(JsonValueKind.Null, access.GetProperty("Accredited").ValueKind);
        Assert.Equal(JsonValueKind.Null, access.GetProperty("AccreditedShare").ValueKind);

        // Wales, all sources: A alone ends within 6 months (1 of 4): hidden with its share.
        var funding = Assert.Single(await AllRowsAsync($"/FundingRisk?publication=true&$filter=AreaCode eq '{Fixed.Wales}' and FundingSource eq 'all'"));
        Assert.Equal(JsonValueKind.Null, funding.GetProperty("EndsWithin6Months").ValueKind);
        Assert.Equal(JsonValueKind.Null, funding.GetProperty("EndsWithin6MonthsShare").ValueKind);
    }
}
