using Microsoft.Extensions.Options;

namespace Blueprint.Api.Listings;

/// <summary>
/// The one computation of staleness. On day D (UTC) a listing last verified on V is <b>stale</b> when
/// V &lt; D − StaleAfterDays (<see cref="StaleBefore"/>) and <b>overdue</b>, hidden from the public when
/// <c>Listings:HideOverdue</c> is on, when V &lt; D − StaleAfterDays − HideAfterOverdueDays
/// (<see cref="HiddenBefore"/>). The front end receives <see cref="StaleBefore"/> through <c>/api/config</c>
/// and compares dates; it never computes a period of its own.
/// </summary>
public sealed class Staleness(TimeProvider clock, IOptions<ListingsOptions> options)
{
    public ListingsOptions Options => options.Value;

    /// <summary>Today's date (UTC): the day staleness and hiding are counted from.</summary>
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Listings last verified before this date are stale.</summary>
    public DateOnly StaleBefore => Today.AddDays(-Options.StaleAfterDays);

    /// <summary>Listings last verified before this date are overdue (hidden from the public when <see cref="HidesOverdue"/>).</summary>
    public DateOnly HiddenBefore => StaleBefore.AddDays(-Options.HideAfterOverdueDays);

    public bool HidesOverdue => Options.HideOverdue;

    public bool IsStale(DateOnly lastVerified) => lastVerified < StaleBefore;

    public bool IsOverdue(DateOnly lastVerified) => lastVerified < HiddenBefore;

    /// <summary>Whether the public no longer sees the listing.</summary>
    public bool IsHidden(DateOnly lastVerified) => HidesOverdue && IsOverdue(lastVerified);
}
