using System.Collections.Concurrent;
using Blueprint.Api.Auth;
using Blueprint.Api.Tests.Imports;
using Blueprint.Api.Tests.Rounds;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Blueprint.Api.Tests.Erasure;

/// <summary>The web host's daily retention clean-up runs what <c>erase --expired</c> runs, when it is turned on.</summary>
public sealed class DailyErasureTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    [Fact]
    public async Task The_daily_job_erases_an_import_past_the_retention_period_and_says_so_in_the_log()
    {
        var m = SurveyExport.NewMarker();
        var admin = app.ClientAs(Roles.Admin);
        var round = (await RoundExports.AddRoundAsync(admin, $"Closed in 2020 {m}", "2020-01-01", "2020-02-01")).GetProperty("id").GetInt32();
        var import = (await RoundExports.UploadOkAsync(app.ClientAs(Roles.Analyst), SurveyExport.ThreeRows(m), $"?round={round}")).GetProperty("importId").GetInt32();
        Assert.Null(app.WithDb(db => db.SurveyImports.Single(i => i.Id == import).ErasedAt)); // off in tests by default

        // A second host over the same database, with the job on and due at once: the setting is read at start.
        var logged = new ConcurrentQueue<string>();
        await using var withJob = app.WithWebHostBuilder(b =>
        {
            b.UseSetting("Survey:DailyErasure", "true");
            b.UseSetting("Survey:DailyErasureFirstRunSeconds", "0");
            b.ConfigureLogging(l => l.AddProvider(new Collecting(logged)));
        });
        _ = withJob.Server;
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (app.WithDb(db => db.SurveyImports.Single(i => i.Id == import).ErasedAt) is null)
        {
            await Task.Delay(50, patience.Token);
        }

        var erased = app.WithDb(db => db.SurveyImports.Single(i => i.Id == import));
        Assert.Equal("daily retention clean-up", erased.ErasedBy);
        Assert.Contains($"retention: kept 24 months after round 'Closed in 2020 {m}' closed on 2020-02-01", erased.Erasure);
        Assert.False(app.WithDb(db => db.SurveyResponses.Any(r => r.ImportId == import && r.RespondentEmail != null)));
        while (!logged.Any(l => l.StartsWith("Retention run on", StringComparison.Ordinal)))
        {
            await Task.Delay(50, patience.Token);
        }
        Assert.Contains(logged, l => l.Contains($"erased the personal data of import {import}", StringComparison.Ordinal));
    }

    private sealed class Collecting(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => categoryName.EndsWith("RetentionRunner", StringComparison.Ordinal) ? new Logger(lines) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) => lines.Enqueue(formatter(state, exception));
        }
    }
}
