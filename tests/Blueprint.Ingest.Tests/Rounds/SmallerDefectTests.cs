using System.Text;
using Blueprint.Data.Survey;

namespace Blueprint.Ingest.Tests.Rounds;

/// <summary>The smaller defects of issue 12, each as the survey officer met it.</summary>
public class SmallerDefectTests
{
    [Fact]
    public async Task A_row_of_only_separators_is_blank_not_rejected()
    {
        await using var t = await TestDb.CreateAsync();
        var text = Csv.MsFormsFile(Csv.Row(name: "First"), Csv.Row(name: "Second"));
        var lines = text.Split("\r\n").ToList();
        lines.Insert(2, ",,,,");
        var report = await t.ImportAsync(t.WriteFile("excel-blank.csv", string.Join("\r\n", lines)));

        Assert.Null(report.Error);
        Assert.Equal((2, 0, 1), (report.Accepted, report.Rejected, report.BlankRows));
        Assert.Empty(report.Rows);
    }

    [Theory]
    [InlineData(';', "semicolon")]
    [InlineData('\t', "tab")]
    public async Task Semicolon_and_tab_separated_exports_are_read_by_their_separator(char separator, string name)
    {
        await using var t = await TestDb.CreateAsync();
        var text = Csv.MsFormsFile(Csv.Row(org: "Grŵp Môn (synthetic)", name: "One"), Csv.Row(name: "Two"));
        // Re-separate: every answer of these rows is quoted by Csv when it holds a comma or a separator.
        var resaved = Resave(text, separator);

        var report = await t.ImportAsync(t.WriteFile($"{name}.csv", resaved));

        Assert.Null(report.Error);
        Assert.Equal(name, report.Separator);
        Assert.Equal(2, report.Accepted);
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_naming_the_setting_and_the_limit()
    {
        await using var t = await TestDb.CreateAsync();
        var report = await t.ImportAsync(t.WriteFile("big.csv", Csv.MsFormsFile(Csv.Row(), Csv.Row(name: "B"))), maxBytes: 1000);

        Assert.Contains("Imports:MaxFileBytes", report.Error);
        Assert.Contains("1000 bytes", report.Error);
    }

    [Fact]
    public async Task Importing_a_file_again_with_report_writes_the_original_report()
    {
        await using var t = await TestDb.CreateAsync();
        var text = Csv.MsFormsFile(Csv.Row(name: "Fine"), Csv.Row(name: "Kept", publish: "No"), Csv.Row(name: "").With("areas", "Bristol;"), Csv.Row(name: "Fine"));
        var lines = text.Split("\r\n").ToList();
        lines.Insert(3, "");
        var path = t.WriteFile("again.csv", string.Join("\r\n", lines));
        var first = Path.Combine(t.Folder, "first-report.csv");
        var second = Path.Combine(t.Folder, "second-report.csv");

        var (_, firstOutput) = await t.RunAsync("import", path, "--report", first);
        var (code, secondOutput) = await t.RunAsync("import", path, "--report", second);

        Assert.Equal(0, code);
        Assert.Contains("was already imported", secondOutput);
        Assert.Equal(File.ReadAllText(first), File.ReadAllText(second));
        Assert.True(File.ReadAllLines(second).Length >= 6, File.ReadAllText(second));
        // The console lists the same rejected rows as the first time.
        Assert.Equal(Rejected(firstOutput), Rejected(secondOutput));
        Assert.NotEmpty(Rejected(secondOutput));
    }

    private static List<string> Rejected(string output) => [.. output.Split('\n').Where(l => l.TrimStart().StartsWith("row ", StringComparison.Ordinal))];

    /// <summary>The same rows with another separator (cells holding it, or a quote, quoted).</summary>
    internal static string Resave(string commaText, char separator)
    {
        var result = new StringBuilder();
        foreach (var line in commaText.Split("\r\n"))
        {
            if (line.Length == 0)
            {
                continue;
            }
            result.Append(string.Join(separator, Cells(line).Select(c => c.Contains(separator) || c.Contains('"') || c.Contains(',') ? "\"" + c.Replace("\"", "\"\"") + "\"" : c))).Append("\r\n");
        }
        return result.ToString();
    }

    private static List<string> Cells(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
            else if (c == '"') { quoted = !quoted; }
            else if (c == ',' && !quoted) { cells.Add(cell.ToString()); cell.Clear(); }
            else { cell.Append(c); }
        }
        cells.Add(cell.ToString());
        return cells;
    }
}
