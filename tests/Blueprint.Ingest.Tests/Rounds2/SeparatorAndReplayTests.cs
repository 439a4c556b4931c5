using System.Text.Json.Nodes;
using Blueprint.Ingest.Tests.Rounds;

namespace Blueprint.Ingest.Tests.Rounds2;

/// <summary>A profile's own separator, and a re-import's report replay, as the survey officer meets them.</summary>
public class SeparatorAndReplayTests
{
    /// <summary>The shipped Microsoft Forms profile under another name, writing <paramref name="separator"/> between fields.</summary>
    private static string Profile(TestDb t, string separator)
    {
        var profile = JsonNode.Parse(File.ReadAllText(Path.Combine(TestDb.Root, "data", "profiles", "msforms-2023.json")))!.AsObject();
        profile["name"] = "pipes-2023";
        profile["separator"] = separator;
        return t.WriteFile("pipes-2023.json", profile.ToJsonString());
    }

    [Fact]
    public async Task A_profile_s_own_pipe_separator_reads_an_export_whose_answers_hold_commas_and_quotes()
    {
        await using var t = await TestDb.CreateAsync();
        var text = Csv.MsFormsFile(Csv.Row(org: "Grŵp Môn, Ynys Môn (synthetic)", name: "One \"quoted\""), Csv.Row(name: "Two"));
        var path = t.WriteFile("pipes.csv", SmallerDefectTests.Resave(text, '|'));

        var report = await t.ImportAsync(path, profile: Profile(t, "|"));

        Assert.Null(report.Error);
        Assert.Equal("'|'", report.Separator);
        Assert.Equal(2, report.Accepted);
    }

    [Fact]
    public async Task A_pipe_separated_export_is_read_by_the_separator_of_the_profile_its_header_chooses()
    {
        await using var t = await TestDb.CreateAsync();
        // A data folder whose only profile writes "|": it is chosen by the file's header, which must be read by "|" first.
        var root = Path.Combine(t.Folder, "root");
        Directory.CreateDirectory(Path.Combine(root, "data", "profiles"));
        File.Copy(Profile(t, "|"), Path.Combine(root, "data", "profiles", "pipes-2023.json"));
        var text = Csv.MsFormsFile(Csv.Row(org: "Grŵp Môn, Ynys Môn (synthetic)", name: "One"), Csv.Row(name: "Two"));
        var path = t.WriteFile("pipes.csv", SmallerDefectTests.Resave(text, '|'));

        await using var db = t.Open();
        var report = await new Staging.SurveyImporter(db, TestDb.Areas, TestDb.Vocabularies, root)
            .ImportAsync(path, new Staging.ImportOptions { ImportedBy = "test" }, TestContext.Current.CancellationToken);

        Assert.Null(report.Error);
        Assert.Equal(("pipes-2023", "'|'"), (report.Profile, report.Separator));
        Assert.Equal(2, report.Accepted);
    }

    [Fact]
    public async Task A_re_import_s_report_replays_the_blank_rows_at_the_end_of_the_file()
    {
        await using var t = await TestDb.CreateAsync();
        var text = Csv.MsFormsFile(Csv.Row(name: "Fine"), Csv.Row(name: "Kept", publish: "No")) + ",,,,\r\n,,,,\r\n";
        var path = t.WriteFile("trailing.csv", text);
        var first = Path.Combine(t.Folder, "first-report.csv");
        var second = Path.Combine(t.Folder, "second-report.csv");

        await t.RunAsync("import", path, "--report", first);
        var (code, output) = await t.RunAsync("import", path, "--report", second);

        Assert.Equal(0, code);
        Assert.Contains("was already imported", output);
        Assert.Equal(2, File.ReadAllLines(first).Count(l => l.Contains("blank", StringComparison.Ordinal)));
        Assert.Equal(File.ReadAllText(first), File.ReadAllText(second));
    }
}
