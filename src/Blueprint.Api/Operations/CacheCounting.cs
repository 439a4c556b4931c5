using Microsoft.AspNetCore.OutputCaching;

namespace Blueprint.Api.Operations;

/// <summary>
/// Counts hits and misses of the directory's output cache (<c>blueprint.cache.lookups</c>; hit ratio = hits ÷ all).
/// A second base policy after <c>DirectoryCachePolicy</c>: it only watches what that one decided.
/// </summary>
internal sealed class CacheCounting(BlueprintMetrics metrics) : IOutputCachePolicy
{
    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        metrics.CacheHit();
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        if (context.EnableOutputCaching && context.AllowCacheLookup)
        {
            metrics.CacheMiss();
        }
        return ValueTask.CompletedTask;
    }
}
