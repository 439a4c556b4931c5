using System.ComponentModel.DataAnnotations;

namespace Blueprint.Api.Feeds;

/// <summary>
/// Configuration section <c>Webhooks</c>: change notifications to partner directories. Off by default; when on,
/// only addresses whose host is in <see cref="AllowedHosts"/> may be registered or called.
/// </summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    public bool Enabled { get; set; }

    /// <summary>
    /// Host names (or IP literals) partners may be reached at, exactly as in the URL, no wildcards. A host name that
    /// resolves to a private, loopback or link-local address is refused when sending; listing an IP literal
    /// (127.0.0.1 for a local test) is the only way to reach such an address.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>How often the dispatcher looks for public changes and due retries.</summary>
    [Range(50, 3_600_000)]
    public int PollMilliseconds { get; set; } = 5000;

    /// <summary>Changes younger than this wait for the next round, so a save that commits late is not skipped.</summary>
    [Range(0, 600_000)]
    public int SettleMilliseconds { get; set; } = 5000;

    /// <summary>The wait before the first retry; each later retry waits twice as long as the one before.</summary>
    [Range(10, 86_400_000)]
    public int RetryBaseMilliseconds { get; set; } = 30_000;

    /// <summary>Attempts before a notification is marked failed (1 = no retry).</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 6;

    /// <summary>How long one attempt may take.</summary>
    [Range(1, 120)]
    public int TimeoutSeconds { get; set; } = 10;
}
