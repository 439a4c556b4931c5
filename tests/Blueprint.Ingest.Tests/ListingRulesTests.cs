using System.Globalization;
using Blueprint.Data.Listings;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Ingest.Tests;

/// <summary>Publishing holds survey responses to the same listing rules as providers' edits (Blueprint.Data/Listings/ListingRules).</summary>
public sealed class ListingRulesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_response_that_breaks_the_listing_rules_is_not_published_and_the_report_says_why()
    {
        await using var t = await TestDb.CreateAsync();
        // The survey reader takes any http address; a listing's web address must name a host on the internet.
        var path = t.WriteFile("rules.csv", Csv.MsFormsFile(
            Csv.Row(name: "Intranet programme").With("referralContact", "http://intranet/refer"),
            Csv.Row(org: "Second Org (synthetic)", name: "Fine programme").With("responseId", "2")));
        var report = await t.ImportAsync(path);
        Assert.True(report.Accepted == 2, $"accepted {report.Accepted}, rejected {report.Rejected}, duplicates {report.Duplicates}");

        var (code, output) = await t.RunAsync("publish", "--import", report.ImportId!.Value.ToString(CultureInfo.InvariantCulture));

        Assert.Equal(0, code);
        Assert.Contains("1 new listings", output);
        Assert.Contains("[ReferralUrl]", output);
        await using var db = t.Open();
        Assert.Equal(["Fine programme"], await db.Interventions.Where(i => i.Source == "survey").Select(i => i.Name).ToListAsync(Ct));
        // Published listings are in the audit trail under their import.
        var entry = await db.AuditEntries.SingleAsync(a => a.EntityType == AuditEntities.Intervention, Ct);
        Assert.Equal(($"survey import {report.ImportId}", "survey-publish", "created"), (entry.ActorName, entry.Route, entry.Action));
    }
}
