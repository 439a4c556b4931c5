using Blueprint.Api.Hosting;
using Blueprint.Data;
using Blueprint.Data.Freshness;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Blueprint.Api.Freshness;

/// <summary>Configuration section <c>Freshness</c>.</summary>
public sealed class FreshnessOptions
{
    public const string Section = "Freshness";

    /// <summary>How often each host reads the data version (one indexed single-row read).</summary>
    [System.ComponentModel.DataAnnotations.Range(50, 60_000)]
    public int PollMilliseconds { get; set; } = 1000;
}

/// <summary>
/// Reads the data version about once a second; when it has moved (a publish, an edit or a seed by this
/// or any other process), drops the cached directory answers and fires <see cref="DataVersion"/>'s change
/// token. Requests never read the version from the database themselves.
/// </summary>
internal sealed class DataVersionMonitor(IServiceScopeFactory scopes, DataVersion version, IOutputCacheStore cache,
    IOptions<FreshnessOptions> options, ILogger<DataVersionMonitor> logger) : BackgroundService
{
    private bool failing;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.Value.PollMilliseconds));
        try
        {
            do
            {
                await CheckAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    internal async Task CheckAsync(CancellationToken ct)
    {
        long value;
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            value = await db.DataVersions.AsNoTracking().Where(v => v.Id == DataVersionRow.SingleId).Select(v => v.Value).FirstOrDefaultAsync(ct);
        }
        catch (ObjectDisposedException)
        {
            // The host is going away (a start that failed to bind disposes the services under this check): nothing to report.
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Once per outage, not once a second.
            if (!failing)
            {
                logger.LogWarning(e, "Could not read the data version; cached directory answers may be stale until it can be read again");
                failing = true;
            }
            return;
        }
        if (failing)
        {
            logger.LogInformation("The data version can be read again");
            failing = false;
        }
        var previous = version.Current;
        // Advance first: requests from here on are keyed by the new version (DirectoryCachePolicy), so
        // nothing stored under the old one can be served again; eviction then frees the memory.
        if (version.Advance(value))
        {
            await DirectoryCache.InvalidateAsync(cache, ct);
            logger.LogInformation("Data version {Previous} -> {Version}: cached directory answers dropped", previous, value);
        }
    }
}

public static class FreshnessRegistration
{
    /// <summary>The data version singleton and the background poller that keeps it (and the output cache) current.</summary>
    public static DataVersion AddBlueprintFreshness(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<FreshnessOptions>().Bind(builder.Configuration.GetSection(FreshnessOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var version = new DataVersion();
        builder.Services.AddSingleton(version);
        builder.Services.AddHostedService<DataVersionMonitor>();
        return version;
    }
}
