using Blueprint.Data;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Analysis;

/// <summary>
/// Writes the counted searches every <c>SearchStatistics:FlushSeconds</c> as one batch (one transaction,
/// one row per day, kind, area, filters and language; never a write per request), and at most once an hour
/// deletes the days older than <c>SearchStatistics:RetentionMonths</c>. What is still in memory is written on shutdown.
/// </summary>
public sealed class SearchStatisticsWriter(IServiceScopeFactory scopes, SearchRecorder recorder, SearchStatisticsOptions options,
    TimeProvider clock, ILogger<SearchStatisticsWriter> logger) : BackgroundService
{
    private DateTimeOffset lastPurge = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.FlushSeconds)));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RunOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Writes what is left; a shutdown never fails for it (the counts are lost, with a warning).</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (ObjectDisposedException)
        {
            // The host's services are already gone (a test host disposed synchronously): nothing to write with.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "Search statistics could not be written at shutdown; the last counts are lost");
        }
    }

    private async Task RunOnceAsync(CancellationToken ct)
    {
        try
        {
            await FlushAsync(ct);
            if (clock.GetUtcNow() - lastPurge > TimeSpan.FromHours(1))
            {
                await PurgeAsync(ct);
                lastPurge = clock.GetUtcNow();
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Search statistics could not be written; the counts of this batch are lost");
        }
    }

    /// <summary>Writes what has been counted so far, in one SaveChanges.</summary>
    public async Task<int> FlushAsync(CancellationToken ct = default)
    {
        var rows = recorder.Drain();
        if (rows.Count == 0)
        {
            return 0;
        }
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        db.SearchCounts.AddRange(rows);
        await db.SaveChangesAsync(ct);
        return rows.Count;
    }

    /// <summary>Deletes the days before the retention period.</summary>
    public async Task<int> PurgeAsync(CancellationToken ct = default)
    {
        var cutoff = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddMonths(-options.RetentionMonths);
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        return await db.SearchCounts.Where(s => s.Day < cutoff).ExecuteDeleteAsync(ct);
    }
}
