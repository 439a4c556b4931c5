using System.Text;
using Blueprint.Ingest.Profiles;

namespace Blueprint.Ingest.Tests.Suggest;

/// <summary><c>profile suggest</c> on the command line: the draft file, the review, and files that are nothing like a survey export.</summary>
public class SuggestCommandTests
{
    [Fact]
    public async Task Suggest_writes_a_draft_that_import_dry_run_then_uses_and_prints_the_review()
    {
        await using var t = await TestDb.CreateAsync();
        var path = RewordedExports.Write(t, RewordedExports.MsFormsPath, "spring-round.csv", h => RewordedExports.MsForms.GetValueOrDefault(h, h));
        var draft = Path.Combine(t.Folder, "spring-round.json");

        var (code, output) = await t.RunAsync("profile", "suggest", path, "--out", draft);

        Assert.Equal(0, code);
        Assert.Contains("starting from msforms-2023", output);
        Assert.Contains("Q1. Name of your organization", output);
        Assert.Contains("organisationName", output);
        Assert.Contains("<- check", output);                      // the less sure matches are pointed out
        Assert.Contains("Columns matched to no field", output);
        Assert.Contains("Polish (29 times)", output);              // an answer no vocabulary term covers, with its count
        Assert.Contains("Draft written to", output);
        Assert.Equal("spring-round-draft", MappingProfile.Load(draft).Name);

        var (importCode, importOutput) = await t.RunAsync("import", path, "--profile", draft, "--dry-run");

        Assert.Equal(0, importCode);
        Assert.Contains("Profile: spring-round-draft", importOutput);
        Assert.Contains("Dry run. Nothing was stored.", importOutput);
    }

    [Fact]
    public async Task Suggest_without_out_prints_the_draft_and_from_names_the_profile_to_start_from()
    {
        await using var t = await TestDb.CreateAsync();
        var path = RewordedExports.Write(t, RewordedExports.MsFormsPath, "spring.csv", h => RewordedExports.MsForms.GetValueOrDefault(h, h));

        var (code, output) = await t.RunAsync("profile", "suggest", path, "--from", "per-option-2023");

        Assert.Equal(0, code);
        Assert.Contains("\"name\": \"spring-draft\"", output);
        Assert.Contains("starting from per-option-2023", output);
    }

    [Fact]
    public async Task An_import_that_no_profile_fits_points_to_profile_suggest()
    {
        await using var t = await TestDb.CreateAsync();
        var path = RewordedExports.Write(t, RewordedExports.MsFormsPath, "spring.csv", h => RewordedExports.MsForms.GetValueOrDefault(h, h));

        var (code, output) = await t.RunAsync("import", path, "--dry-run");

        Assert.Equal(1, code);
        Assert.Contains("The closest, msforms-2023, lacks", output);
        Assert.Contains("profile suggest", output);
    }

    [Fact]
    public async Task The_command_list_shows_profile_suggest_and_a_wrong_use_gets_the_usage()
    {
        await using var t = await TestDb.CreateAsync();

        var (code, output) = await t.RunAsync("profile", "guess", "x.csv");
        var (listCode, list) = await t.RunAsync("no-such-command");

        Assert.Equal(2, code);
        Assert.Contains("profile suggest FILE [--from PROFILE] [--out NEW.json]", output);
        Assert.Equal(2, listCode);
        Assert.Contains("profile suggest FILE", list);
    }

    [Fact]
    public async Task A_header_nothing_like_the_survey_gets_an_honest_low_confidence_draft_and_the_import_says_what_is_missing()
    {
        await using var t = await TestDb.CreateAsync();
        var path = t.WriteFile("garden.csv", "Colour,Favourite fruit,Shoe size,Pet's name\nred,apple,9,Mot\nblue,pear,7,Pero\n");
        var draft = Path.Combine(t.Folder, "garden.json");

        var (code, output) = await t.RunAsync("profile", "suggest", path, "--out", draft);
        var (importCode, importOutput) = await t.RunAsync("import", path, "--profile", draft, "--dry-run");

        Assert.Equal(0, code);
        Assert.Contains("no existing profile is close", output);
        Assert.DoesNotContain(" high", output);
        Assert.Contains("Problem: No column looks like 'Organisation name' (organisationName)", output);
        Assert.Contains("Problem: No column looks like 'Name of the intervention' (interventionName)", output);
        Assert.Equal(1, importCode);
        Assert.Contains("must map organisationName", importOutput);
    }

