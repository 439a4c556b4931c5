using System.ComponentModel.DataAnnotations;

namespace Blueprint.Api.Limits;

/// <summary>
/// Configuration section <c>RateLimits</c>: what one client address may spend on requests that miss the
/// output cache, how many uncached directory queries run at once, and how large an OData answer may be.
/// Cached reads, <c>/health</c> and the front end's files are never limited.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Off: no per-client budgets and no concurrency limit (<see cref="MaxExpandedRows"/> still applies).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Requests under <c>/odata</c> and <c>/api</c> that miss the cache, per client address and
    /// <see cref="BudgetSeconds"/>: a bucket this size that refills evenly over that time.
    /// </summary>
    [Range(1, 1_000_000)]
    public int UncachedBudget { get; set; } = 300;

    /// <summary>Expensive uncached requests (see <see cref="RequestCost"/>) per client address and <see cref="BudgetSeconds"/>, on top of the uncached budget.</summary>
    [Range(1, 1_000_000)]
    public int ExpensiveBudget { get; set; } = 30;

    /// <summary>The time over which an empty budget fills again.</summary>
    [Range(1, 86_400)]
    public int BudgetSeconds { get; set; } = 60;

    /// <summary>
    /// Uncached directory queries (<c>/odata</c>, <c>/api/geo</c>) running at once, server-wide. The default,
    /// half the cores (at least one), leaves the other half to cached reads and <c>/health</c>.
    /// </summary>
    [Range(1, 10_000)]
    public int Concurrency { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Uncached directory queries that may wait for a free slot; beyond it, refused at once.</summary>
    [Range(0, 100_000)]
    public int QueueLength { get; set; } = 32;

    /// <summary>How long a queued query waits for a slot before it is refused.</summary>
    [Range(0, 60)]
    public double QueueSeconds { get; set; } = 2;

    /// <summary>
    /// The most rows an OData answer can hold, counted from <c>$top</c> (or the page size) times the page
    /// size or <c>$top</c> of every expanded collection; 0 = no cap.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int MaxExpandedRows { get; set; } = 50_000;

    /// <summary>"Report a problem with this listing" posts per client address and hour (on top of the uncached budget).</summary>
    [Range(1, 100_000)]
    public int ProblemReportsPerHour { get; set; } = 10;
}

/// <summary>
/// Configuration section <c>ForwardedHeaders</c>: the reverse proxies whose <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> are believed. Empty (the default): the headers are ignored and the client
/// address is the connection's.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Proxy addresses, e.g. <c>10.0.0.5</c>, <c>::1</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation, e.g. <c>10.0.0.0/8</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];
}
