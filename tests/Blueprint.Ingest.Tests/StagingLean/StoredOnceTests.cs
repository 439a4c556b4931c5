using System.Text.Json.Nodes;
using Blueprint.Data.Survey;
using Blueprint.Ingest.Staging;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Ingest.Tests.StagingLean;

/// <summary>
/// Decision 0048: a staged row keeps its completion time, consents and names once, in its own columns; whoever reads
/// the normalised answers still gets all of them.
/// </summary>
public class StoredOnceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_names_completion_time_and_consents_are_stored_once_and_read_back_with_the_answers()
    {
        await using var t = await TestDb.CreateAsync();
        var report = await t.ImportAsync(t.WriteFile("once.csv", Csv.MsFormsFile(Csv.Row(org: "Grŵp Afon (synthetic)", name: "Newid Programme"))));
        Assert.Null(report.Error);

        await using var db = t.Open();
        var row = await db.SurveyResponses.SingleAsync(Ct);
        Assert.Equal(("Grŵp Afon (synthetic)", "Newid Programme", true, true), (row.OrganisationName, row.InterventionName, row.ConsentToPublish, row.ConsentToContact));
        Assert.Equal(new DateTime(2023, 12, 5, 10, 15, 0), row.CompletedAt);
        foreach (var once in new[] { "organisationName", "interventionName", "completedAt", "consentToPublish", "consentToContact", "Grŵp Afon" })
        {
            Assert.DoesNotContain(once, row.Normalised!, StringComparison.Ordinal);
        }

        var answers = StagedAnswers.Read(row.Normalised!, row.OrganisationName, row.InterventionName, row.CompletedAt, row.ConsentToPublish, row.ConsentToContact);
        Assert.Equal(("Grŵp Afon (synthetic)", "Newid Programme", true, true), (answers.OrganisationName, answers.InterventionName, answers.ConsentToPublish, answers.ConsentToContact));
        Assert.Equal(row.CompletedAt, answers.CompletedAt);
        Assert.Equal("A group programme.", answers.Description);

        // The imports page shows the answers whole, in the order they were always written.
        var whole = JsonNode.Parse(StagedAnswers.Whole(row)!)!.AsObject();
        Assert.Equal(["responseId", "completedAt", "consentToPublish", "consentToContact", "organisationName", "organisationType", "interventionName", "description"],
            whole.Select(p => p.Key).Take(8));
        Assert.Equal("Grŵp Afon (synthetic)", (string?)whole["organisationName"]);
        Assert.Equal("2023-12-05T10:15:00Z", (string?)whole["completedAt"]);
        Assert.True((bool?)whole["consentToPublish"]);
    }

    [Fact]
    public async Task A_published_response_makes_the_listing_under_the_name_its_row_holds()
    {
        await using var t = await TestDb.CreateAsync();
        var report = await t.ImportAsync(t.WriteFile("publish.csv", Csv.MsFormsFile(Csv.Row(org: "Coed Trust (synthetic)", name: "Llwybrau Newydd"))));

        var (code, output) = await t.RunAsync("publish", "--import", report.ImportId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(0, code);
        Assert.Contains("1 new listing", output);
        await using var db = t.Open();
        var listing = await db.Interventions.Include(i => i.Organisation).SingleAsync(i => i.Source == "survey", Ct);
        Assert.Equal(("Coed Trust (synthetic)", "Llwybrau Newydd", new DateOnly(2023, 12, 5)), (listing.Organisation!.Name, listing.Name, listing.LastVerified));
    }

    [Fact]
    public void Answers_staged_before_still_read_as_they_were_stored()
    {
        // A row staged before decision 0048 holds every answer in its JSON: that wins, and the page shows it unchanged.
        const string Before = """{"responseId":"7","completedAt":"2023-12-05T10:15:00Z","consentToPublish":true,"organisationName":"Afon (synthetic)","interventionName":"Change","description":"Kept."}""";
        var row = new SurveyResponse
        {
            ContentHash = "x", RawRow = "[]", Outcome = SurveyOutcomes.Accepted, Normalised = Before,
            OrganisationName = "Afon (synthetic)", InterventionName = "Change", CompletedAt = new DateTime(2023, 12, 5, 10, 15, 0), ConsentToPublish = true,
        };

        var answers = StagedAnswers.Read(Before, "Other name", "Other", null, false, null);

        Assert.Equal(("Afon (synthetic)", "Change", true, "Kept."), (answers.OrganisationName, answers.InterventionName, answers.ConsentToPublish, answers.Description));
        Assert.Equal(JsonNode.Parse(Before)!.ToJsonString(), StagedAnswers.Whole(row));
    }
}
