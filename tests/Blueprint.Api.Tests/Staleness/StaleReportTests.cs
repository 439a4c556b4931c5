using System.Net;
using System.Text.Json;
using Blueprint.Api.Auth;
using Blueprint.Data;
using Blueprint.Data.Directory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Api.Tests.Staleness;

/// <summary>The admins' stale report: per organisation and VAWDASV region, as JSON and CSV; nobody else may read it.</summary>
[Collection(StalenessCollection.Name)]
public sealed class StaleReportTests(StaleHosts hosts)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData(Roles.Provider, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Analyst, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Admin, HttpStatusCode.OK)]
    public async Task Only_admins_read_the_stale_report(string? role, HttpStatusCode expected)
    {
        var client = hosts.ClientAs(role, role == Roles.Provider ? hosts.OrganisationId : null);
        foreach (var url in new[] { "/api/admin/stale", "/api/admin/stale?format=csv" })
        {
            var response = await client.GetAsync(url, Ct);
            Assert.Equal(expected, response.StatusCode);
            if (expected != HttpStatusCode.OK)
            {
                Assert.Contains("\"error\"", await response.Content.ReadAsStringAsync(Ct));
            }
        }
    }

    [Fact]
    public async Task The_report_counts_and_lists_an_organisations_stale_overdue_and_hidden_listings()
    {
        var report = await hosts.App.GetJsonAsync("/api/admin/stale", hosts.ClientAs(Roles.Admin));

        Assert.Equal(StaleHosts.Day.AddDays(-StaleHosts.StaleAfterDays).ToString("yyyy-MM-dd"), report.GetProperty("staleBefore").GetString());
        var organisation = report.GetProperty("organisations").EnumerateArray().Single(o => o.GetProperty("id").GetInt32() == hosts.OrganisationId);
        var counts = organisation.GetProperty("counts");
        Assert.Equal((4, 3, 1, 1), (counts.GetProperty("listings").GetInt32(), counts.GetProperty("stale").GetInt32(),
            counts.GetProperty("overdue").GetInt32(), counts.GetProperty("hidden").GetInt32()));
        var states = organisation.GetProperty("stale").EnumerateArray().ToDictionary(l => l.GetProperty("id").GetInt32(), l => l.GetProperty("state").GetString());
        Assert.Equal(new Dictionary<int, string?> { [hosts.StaleId] = "stale", [hosts.OverdueId] = "hidden", [hosts.OnTheLineId] = "stale" }, states);

        var regions = report.GetProperty("regions").EnumerateArray().ToDictionary(r => r.GetProperty("code").GetString()!, r => r.GetProperty("counts"));
        Assert.Equal(6, regions.Count);
        Assert.True(regions["VR-CV"].GetProperty("hidden").GetInt32() >= 1);
        var totals = report.GetProperty("totals");
        Assert.True(totals.GetProperty("stale").GetInt32() >= totals.GetProperty("hidden").GetInt32());
    }

    [Fact]
    public async Task The_csv_has_a_row_per_stale_listing_with_its_region_and_never_a_formula()
    {
        int formulaId;
        using (var scope = hosts.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var gwynedd = await db.Areas.SingleAsync(a => a.Code == "W06000002", Ct);
            var org = new Organisation { Name = "=HYPERLINK(\"http://x\") ZZSTALE Mudiad", Type = "other" };
            var listing = new Intervention { Name = "@SUM(1) ZZSTALE Gwasanaeth Môn", Areas = [gwynedd], LastVerified = hosts.Clock.Today.AddDays(-200) };
            org.Interventions.Add(listing);
            db.Organisations.Add(org);
            await db.SaveChangesAsync(Ct);
            formulaId = listing.Id;
        }

        var response = await hosts.ClientAs(Roles.Admin).GetAsync("/api/admin/stale?format=csv", Ct);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync(Ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.StartsWith("Organisation id,Organisation,Listing id", lines[0].TrimStart('\uFEFF'));
        Assert.Contains(lines, l => l.Contains($",{hosts.OverdueId},", StringComparison.Ordinal) && l.Contains(",hidden,Cardiff and Vale,", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains($",{hosts.FreshId},", StringComparison.Ordinal));
        var formula = Assert.Single(lines, l => l.Contains($",{formulaId},", StringComparison.Ordinal));
        Assert.Contains("'=HYPERLINK", formula);
        Assert.Contains("'@SUM(1) ZZSTALE Gwasanaeth Môn", formula);
        Assert.Contains(",stale,North Wales,", formula);
    }
}
