namespace Blueprint.Data.Listings;

/// <summary>
/// A staleness reminder sent about one listing: at most one per staleness period, that is per value of the
/// listing's LastVerified (a unique index), so a reminder run never repeats one. Its "still accurate" link
/// names this row and works once (<see cref="UsedAt"/>). No address is stored.
/// </summary>
public class ListingReminder
{
    public int Id { get; set; }
    public int InterventionId { get; set; }
    /// <summary>The listing's LastVerified when the reminder was sent: the staleness period it is about.</summary>
    public DateOnly ForVerifiedOn { get; set; }
    public DateTime SentAt { get; set; }
    /// <summary>When its link confirmed the listing (a link works once).</summary>
    public DateTime? UsedAt { get; set; }
}
