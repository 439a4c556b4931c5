using System.Text.Json;
using Blueprint.Data.Survey;
using Blueprint.Ingest.Commands;
using Blueprint.Ingest.Normalising;
using Blueprint.Ingest.Staging;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Ingest.Tests;

public class PipelineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Importing_the_same_file_twice_changes_nothing_the_second_time()
    {
        await using var t = await TestDb.CreateAsync();
        var path = t.WriteFile("twice.csv", Csv.MsFormsFile(Csv.Row(), Csv.Row(name: "Other")));

        var first = await t.ImportAsync(path);
        var second = await t.ImportAsync(path);

        Assert.False(first.AlreadyImported);
        Assert.True(second.AlreadyImported);
        Assert.Equal(first.ImportId, second.ImportId);
        await using var db = t.Open();
        Assert.Single(db.SurveyImports);
        Assert.Equal(2, await db.SurveyResponses.CountAsync(Ct));
    }

    [Fact]
    public async Task Dry_run_reports_but_stores_nothing()
    {
        await using var t = await TestDb.CreateAsync();
        var report = await t.ImportAsync(t.WriteFile("dry.csv", Csv.MsFormsFile(Csv.Row())), dryRun: true);

        Assert.Equal(1, report.Accepted);
        Assert.Null(report.ImportId);
        await using var db = t.Open();
        Assert.Empty(db.SurveyImports);
        Assert.Empty(db.SurveyResponses);
    }

    [Fact]
    public async Task Duplicate_submission_in_one_file_is_detected_and_reported()
    {
        await using var t = await TestDb.CreateAsync();
        var path = t.WriteFile("dupes.csv", Csv.MsFormsFile(Csv.Row(), Csv.Row(org: "TEST ORG (synthetic)", name: "test programme.")));

        var report = await t.ImportAsync(path);

        Assert.Equal(1, report.Duplicates);
        var dupe = Assert.Single(report.Rows, r => r.Outcome == SurveyOutcomes.Duplicate);
        Assert.Equal(3, dupe.Row);
        Assert.Equal(2, dupe.DuplicateOfRow);
    }

    [Fact]
    public async Task Every_problem_names_row_column_and_value_in_plain_words()
    {
        await using var t = await TestDb.CreateAsync();
        var path = t.WriteFile("bad.csv", Csv.MsFormsFile(Csv.Row().With("areas", "Bristol;").With("gender", "Martians").With("placesPerYear", "999999")));

        var report = await t.ImportAsync(path);

        var row = Assert.Single(report.Rows);
        Assert.Equal(2, row.Row);
        Assert.Equal(SurveyOutcomes.Rejected, row.Outcome);
        Assert.Contains(row.Problems, p => p.Column.StartsWith("Where is the intervention delivered") && p.Value == "Bristol" && p.Message.Contains("not a Welsh local authority"));
        Assert.Contains(row.Problems, p => p.Column == "Who is it for? Gender" && p.Value == "Martians");
        Assert.Contains(row.Problems, p => p.Column == "Places per year" && p.Message.Contains("100,000"));
    }

    [Fact]
    public async Task Both_export_shapes_give_the_same_normalised_answer()
    {
        await using var t = await TestDb.CreateAsync();
        var ms = Csv.MsFormsFile(Csv.Row().With("forms", "Domestic abuse;Stalking;Faith-based abuse;").With("areas", "North Wales;"));
        var po = PerOptionFile(t);

        var a = await t.ImportAsync(t.WriteFile("ms.csv", ms));
        var b = await t.ImportAsync(t.WriteFile("po.csv", po));

        Assert.Equal("per-option-2023", b.Profile);
        await using var db = t.Open();
        var answers = db.SurveyResponses.OrderBy(r => r.ImportId).Select(r => r.Normalised!).ToList()
            .Select(j => JsonSerializer.Deserialize<NormalisedResponse>(j, new JsonSerializerOptions(JsonSerializerDefaults.Web))!).ToList();
        Assert.All(answers, x => Assert.Equal(["domestic-abuse", "stalking", "other"], x.Forms));
        Assert.All(answers, x => Assert.Equal(["Faith-based abuse"], x.OtherAnswers!["forms"]));
        Assert.All(answers, x => Assert.Equal(6, x.LocalAuthorities.Count));
    }

    private static string PerOptionFile(TestDb t)
    {
        var headers = new List<string> { "Response ID", "Date Ended" };
        var cells = new List<string> { "9", "05/12/2023 10:15" };
        var row = Csv.Row();
        foreach (var (field, map) in Csv.PerOption.Fields.Where(f => f.Key is not ("responseId" or "completedAt")))
        {
            if (map.Options is null)
            {
                headers.Add(map.Column);
                cells.Add(row.GetValueOrDefault(field) ?? "");
                continue;
            }
            foreach (var option in map.Options)
            {
                headers.Add(map.OptionColumn(option));
                var ticked = field switch
                {
                    "forms" => option is "Domestic abuse" or "Stalking",
                    "areas" => false,
                    _ => (row.GetValueOrDefault(field) ?? "").Split(';').Contains(option),
                };
                cells.Add(ticked ? (option.Length % 2 == 0 ? "1" : option) : "");
            }
            if (map.Other is not null)
            {
                headers.Add(map.OptionColumn(map.Other));
                cells.Add(field switch { "forms" => "Faith-based abuse", "areas" => "North Wales", _ => "" });
            }
        }
        return string.Join(",", headers.Select(Csv.Quote)) + "\r\n" + string.Join(",", cells.Select(Csv.Quote)) + "\r\n";
    }

    [Fact]
    public async Task Formula_cells_are_stored_as_text_and_escaped_in_the_report()
    {
        await using var t = await TestDb.CreateAsync();
        var path = t.WriteFile("formula.csv", Csv.MsFormsFile(Csv.Row(org: "=cmd|' /C calc'!A0", name: "@SUM(1+1)")));
        var reportPath = Path.Combine(t.Folder, "report.csv");

        var (code, _) = await t.RunAsync("import", path, "--report", reportPath);

        Assert.Equal(0, code);
        await using var db = t.Open();
        Assert.Equal("=cmd|' /C calc'!A0", db.SurveyResponses.Single().OrganisationName);
        var report = File.ReadAllText(reportPath);
        Assert.Contains("'=cmd", report);
        Assert.Contains("'@SUM", report);
        Assert.DoesNotContain(",=cmd", report);
    }

    [Fact]
    public async Task Only_consented_responses_become_listings_and_no_personal_data_reaches_them()
    {
        await using var t = await TestDb.CreateAsync();
        var path = t.WriteFile("consent.csv", Csv.MsFormsFile(
            Csv.Row(name: "Published one").With("venuePostcodes", "CF10 1AA").With("venueVisibility", "Show the area only"),
            Csv.Row(name: "Kept back", publish: "No"),
            Csv.Row(name: "Unanswered", publish: "")));
        var report = await t.ImportAsync(path);
        Assert.Equal(1, report.Accepted);
        Assert.Equal(2, report.NotForPublication);

        var (code, output) = await t.RunAsync("publish", "--import", report.ImportId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, code);
        Assert.Contains("1 new listings", output);

        await using var db = t.Open();
        var listing = await db.Interventions.Include(i => i.Organisation).Include(i => i.Areas).Include(i => i.VenueRecords).Include(i => i.Venues)
            .SingleAsync(i => i.Source == "survey", Ct);
        Assert.Equal("Published one", listing.Name);
        Assert.Equal("W06000015", Assert.Single(listing.Areas).Code);
        Assert.Equal(new DateOnly(2023, 12, 5), listing.LastVerified);
        Assert.StartsWith("survey import", listing.SourceReference);
        Assert.Equal("approximate", Assert.Single(listing.VenueRecords).Visibility);
        Assert.Null(Assert.Single(listing.Venues).Postcode);
        var everything = JsonSerializer.Serialize(new { listing.Organisation!.Name, listing.Organisation.Email, listing.Organisation.Phone, listing.VerifiedBy, listing.ReferralEmail, listing.Description, listing.SourceReference });
        Assert.DoesNotContain("Alex", everything);
        Assert.DoesNotContain("alex.example", everything);
        Assert.Equal(["Kept back", "Unanswered"], db.SurveyResponses.Where(r => r.PublishedInterventionId == null).OrderBy(r => r.RowNumber).Select(r => r.InterventionName!).ToList());
        // The respondent's details stay in staging, for analysts.
        Assert.Equal(3, db.SurveyResponses.Count(r => r.RespondentEmail == "alex.example@example.org"));
    }

    [Fact]
    public async Task A_later_round_updates_the_listing_rather_than_duplicating_it()
    {
        await using var t = await TestDb.CreateAsync();
        var round1 = await t.ImportAsync(t.WriteFile("r1.csv", Csv.MsFormsFile(Csv.Row(org: "Afon Project Ltd (synthetic)", name: "Change Programme"))));
        await t.RunAsync("publish", "--import", round1.ImportId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var round2 = await t.ImportAsync(t.WriteFile("r2.csv", Csv.MsFormsFile(
            Csv.Row(org: "afon project (synthetic)", name: "The Change Programm").With("placesPerYear", "approx 60").With("completedAt", "01/12/2024 09:00:00"))));
        Assert.Equal(1, round2.MatchedExisting);
        var (_, output) = await t.RunAsync("publish");

        Assert.Contains("0 new listings, 1 updated", output);
        await using var db = t.Open();
        var listing = await db.Interventions.SingleAsync(i => i.Source == "survey", Ct);
        Assert.Equal(60, listing.PlacesPerYear);
        Assert.Equal(new DateOnly(2024, 12, 1), listing.LastVerified);
    }

    [Fact]
    public async Task Chosen_responses_only_are_published_and_refusals_are_explained()
    {
        await using var t = await TestDb.CreateAsync();
        var report = await t.ImportAsync(t.WriteFile("choose.csv", Csv.MsFormsFile(Csv.Row(name: "A"), Csv.Row(name: "B"), Csv.Row(name: "C", publish: "No"))));
        await using var db = t.Open();
        var ids = db.SurveyResponses.OrderBy(r => r.RowNumber).Select(r => r.Id).ToList();

        var (_, output) = await t.RunAsync("publish", "--responses", $"{ids[1]},{ids[2]}");

        Assert.Contains("1 new listings", output);
        Assert.Contains("did not consent", output);
        Assert.Equal(["B"], db.Interventions.Where(i => i.Source == "survey").Select(i => i.Name).ToList());
    }

    [Fact]
    public async Task Imports_lists_past_imports()
    {
        await using var t = await TestDb.CreateAsync();
        await t.ImportAsync(t.WriteFile("list.csv", Csv.MsFormsFile(Csv.Row())));
        var (code, output) = await t.RunAsync("imports");
        Assert.Equal(0, code);
        Assert.Contains("list.csv", output);
        Assert.Contains("msforms-2023", output);
    }

    [Fact]
    public async Task Exit_code_is_zero_with_rejected_rows_and_non_zero_when_the_file_cannot_be_processed()
    {
        await using var t = await TestDb.CreateAsync();
        var (ok, _) = await t.RunAsync("import", t.WriteFile("rej.csv", Csv.MsFormsFile(Csv.Row(name: ""))));
        var (bad, output) = await t.RunAsync("import", t.WriteFile("empty.csv", ""));
        Assert.Equal(0, ok);
        Assert.Equal(1, bad);
        Assert.Contains("Nothing was stored", output);
    }
}

