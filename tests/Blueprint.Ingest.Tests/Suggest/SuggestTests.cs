using Blueprint.Ingest.Profiles;
using Blueprint.Ingest.Profiles.Suggesting;
using Blueprint.Ingest.Staging;

namespace Blueprint.Ingest.Tests.Suggest;

public class SuggestTests
{
    private static ProfileSuggestion Suggest(string path, MappingProfile? from = null) =>
        new ProfileSuggester(new ProfileCatalog(TestDb.Root).All(), TestDb.Vocabularies, TestDb.Areas)
            .Suggest(ExportSample.Read(path, ImportOptions.DefaultMaxFileBytes), path, from);

    /// <summary>A dry run of the file with the draft exactly as suggested (written to a .json file, as an officer would save it).</summary>
    private static async Task<ImportReport> DryRunWithDraftAsync(TestDb t, string path, ProfileSuggestion s)
    {
        var profilePath = Path.Combine(t.Folder, s.Profile.Name + ".json");
        await File.WriteAllTextAsync(profilePath, DraftProfileJson.Text(s.ProfileJson), TestContext.Current.CancellationToken);
        return await t.ImportAsync(path, profilePath, dryRun: true);
    }

    private static void AssertFieldsMapped(ProfileSuggestion s, MappingProfile original, Func<string, string> reword)
    {
        var wrong = new List<string>();
        foreach (var (field, map) in original.Fields)
        {
            var expected = reword(map.Options is null ? map.Column : map.OptionColumn(map.Options[0]));
            var actual = s.Columns.FirstOrDefault(c => c.Field == field)?.Column;
            if (actual != expected)
            {
                wrong.Add($"{field}: expected '{expected}', got '{actual ?? "(none)"}'");
            }
        }
        Assert.True(wrong.Count == 0, "Fields mapped to the wrong column:\n" + string.Join("\n", wrong) + "\n\n" + Review(s));
    }

    private static string Review(ProfileSuggestion s)
    {
        var text = new StringWriter();
        ReviewTable.Write(text, s);
        return text.ToString();
    }

    [Fact]
    public async Task A_reworded_Microsoft_Forms_export_gets_a_draft_that_imports_the_clean_rows_unedited()
    {
        await using var t = await TestDb.CreateAsync();
        var baseline = await t.ImportAsync(RewordedExports.MsFormsPath, "msforms-2023", dryRun: true);
        var path = RewordedExports.Write(t, RewordedExports.MsFormsPath, "spring-round.csv", h => RewordedExports.MsForms.GetValueOrDefault(h, h));

        var s = Suggest(path);
        var report = await DryRunWithDraftAsync(t, path, s);
        TestContext.Current.TestOutputHelper?.WriteLine($"accepted {report.Accepted} (rejected {report.Rejected}) with the draft, {baseline.Accepted} with the shipped profile\n{Review(s)}");

        Assert.Equal("msforms-2023", s.BasedOn);
        AssertFieldsMapped(s, Csv.MsForms, h => RewordedExports.MsForms.GetValueOrDefault(h, h));
        Assert.Equal(";", s.Profile.Fields["purposes"].Split);
        Assert.Null(report.Error);
        Assert.True(baseline.Accepted >= 30, $"the shipped export should have clean rows ({baseline.Accepted})");
        Assert.True(report.Accepted >= 0.9 * baseline.Accepted, $"accepted {report.Accepted} of the {baseline.Accepted} clean rows\n{Review(s)}");
        Assert.Empty(s.Problems);
    }

    [Fact]
    public async Task A_per_option_export_reworded_in_another_tools_style_gets_a_draft_that_imports_the_clean_rows_unedited()
    {
        await using var t = await TestDb.CreateAsync();
        var baseline = await t.ImportAsync(RewordedExports.PerOptionPath, "per-option-2023", dryRun: true);
        var path = RewordedExports.Write(t, RewordedExports.PerOptionPath, "other-tool.csv", RewordedExports.PerOption);

        var s = Suggest(path);
        var report = await DryRunWithDraftAsync(t, path, s);
        TestContext.Current.TestOutputHelper?.WriteLine($"accepted {report.Accepted} (rejected {report.Rejected}) with the draft, {baseline.Accepted} with the shipped profile\n{Review(s)}");

        Assert.Equal("per-option-2023", s.BasedOn);
        AssertFieldsMapped(s, Csv.PerOption, RewordedExports.PerOption);
        var forms = s.Profile.Fields["forms"];
        Assert.Equal("{column} [{option}]", forms.OptionHeader);
        Assert.Contains("Harassment incl. online", forms.Options!);
        Assert.Equal("Other (please specify)", forms.Other);
        Assert.Null(report.Error);
        Assert.True(baseline.Accepted >= 30, $"the shipped export should have clean rows ({baseline.Accepted})");
        Assert.True(report.Accepted >= 0.9 * baseline.Accepted, $"accepted {report.Accepted} of the {baseline.Accepted} clean rows\n{Review(s)}");
    }
}
