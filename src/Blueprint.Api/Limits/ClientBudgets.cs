using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Blueprint.Api.Limits;

/// <summary>
/// Per-client token buckets (signed-in callers by account, anyone else by address: <see cref="ClientAddress.BudgetKey"/>):
/// one for every uncached request, a stricter one for expensive ones.
/// A bucket holds the whole budget and refills evenly over <see cref="RateLimitOptions.BudgetSeconds"/>; idle, full buckets are dropped.
/// </summary>
public sealed class ClientBudgets(IOptions<RateLimitOptions> options) : IDisposable
{
    public PartitionedRateLimiter<string> Uncached { get; } = PerClient(options.Value.UncachedBudget, options.Value.BudgetSeconds);
    public PartitionedRateLimiter<string> Expensive { get; } = PerClient(options.Value.ExpensiveBudget, options.Value.BudgetSeconds);
    public PartitionedRateLimiter<string> ProblemReports { get; } = PerClient(options.Value.ProblemReportsPerHour, 3600);

    private static PartitionedRateLimiter<string> PerClient(int budget, int seconds) =>
        PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetTokenBucketLimiter(client, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = budget,
            TokensPerPeriod = budget,
            ReplenishmentPeriod = TimeSpan.FromSeconds(seconds),
            // Refilled by the partitioned limiter's own timer (every 100 ms, in proportion to the time passed)
            // rather than a timer per client.
            AutoReplenishment = false,
            QueueLimit = 0,
        }));

    public void Dispose()
    {
        Uncached.Dispose();
        Expensive.Dispose();
        ProblemReports.Dispose();
    }
}