    [Fact]
    public async Task A_semicolon_separated_export_with_comma_separated_answers_is_read_as_such()
    {
        await using var t = await TestDb.CreateAsync();
        var path = t.WriteFile("semicolons.csv",
            "Organisation;Programme name;Languages used;Where delivered\n"
            + "Org A (synthetic);Choices;English, Welsh;Cardiff, Newport\n"
            + "Org B (synthetic);Change;Welsh;Swansea\n"
            + "Org C (synthetic);Respect;English, BSL;Powys, Ceredigion\n");
        var draft = Path.Combine(t.Folder, "semicolons.json");

        var (code, output) = await t.RunAsync("profile", "suggest", path, "--out", draft);
        var profile = MappingProfile.Load(draft);
        var report = await t.ImportAsync(path, draft, dryRun: true);

        Assert.Equal(0, code);
        Assert.Equal(';', profile.Separator);
        Assert.Equal("Organisation", profile.Fields["organisationName"].Column);
        Assert.Equal("Programme name", profile.Fields["interventionName"].Column);
        Assert.Equal(",", profile.Fields["languages"].Split);
        Assert.Equal("Where delivered", profile.Fields["areas"].Column);
        Assert.Null(report.Error);
        Assert.Equal(3, report.RowsRead);
        Assert.Equal(0, report.Rejected);
        Assert.DoesNotContain("Answer texts that match no term", output);
    }

    [Fact]
    public async Task Hostile_headers_get_a_clear_error_or_a_draft()
    {
        await using var t = await TestDb.CreateAsync();

        var (emptyCode, empty) = await t.RunAsync("profile", "suggest", t.WriteFile("empty.csv", ""));
        Assert.Equal(1, emptyCode);
        Assert.Contains("Could not draft a profile for empty.csv: The file is empty", empty);

        var (commasCode, commas) = await t.RunAsync("profile", "suggest", t.WriteFile("commas.csv", ",,,,\n1,2,3,4,5\n"));
        Assert.Equal(1, commasCode);
        Assert.Contains("no header row", commas);

        var wide = string.Join(",", Enumerable.Range(1, 5000).Select(i => $"Question {i}")) + "\n";
        var (wideCode, wideOutput) = await t.RunAsync("profile", "suggest", t.WriteFile("wide.csv", wide));
        Assert.Equal(1, wideCode);
        Assert.Contains("The file has 5,000 columns; a survey export has at most 2,000", wideOutput);

        // The most columns a file may have, every header near a survey question: a draft, not a hang.
        var near = Enumerable.Range(1, 2000).Select(i => $"Organisation name {i} funding sources referral (tick all that apply)").ToList();
        var rows = string.Join("\n", Enumerable.Range(1, 50).Select(r => string.Join(",", near.Select((_, i) => (i + r) % 3 == 0 ? "Welsh Government;Home Office" : "x"))));
        var (nearCode, nearOutput) = await t.RunAsync("profile", "suggest", t.WriteFile("near.csv", string.Join(",", near) + "\n" + rows + "\n"));
        Assert.Equal(0, nearCode);
        Assert.Contains("Columns matched to no field (", nearOutput);

        var (dupCode, dup) = await t.RunAsync("profile", "suggest", t.WriteFile("dupes.csv",
            "Organisation name,Organisation name,Name of the intervention,,Format\nOrg A (synthetic),Org B,Choices,,Group\n"));
        Assert.Equal(0, dupCode);
        Assert.Contains("Columns matched to no field (2)", dup);
        Assert.Contains("(column 4)", dup);
    }

    [Fact]
    public async Task A_bilingual_header_is_matched_by_its_english_words()
    {
        await using var t = await TestDb.CreateAsync();
        var path = t.WriteFile("cymraeg.csv", "Enw'r sefydliad (Organisation name),Enw'r rhaglen (Programme name),Iaith (Language)\nGrŵp Môn (synthetic),Newid,Cymraeg\n", Encoding.UTF8);

        var (code, output) = await t.RunAsync("profile", "suggest", path);

        Assert.Equal(0, code);
        Assert.Contains("\"column\": \"Enw'r sefydliad (Organisation name)\"", output);
        Assert.Contains("\"column\": \"Enw'r rhaglen (Programme name)\"", output);
    }
}
