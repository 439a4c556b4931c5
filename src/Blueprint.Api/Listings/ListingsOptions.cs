using System.ComponentModel.DataAnnotations;

namespace Blueprint.Api.Listings;

/// <summary>
/// Configuration section <c>Listings</c>: when a listing is stale, when an overdue one leaves public search,
/// and whether reminders go out. The one place these periods are read (search, detail pages, reminders, the
/// stale report all use <see cref="Staleness"/>).
/// </summary>
public sealed class ListingsOptions
{
    public const string Section = "Listings";

    /// <summary>Days without verification after which a listing is stale (about six months, as Dewis Cymru).</summary>
    [Range(1, 3650)]
    public int StaleAfterDays { get; set; } = 183;

    /// <summary>Days after becoming stale (about three months) after which an unverified listing leaves public search.</summary>
    [Range(0, 3650)]
    public int HideAfterOverdueDays { get; set; } = 92;

    /// <summary>Hide overdue listings from the public (their own provider, analysts and admins still see them).</summary>
    public bool HideOverdue { get; set; } = true;

    /// <summary>Send stale listings' organisations a reminder from a background run every hour (the <c>reminders</c> command sends them too).</summary>
    public bool SendReminders { get; set; } = true;

    /// <summary>Seconds from start to the first background reminder run.</summary>
    [Range(1, 86_400)]
    public int ReminderFirstRunSeconds { get; set; } = 60;

    /// <summary>Seconds between background reminder runs. Only one host runs them (a lease in the database, decision 0042).</summary>
    [Range(1, 86_400)]
    public int ReminderIntervalSeconds { get; set; } = 3600;

    /// <summary>How long a reminder's "still accurate" link works.</summary>
    [Range(1, 365)]
    public int ReminderLinkDays { get; set; } = 30;

    /// <summary>
    /// Binds the section. <c>Map:StaleAfterDays</c> (the setting before this section existed) still counts
    /// when <c>Listings:StaleAfterDays</c> is not set.
    /// </summary>
    public static void Bind(ListingsOptions options, IConfiguration config)
    {
        config.GetSection(Section).Bind(options);
        if (config[$"{Section}:StaleAfterDays"] is null && config["Map:StaleAfterDays"] is { Length: > 0 } old)
        {
            options.StaleAfterDays = int.Parse(old, System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
