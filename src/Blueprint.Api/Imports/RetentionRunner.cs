using Blueprint.Api.Hosting;
using Blueprint.Data;
using Blueprint.Data.Listings;
using Blueprint.Ingest.Commands;
using Blueprint.Ingest.Staging;

namespace Blueprint.Api.Imports;

/// <summary>
/// The daily retention clean-up (docs/decisions/0041): once a day it runs what <c>erase --expired</c> runs, erasing the
/// respondents' personal data from every import whose round closed more than <c>Survey:KeepResponsesMonthsAfterClose</c>
/// months ago, and logs what it did. On by default in Production (<c>Survey:DailyErasure</c>), off elsewhere; however
/// many hosts run, only the one holding the <see cref="Job"/> lease erases (decision 0042).
/// </summary>
internal sealed class RetentionRunner(IServiceScopeFactory scopes, JobLeases leases, IConfiguration configuration, IHostEnvironment environment,
    ILogger<RetentionRunner> log) : BackgroundService
{
    /// <summary>The lease's name.</summary>
    public const string Job = "retention";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!(configuration.GetValue<bool?>("Survey:DailyErasure") ?? environment.IsProduction()))
        {
            return;
        }
        var interval = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue<int?>("Survey:DailyErasureIntervalSeconds") ?? 86_400));
        var firstRun = TimeSpan.FromSeconds(Math.Max(0, configuration.GetValue<int?>("Survey:DailyErasureFirstRunSeconds") ?? 300));
        await leases.RunEveryAsync(Job, firstRun, interval, ct => RunOnceAsync(interval, ct), stoppingToken);
    }

    /// <summary>One run: take or renew the lease, then erase what is due (tests call it directly).</summary>
    internal async Task RunOnceAsync(TimeSpan interval, CancellationToken ct)
    {
        try
        {
            // Held for one and a half days: the holder renews it each day; another host takes over a day or so after it stops.
            if (!await leases.TryAcquireAsync(Job, interval * 1.5, ct))
            {
                return;
            }
            using var scope = scopes.CreateScope();
            var months = configuration.GetValue<int?>("Survey:KeepResponsesMonthsAfterClose") ?? IngestContext.DefaultKeepResponsesMonthsAfterClose;
            var erased = await ImportErasure.EraseExpiredAsync(scope.ServiceProvider.GetRequiredService<BlueprintDb>(), months,
                new AuditActor(Job, "daily retention clean-up", Job), ImportErasure.ProfilesIn(scope.ServiceProvider.GetRequiredService<DataPaths>().Root), ct);
            foreach (var (id, round, closed, result) in erased)
            {
                log.LogInformation("Retention: erased the personal data of import {Import} (round {Round}, closed {Closed:yyyy-MM-dd}): {Rows} staged rows anonymised",
                    id, round, closed, result.Responses);
            }
            log.LogInformation("Retention run on {Host}: {Imports} import(s) past {Months} months after their round closed erased", leases.HostId, erased.Count, months);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "The retention run failed; the next one is in {Interval}", interval);
        }
    }
}