public class RepeatedAnswerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_answer_repeated_on_many_rows_gives_every_row_the_same_values_and_the_same_problems()
    {
        await using var t = await TestDb.CreateAsync();
        var row = Csv.Row().With("areas", "Cardif;North Wales;").With("placesPerYear", "lots");
        var path = t.WriteFile("repeat.csv", Csv.MsFormsFile([.. Enumerable.Range(0, 5).Select(i => row.With("interventionName", $"Programme {i}"))]));

        var report = await t.ImportAsync(path);

        Assert.Equal(5, report.Rows.Count);
        Assert.All(report.Rows, r =>
        {
            Assert.Contains(r.Problems, p => p.Value == "Cardif" && p.Message.Contains("Cardiff", StringComparison.Ordinal));
            Assert.Contains(r.Problems, p => p.Value == "lots");
        });
        await using var db = t.Open();
        var answers = db.SurveyResponses.Select(r => r.Normalised!).ToList().Select(j => JsonSerializer.Deserialize(j, IngestJson.Default.NormalisedResponse)!).ToList();
        Assert.All(answers, a => Assert.Equal(7, a.LocalAuthorities.Count));
        Assert.All(answers, a => Assert.Null(a.PlacesPerYear));
    }

    [Fact]
    public async Task More_different_answers_than_are_remembered_are_all_still_read()
    {
        await using var t = await TestDb.CreateAsync();
        var rows = Enumerable.Range(1, 5000).Select(i => Csv.Row(name: $"Programme {i}").With("placesPerYear", $"approx {i}")).ToArray();

        var report = await t.ImportAsync(t.WriteFile("many.csv", Csv.MsFormsFile(rows)));

        Assert.Equal(5000, report.Accepted);
        await using var db = t.Open();
        var places = db.SurveyResponses.OrderBy(r => r.RowNumber).Select(r => r.Normalised!).ToList()
            .Select(j => JsonSerializer.Deserialize(j, IngestJson.Default.NormalisedResponse)!.PlacesPerYear).ToList();
        Assert.Equal(Enumerable.Range(1, 5000).Select(i => (int?)i), places);
    }
}
