using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Blueprint.Api.Limits;

/// <summary>
/// The server-wide concurrency limit for uncached directory queries: <see cref="RateLimitOptions.Concurrency"/>
/// run at once, up to <see cref="RateLimitOptions.QueueLength"/> wait (oldest first) for at most
/// <see cref="RateLimitOptions.QueueSeconds"/>, the rest are refused. Cached reads never reach it.
/// </summary>
public sealed class QueryGate(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly TimeSpan wait = TimeSpan.FromSeconds(options.Value.QueueSeconds);
    private readonly ConcurrencyLimiter limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = options.Value.Concurrency,
        QueueLimit = options.Value.QueueLength,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    /// <summary>A slot (dispose it when the query has answered), or null when none came free in time.</summary>
    public async Task<RateLimitLease?> EnterAsync(CancellationToken requestAborted)
    {
        var lease = limiter.AttemptAcquire();
        if (lease.IsAcquired)
        {
            return lease;
        }
        lease.Dispose();
        if (wait <= TimeSpan.Zero)
        {
            return null;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        timeout.CancelAfter(wait);
        try
        {
            lease = await limiter.AcquireAsync(1, timeout.Token);
        }
        catch (OperationCanceledException) when (!requestAborted.IsCancellationRequested)
        {
            return null;
        }
        if (lease.IsAcquired)
        {
            return lease;
        }
        lease.Dispose();
        return null;
    }

    /// <summary>Slots free now.</summary>
    public long Free => limiter.GetStatistics()?.CurrentAvailablePermits ?? 0;

    /// <summary>Queries waiting for a slot now.</summary>
    public long Queued => limiter.GetStatistics()?.CurrentQueuedCount ?? 0;

    public void Dispose() => limiter.Dispose();
}
