using Blueprint.Data;
using Blueprint.Data.Leases;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Blueprint.Api.Hosting;

/// <summary>
/// Lets a background job that must run once across every host (decision 0042) ask, at the start of each round,
/// whether this host is the one to run it: <c>if (!await leases.TryAcquireAsync("retention", ttl, ct)) return;</c>.
/// The lease lives in the database (<see cref="JobLease"/>), so every host over the same database agrees. The
/// holder keeps it by asking again each round; choose <c>ttl</c> longer than the time between rounds (and than
/// one round), so the holder renews before it expires and another host takes over only when the holder has stopped.
/// </summary>
public sealed class JobLeases(IServiceScopeFactory scopes, TimeProvider clock, ILogger<JobLeases> log)
{
    /// <summary>This host's id in the lease table: machine, process and a random part (two hosts in one process differ).</summary>
    public string HostId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    private readonly Dictionary<string, bool> held = [];

    /// <summary>Takes or renews the lease on <paramref name="job"/> for <paramref name="ttl"/>: true when this host should run the job now.</summary>
    public async Task<bool> TryAcquireAsync(string job, TimeSpan ttl, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        var holds = await JobLease.TryAcquireAsync(db, job, HostId, now, now + ttl, ct);
        lock (held)
        {
            if (held.GetValueOrDefault(job) != holds)
            {
                // Logged on a change only: which host runs which job, and when that moves.
                if (holds)
                {
                    log.LogInformation("This host ({Host}) now runs the {Job} job", HostId, job);
                }
                else
                {
                    log.LogInformation("Another host runs the {Job} job; this host ({Host}) waits", job, HostId);
                }
                held[job] = holds;
            }
        }
        return holds;
    }

    /// <summary>
    /// A once-only job's loop: waits <paramref name="firstRun"/>, then runs <paramref name="runOnce"/> every
    /// <paramref name="interval"/> (each run takes or renews the lease itself) until the host stops, then gives the lease up.
    /// </summary>
    public async Task RunEveryAsync(string job, TimeSpan firstRun, TimeSpan interval, Func<CancellationToken, Task> runOnce, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(firstRun, stoppingToken);
            using var timer = new PeriodicTimer(interval);
            do
            {
                await runOnce(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await ReleaseOnStopAsync(job);
        }
    }

    /// <summary>
    /// Gives up a lease this host holds, when the host stops cleanly, so another host takes the job over at its next
    /// round instead of after the lease expires. Never throws: a host that cannot reach the database lets it expire.
    /// </summary>
    public async Task ReleaseOnStopAsync(string job)
    {
        lock (held)
        {
            if (!held.GetValueOrDefault(job))
            {
                return;
            }
            held[job] = false;
        }
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await using var scope = scopes.CreateAsyncScope();
            await JobLease.ReleaseAsync(scope.ServiceProvider.GetRequiredService<BlueprintDb>(), job, HostId, clock.GetUtcNow().UtcDateTime, timeout.Token);
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Could not give up the {Job} lease on stopping; another host takes it when it expires", job);
        }
    }
}

public static class JobLeasesRegistration
{
    /// <summary>Registers <see cref="JobLeases"/> (safe to call from every job's registration).</summary>
    public static IServiceCollection AddJobLeases(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<JobLeases>();
        return services;
    }
}
