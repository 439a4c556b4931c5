using System.Text;
using Blueprint.Data.Survey;
using Blueprint.Ingest.Sample;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Ingest.Tests;

public class SampleFileTests
{
    [Fact]
    public void Sample_files_in_data_are_what_the_generator_writes()
    {
        foreach (var (file, write) in new (string, Action<TextWriter>)[]
                 {
                     ("survey-msforms.csv", w => SampleSurvey.WriteMsForms(w, Csv.MsForms, 60)),
                     ("survey-per-option.csv", w => SampleSurvey.WritePerOption(w, Csv.PerOption, 60)),
                 })
        {
            var expected = new StringWriter();
            write(expected);
            var actual = File.ReadAllText(Path.Combine(TestDb.Root, "data", "sample", file), Encoding.UTF8);
            Assert.True(expected.ToString() == actual, $"data/sample/{file} is out of date: run `sample` to regenerate it.");
        }
    }

    [Theory]
    [InlineData("survey-msforms.csv", "msforms-2023")]
    [InlineData("survey-per-option.csv", "per-option-2023")]
    public async Task Both_sample_exports_import_with_the_profile_chosen_by_header(string file, string profile)
    {
        await using var t = await TestDb.CreateAsync();
        var report = await t.ImportAsync(Path.Combine(TestDb.Root, "data", "sample", file));

        Assert.Null(report.Error);
        Assert.Equal(profile, report.Profile);
        Assert.True(report.ProfileChosen);
        Assert.Equal(61, report.RowsRead);            // 60 responses and one resubmission
        Assert.Equal(1, report.Duplicates);
        Assert.Equal(2, report.BlankRows);            // a row of commas and an empty line
        Assert.Equal(report.RowsRead, report.Accepted + report.NotForPublication + report.Rejected + report.Duplicates);
        Assert.Contains(report.Rows, r => r.Outcome == SurveyOutcomes.Rejected && r.Problems.Any(p => p.Message.Contains("Name of the intervention")));
        Assert.Contains(report.Rows, r => r.Problems.Any(p => p.Message.Contains("Read 'Cardif' as Cardiff")));

        await using var db = t.Open();
        Assert.Equal(report.RowsRead, await db.SurveyResponses.CountAsync(TestContext.Current.CancellationToken));
    }
}
