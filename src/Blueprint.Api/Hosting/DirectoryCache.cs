using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Primitives;

namespace Blueprint.Api.Hosting;

/// <summary>
/// Output caching of the public directory reads (<c>/odata</c> except <c>/odata/survey</c>, and <c>/api/geo</c>): anonymous GET/HEAD
/// only, keyed by the exact path (case kept), the raw query string (case and order kept: whatever the
/// router or OData could tell apart, the cache does too), the headers that change an OData response,
/// the data version and the day (listings turn stale and hidden as days pass), tagged <see cref="Tag"/>. A write anywhere moves the data version, which every host
/// polls (Freshness/DataVersionMonitor): entries keyed by the old version are never served again.
/// <see cref="InvalidateAsync"/> drops them at once in the writing process.
/// A request carrying credentials (Authorization or Cookie) is neither served from nor stored in the cache,
/// so one caller's entitled response never reaches anyone else.
/// </summary>
public static class DirectoryCache
{
    public const string Tag = "directory";
    public const string Section = "DirectoryCache";

    /// <summary>Drops every cached directory response (the data version monitor does this in every host when the version moves).</summary>
    public static Task InvalidateAsync(IOutputCacheStore store, CancellationToken ct = default) =>
        store.EvictByTagAsync(Tag, ct).AsTask();

    /// <summary>
    /// The public directory's paths. The survey evidence feed (<c>/odata/survey</c>) is not one of them:
    /// it always needs a token, so the credential rules below would skip it anyway, but leaving it out here
    /// keeps personal data out of the cache even if those rules or the middleware order change.
    /// </summary>
    internal static bool IsDirectoryPath(PathString path) =>
        (path.StartsWithSegments("/odata", StringComparison.OrdinalIgnoreCase)
            && !path.StartsWithSegments(SurveyFeedPath, StringComparison.OrdinalIgnoreCase))
        || path.StartsWithSegments("/api/geo", StringComparison.OrdinalIgnoreCase)
        || OpenReferral.OpenReferralEndpoints.IsFeed(path);

    private static readonly PathString SurveyFeedPath = "/" + Imports.SurveyModel.Prefix;
}

/// <summary>Configuration section <c>DirectoryCache</c>.</summary>
public sealed class DirectoryCacheOptions
{
    public bool Enabled { get; set; } = true;
    /// <summary>How long an entry lives even without invalidation (a backstop for writes that bypass the data version).</summary>
    public int Seconds { get; set; } = 300;
    /// <summary>
    /// A StackExchange.Redis connection string (e.g. <c>cache.example.net:6380,password=…,ssl=True,abortConnect=False</c>):
    /// when set, every host shares one output cache in Redis (decision 0043). Empty: each host caches in memory.
    /// </summary>
    public string? Redis { get; set; }
    /// <summary>Prefix of this deployment's keys in Redis, so several deployments can share one Redis.</summary>
    public string RedisInstanceName { get; set; } = "blueprint:";
}

/// <summary>The base output-cache policy: caches directory reads for anonymous callers, nothing else.</summary>
internal sealed class DirectoryCachePolicy(DirectoryCacheOptions options, Freshness.DataVersion dataVersion) : IOutputCachePolicy
{
    private static readonly string[] VaryHeaders =
        ["Accept", "Accept-Charset", "Accept-Language", "Prefer", "OData-Version", "OData-MaxVersion", "Origin"];

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var request = context.HttpContext.Request;
        var cacheable = options.Enabled
            && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && DirectoryCache.IsDirectoryPath(request.Path)
            // A stream of the whole directory (Open Referral's format=ndjson) is never held in the cache.
            && !OpenReferral.OrukQuery.IsStream(request)
            && StringValues.IsNullOrEmpty(request.Headers.Authorization)
            && StringValues.IsNullOrEmpty(request.Headers.Cookie)
            && context.HttpContext.User.Identity?.IsAuthenticated != true;
        context.EnableOutputCaching = cacheable;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = cacheable;
        if (cacheable)
        {
            context.Tags.Add(DirectoryCache.Tag);
            context.ResponseExpirationTimeSpan = TimeSpan.FromSeconds(options.Seconds);
            // Not QueryKeys = "*": that folds key case and sorts keys and values, so `$top=1&$TOP=2` and
            // `$TOP=2&$top=1` would share an entry although OData may answer them differently.
            context.CacheVaryByRules.VaryByValues["query"] = request.QueryString.Value ?? "";
            context.CacheVaryByRules.VaryByValues["data-version"] = dataVersion.Current.ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.CacheVaryByRules.HeaderNames = VaryHeaders;
            // Listings turn stale and leave public search as days pass, with no write: a new day is a new key.
            var staleness = context.HttpContext.RequestServices.GetRequiredService<Listings.Staleness>();
            context.CacheVaryByRules.VaryByValues["day"] = staleness.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        // Only successful, cookie-free responses are stored; errors and anything personalised are not.
        if (response.StatusCode != StatusCodes.Status200OK || !StringValues.IsNullOrEmpty(response.Headers.SetCookie))
        {
            context.AllowCacheStorage = false;
        }
        return ValueTask.CompletedTask;
    }
}
