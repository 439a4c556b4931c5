using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Ingest.Tests.Rounds;

/// <summary>Retention counts from the round's close: staged rows (personal data) go once the period has passed.</summary>
public class RetentionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Day(DateTime day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Erase_expired_anonymises_the_imports_of_rounds_closed_more_than_24_months_ago_only()
    {
        await using var t = await TestDb.CreateAsync();
        var today = DateTime.UtcNow.Date;
        await t.RunAsync("round", "add", "Long closed", "--tool", "Forms", "--opens", Day(today.AddMonths(-27)), "--closes", Day(today.AddMonths(-25)));
        await t.RunAsync("round", "add", "Recently closed", "--tool", "Forms", "--opens", Day(today.AddMonths(-25)), "--closes", Day(today.AddMonths(-23)));
        await t.RunAsync("import", t.WriteFile("old.csv", Csv.MsFormsFile(Csv.Row(name: "Old answer"))), "--round", "Long closed");
        await t.RunAsync("import", t.WriteFile("recent.csv", Csv.MsFormsFile(Csv.Row(name: "Recent answer"))), "--round", "Recently closed");
        await t.RunAsync("import", t.WriteFile("open.csv", Csv.MsFormsFile(Csv.Row(name: "Open answer"))));

        var (code, output) = await t.RunAsync("erase", "--expired");

        Assert.Equal(0, code);
        Assert.Contains("1 import(s) past the retention period (24 months after their round closed) erased", output);
        await using var db = t.Open();
        // Every answer stays for analysis; only the long-closed round's respondent lost their name and e-mail.
        Assert.Equal(["Old answer", "Open answer", "Recent answer"], await db.SurveyResponses.OrderBy(r => r.InterventionName).Select(r => r.InterventionName!).ToListAsync(Ct));
        Assert.Equal(["Open answer", "Recent answer"], await db.SurveyResponses.Where(r => r.RespondentEmail != null).OrderBy(r => r.InterventionName).Select(r => r.InterventionName!).ToListAsync(Ct));
        var old = await db.SurveyImports.SingleAsync(i => i.FileName == "old.csv", Ct);
        Assert.Equal("test", old.ErasedBy);
        Assert.Contains("retention: kept 24 months after round 'Long closed'", old.Erasure);
        var audit = await db.AuditEntries.SingleAsync(Ct);
        Assert.Equal("retention", audit.Route);
        Assert.Contains("kept 24 months after round", audit.Changes);

        // Run again (tomorrow's run): nothing left to erase.
        Assert.Contains("0 import(s) past the retention period", (await t.RunAsync("erase", "--expired")).Output);
    }
}
