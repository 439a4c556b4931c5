using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Data.Listings;

/// <summary>
/// A provider's change waiting for an administrator, for an organisation whose edits wait
/// (<see cref="Directory.Organisation.EditsWaitForApproval"/>). Nothing public changes until an
/// administrator approves it; a rejection carries a reason the provider sees.
/// </summary>
public class ModerationItem
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    /// <summary>intervention or venue (<see cref="AuditEntities"/>).</summary>
    public required string EntityType { get; set; }
    /// <summary>create, update or delete.</summary>
    public required string Operation { get; set; }
    /// <summary>The record changed (null for a listing not created yet).</summary>
    public int? EntityId { get; set; }
    /// <summary>The listing concerned (for a venue, its intervention).</summary>
    public int? InterventionId { get; set; }
    /// <summary>The record's version the provider edited (its If-Match): approval refuses to apply over a later change.</summary>
    public long? BaseVersion { get; set; }
    /// <summary>The proposed fields as JSON, as the provider sent them.</summary>
    public required string Payload { get; set; }
    public string State { get; set; } = ModerationStates.Pending;
    public required string SubmittedById { get; set; }
    public required string SubmittedByName { get; set; }
    public DateTime SubmittedAt { get; set; }
    public string? DecidedById { get; set; }
    public string? DecidedByName { get; set; }
    public DateTime? DecidedAt { get; set; }
    /// <summary>Why it was rejected (shown to the provider).</summary>
    public string? Reason { get; set; }
    /// <summary>The record the approval created or changed.</summary>
    public int? ResultId { get; set; }
}

public static class ModerationStates
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
}

internal sealed class ModerationItemConfiguration : IEntityTypeConfiguration<ModerationItem>
{
    public void Configure(EntityTypeBuilder<ModerationItem> b)
    {
        b.Property(m => m.EntityType).HasMaxLength(20);
        b.Property(m => m.Operation).HasMaxLength(20);
        b.Property(m => m.State).HasMaxLength(20);
        b.Property(m => m.SubmittedById).HasMaxLength(200);
        b.Property(m => m.SubmittedByName).HasMaxLength(200);
        b.Property(m => m.DecidedById).HasMaxLength(200);
        b.Property(m => m.DecidedByName).HasMaxLength(200);
        b.Property(m => m.Reason).HasMaxLength(2000);
        b.HasIndex(m => new { m.State, m.Id });
        b.HasIndex(m => new { m.OrganisationId, m.Id });
    }
}
