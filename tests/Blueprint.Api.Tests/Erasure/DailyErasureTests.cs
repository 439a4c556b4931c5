using Blueprint.Api.Auth;
using Blueprint.Api.Imports;
using Blueprint.Api.Tests.Imports;
using Blueprint.Api.Tests.Rounds;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Blueprint.Api.Tests.Erasure;

/// <summary>The web host's daily retention clean-up runs what <c>erase --expired</c> runs, under its lease.</summary>
public sealed class DailyErasureTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    [Fact]
    public async Task A_run_of_the_daily_job_erases_an_import_past_the_retention_period_under_the_retention_lease()
    {
        var m = SurveyExport.NewMarker();
        var admin = app.ClientAs(Roles.Admin);
        var round = (await RoundExports.AddRoundAsync(admin, $"Closed in 2020 {m}", "2020-01-01", "2020-02-01")).GetProperty("id").GetInt32();
        var import = (await RoundExports.UploadOkAsync(app.ClientAs(Roles.Analyst), SurveyExport.ThreeRows(m), $"?round={round}")).GetProperty("importId").GetInt32();
        var recent = (await RoundExports.UploadOkAsync(app.ClientAs(Roles.Analyst), SurveyExport.ThreeRows(SurveyExport.NewMarker()), "")).GetProperty("importId").GetInt32();
        // The job is off in tests (Survey:DailyErasure), so the registered runner is driven by hand: one daily run.
        var runner = app.Services.GetServices<IHostedService>().OfType<RetentionRunner>().Single();

        await runner.RunOnceAsync(TimeSpan.FromDays(1), TestContext.Current.CancellationToken);

        var erased = app.WithDb(db => db.SurveyImports.AsNoTracking().Single(i => i.Id == import));
        Assert.Equal("daily retention clean-up", erased.ErasedBy);
        Assert.Contains($"retention: kept 24 months after round 'Closed in 2020 {m}' closed on 2020-02-01", erased.Erasure);
        Assert.False(app.WithDb(db => db.SurveyResponses.Any(r => r.ImportId == import && r.RespondentEmail != null)));
        Assert.Null(app.WithDb(db => db.SurveyImports.AsNoTracking().Single(i => i.Id == recent).ErasedAt));
        Assert.True(app.WithDb(db => db.Set<Blueprint.Data.Leases.JobLease>().Any(l => l.Name == RetentionRunner.Job)));
    }
}
