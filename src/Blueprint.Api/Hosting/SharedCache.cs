using Microsoft.AspNetCore.OutputCaching;

namespace Blueprint.Api.Hosting;

/// <summary>
/// The output cache shared by every host, when <c>DirectoryCache:Redis</c> names a Redis server (decision 0043):
/// Microsoft's Redis output-cache store, wrapped so that Redis being down costs speed, never an answer. Entries stay
/// keyed by the data version (<see cref="DirectoryCachePolicy"/>), so an entry stored by a host that has not yet
/// seen a write is never served by a host that has. Without the setting the embedded in-memory store is used.
/// </summary>
public static class SharedCache
{
    public static void AddSharedDirectoryCache(this IServiceCollection services, DirectoryCacheOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Redis))
        {
            return;
        }
        services.AddStackExchangeRedisOutputCache(o =>
        {
            o.Configuration = options.Redis;
            o.InstanceName = options.RedisInstanceName;
        });
        // Decorate the Redis store registered above (the last registration wins).
        var redis = services.Last(d => d.ServiceType == typeof(IOutputCacheStore));
        services.Remove(redis);
        services.AddSingleton<IOutputCacheStore>(sp => new FailSoftCacheStore(
            redis.ImplementationFactory is { } factory ? (IOutputCacheStore)factory(sp)
                : redis.ImplementationInstance as IOutputCacheStore ?? (IOutputCacheStore)ActivatorUtilities.CreateInstance(sp, redis.ImplementationType!),
            TimeProvider.System, sp.GetRequiredService<ILogger<FailSoftCacheStore>>()));
    }
}

/// <summary>
/// A shared cache that fails soft: when the store throws (Redis unreachable, timed out), lookups miss, stores and
/// evictions are skipped, and the store is left alone for <see cref="Pause"/> before it is tried again, so requests
/// are answered from the database meanwhile instead of waiting on Redis or failing. Logged once per outage.
/// </summary>
internal sealed class FailSoftCacheStore(IOutputCacheStore inner, TimeProvider clock, ILogger<FailSoftCacheStore> log) : IOutputCacheStore
{
    public static readonly TimeSpan Pause = TimeSpan.FromSeconds(10);
    private long downUntil;

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) =>
        Down ? null : await Try(() => inner.GetAsync(key, cancellationToken), (byte[]?)null, cancellationToken);

    public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        if (!Down)
        {
            await Try(async () => { await inner.SetAsync(key, value, tags, validFor, cancellationToken); return true; }, false, cancellationToken);
        }
    }

    // Eviction is tried even while paused: entries are keyed by the data version anyway, and a host should free what it can.
    public async ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken) =>
        await Try(async () => { await inner.EvictByTagAsync(tag, cancellationToken); return true; }, false, cancellationToken);

    private bool Down => clock.GetUtcNow().UtcTicks < Interlocked.Read(ref downUntil);

    private async ValueTask<T> Try<T>(Func<ValueTask<T>> call, T fallback, CancellationToken ct)
    {
        try
        {
            var result = await call();
            if (Interlocked.Exchange(ref downUntil, 0) != 0)
            {
                log.LogInformation("The shared output cache answers again");
            }
            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            if (Interlocked.Exchange(ref downUntil, (clock.GetUtcNow() + Pause).UtcTicks) == 0)
            {
                log.LogWarning(e, "The shared output cache failed; directory answers come from the database until it answers again (next try in {Pause})", Pause);
            }
            return fallback;
        }
    }
}
