using System.Globalization;
using Blueprint.Data.Listings;
using Blueprint.Data.Survey;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Ingest.Tests.Rounds;

/// <summary>
/// Rounds from the command line, and the publish rules of issue 12: older evidence never replaces newer, a response
/// naming no area is held back, erasure keeps the listings.
/// </summary>
public class RoundPublishTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Id(int? id) => id!.Value.ToString(CultureInfo.InvariantCulture);

    private static string Export(string completedAt, string description) => Csv.MsFormsFile(
        Csv.Row(org: "Afon Project (synthetic)", name: "Change Programme").With("completedAt", completedAt).With("description", description),
        Csv.Row(org: "Bryn Services (synthetic)", name: "Safe Steps").With("completedAt", completedAt).With("description", description),
        Csv.Row(org: "Coed Trust (synthetic)", name: "New Paths").With("completedAt", completedAt).With("description", description));

    [Fact]
    public async Task The_December_2023_export_published_after_the_2026_round_changes_nothing_and_lists_every_conflict()
    {
        await using var t = await TestDb.CreateAsync();
        var current = await t.ImportAsync(t.WriteFile("2026.csv", Export("03/02/2026 10:00:00", "As answered in 2026.")));
        var (_, published) = await t.RunAsync("publish", "--import", Id(current.ImportId));
        Assert.Contains("3 new listings", published);
        // The December 2023 export, re-saved (so a new file): the same interventions, older answers.
        var old = await t.ImportAsync(t.WriteFile("2023-resaved.csv", Export("12/12/2023 09:00:00", "As answered in 2023.")));
        Assert.Equal(3, old.MatchedExisting);

        var (code, output) = await t.RunAsync("publish", "--import", Id(old.ImportId));

        Assert.Equal(0, code);
        Assert.Contains("0 new listings, 0 updated", output);
        Assert.Contains("3 conflicts", output);
        Assert.Contains("completed 2023-12-12 09:00", output);
        Assert.Contains("evidence of 2026-02-03", output);
        Assert.Contains("--overwrite-newer", output);
        await using var db = t.Open();
        var listings = await db.Interventions.Where(i => i.Source == "survey").ToListAsync(Ct);
        Assert.Equal(3, listings.Count);
        Assert.All(listings, l => Assert.Equal((new DateOnly(2026, 2, 3), "As answered in 2026."), (l.LastVerified, l.Description)));
        Assert.False(await db.SurveyResponses.AnyAsync(r => r.ImportId == old.ImportId && r.PublishedInterventionId != null, Ct));
    }

    [Fact]
    public async Task A_person_s_edit_after_the_response_is_newer_evidence_too()
    {
        await using var t = await TestDb.CreateAsync();
        var first = await t.ImportAsync(t.WriteFile("2023.csv", Export("12/12/2023 09:00:00", "As answered in 2023.")));
        await t.RunAsync("publish", "--import", Id(first.ImportId));
        await using (var db = t.Open())
        {
            // An administrator corrects one listing today: an edit, audited, newer than a response completed yesterday.
            db.Actor = new AuditActor("admin-1", "An administrator", "odata");
            var listing = await db.Interventions.SingleAsync(i => i.Name == "Safe Steps", Ct);
            listing.Description = "Corrected by hand.";
            await db.SaveChangesAsync(Ct);
        }
        var yesterday = DateTime.UtcNow.AddDays(-1).ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture);
        var later = await t.ImportAsync(t.WriteFile("later.csv", Export(yesterday, "A later answer.")));

        var (_, output) = await t.RunAsync("publish", "--import", Id(later.ImportId));

        Assert.Contains("0 new listings, 2 updated", output);
        Assert.Contains("1 conflicts", output);
        Assert.Contains("'Safe Steps'", output);
        await using var check = t.Open();
        Assert.Equal("Corrected by hand.", await check.Interventions.Where(i => i.Name == "Safe Steps").Select(i => i.Description).SingleAsync(Ct));

        // The administrator decides: apply it anyway.
        var response = await check.SurveyResponses.Where(r => r.ImportId == later.ImportId && r.InterventionName == "Safe Steps").Select(r => r.Id).SingleAsync(Ct);
        var (_, overwritten) = await t.RunAsync("publish", "--import", Id(later.ImportId), "--overwrite-newer", response.ToString(CultureInfo.InvariantCulture));
        Assert.Contains("0 new listings, 1 updated", overwritten);
        await using var after = t.Open();
        Assert.Equal("A later answer.", await after.Interventions.Where(i => i.Name == "Safe Steps").Select(i => i.Description).SingleAsync(Ct));
    }

    [Fact]
    public async Task A_response_naming_no_area_is_held_back_unless_the_profile_allows_it()
    {
        await using var t = await TestDb.CreateAsync();
        var text = Csv.MsFormsFile(Csv.Row(name: "Somewhere").With("areas", ""), Csv.Row(name: "Cardiff one"));
        var held = await t.ImportAsync(t.WriteFile("no-area.csv", text));
        Assert.Equal((1, 1), (held.NeedsArea, held.Accepted));
        Assert.Equal(SurveyOutcomes.NeedsArea, Assert.Single(held.Rows).Outcome);

        var (_, output) = await t.RunAsync("publish", "--import", Id(held.ImportId));
        Assert.Contains("1 new listings", output);
        Assert.Contains("1 held back because they name no area", output);

        var profile = File.ReadAllText(Path.Combine(TestDb.Root, "data", "profiles", "msforms-2023.json"))
            .Replace("\"name\": \"msforms-2023\",", "\"name\": \"msforms-anywhere\",\n  \"allowNoArea\": true,", StringComparison.Ordinal);
        Assert.Contains("allowNoArea", profile);
        var allowed = await t.ImportAsync(t.WriteFile("no-area-allowed.csv", text + "\r\n"), profile: t.WriteFile("anywhere.json", profile));
        Assert.Equal((0, 2), (allowed.NeedsArea, allowed.Accepted));
    }

    [Fact]
    public async Task Rounds_are_added_and_listed_and_an_import_names_its_round()
    {
        await using var t = await TestDb.CreateAsync();
        var (code, added) = await t.RunAsync("round", "add", "Spring 2026", "--tool", "SmartSurvey", "--opens", "2026-03-01", "--closes", "2026-04-30", "--profile", "msforms-2023");
        Assert.Equal(0, code);
        Assert.Contains("Added round", added);
        Assert.Equal(1, (await t.RunAsync("round", "add", "Spring 2026", "--tool", "x", "--opens", "2026-03-01", "--closes", "2026-04-30")).Code);
        Assert.Equal(2, (await t.RunAsync("round", "add", "Backwards", "--tool", "x", "--opens", "2026-03-01")).Code);

        var (_, imported) = await t.RunAsync("import", t.WriteFile("spring.csv", Csv.MsFormsFile(Csv.Row())), "--round", "Spring 2026");
        Assert.Contains("Round: Spring 2026", imported);
        var (_, unknown) = await t.RunAsync("import", t.WriteFile("other.csv", Csv.MsFormsFile(Csv.Row(name: "Other"))), "--round", "Autumn 2031");
        Assert.Contains("There is no survey round 'Autumn 2031'", unknown);
        Assert.Contains("Nothing was stored", unknown);

        var (_, rounds) = await t.RunAsync("rounds");
        var spring = Assert.Single(rounds.Split('\n'), l => l.Contains("Spring 2026"));
        Assert.Contains("2026-03-01  2026-04-30", spring);
        Assert.Contains("SmartSurvey", spring);
        Assert.Contains("      1  msforms-2023", spring);
        Assert.Contains(rounds.Split('\n'), l => l.Contains(TestDb.OpenRound) && l.Contains("(open today)"));
    }

    [Fact]
    public async Task Erase_anonymises_the_staged_rows_keeps_the_listings_and_is_audited()
    {
        await using var t = await TestDb.CreateAsync();
        var report = await t.ImportAsync(t.WriteFile("erase.csv", Csv.MsFormsFile(Csv.Row(name: "Kept listing"), Csv.Row(name: "Waiting"))));
        await using (var db = t.Open())
        {
            var first = await db.SurveyResponses.Where(r => r.ImportId == report.ImportId && r.RowNumber == 2).Select(r => r.Id).SingleAsync(Ct);
            await t.RunAsync("publish", "--import", Id(report.ImportId), "--responses", first.ToString(CultureInfo.InvariantCulture));
        }

        var (refusedCode, refused) = await t.RunAsync("erase", "--import", Id(report.ImportId));
        Assert.Equal(1, refusedCode);
        Assert.Contains("1 accepted response(s) waiting to be published", refused);

        var (code, output) = await t.RunAsync("erase", "--import", Id(report.ImportId), "--force");
        Assert.Equal(0, code);
        Assert.Contains("2 staged rows", output);
        await using var check = t.Open();
        Assert.False(await check.SurveyResponses.AnyAsync(r => r.RespondentEmail == "alex.example@example.org", Ct));
        Assert.Equal(2, await check.SurveyResponses.CountAsync(r => r.ImportId == report.ImportId && r.RespondentName == null, Ct));
        Assert.NotNull((await check.SurveyImports.SingleAsync(Ct)).ErasedAt);
        Assert.True(await check.Interventions.AnyAsync(i => i.Name == "Kept listing", Ct));
        // Its waiting response is never published from the anonymised answers.
        await t.RunAsync("publish", "--import", Id(report.ImportId));
        Assert.False(await check.Interventions.AnyAsync(i => i.Name == "Waiting", Ct));
        Assert.Contains("already erased", (await t.RunAsync("erase", "--import", Id(report.ImportId))).Output);
        var audit = await check.AuditEntries.SingleAsync(a => a.EntityType == AuditEntities.SurveyImport, Ct);
        Assert.Equal(("erased", "test"), (audit.Action, audit.ActorName));
        var (_, usage) = await t.RunAsync("no-such-command");
        Assert.Contains("erase --import N", usage);
    }
}
