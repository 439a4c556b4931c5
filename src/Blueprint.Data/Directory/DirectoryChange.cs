using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Data.Directory;

/// <summary>
/// A tombstone for partner directories: a listing, organisation or venue left the public directory (deleted,
/// hidden) or stopped running (closed, paused) at <see cref="At"/>. It carries only what a partner needs to
/// act: the kind, the public id, the status and the time. Written by <see cref="BlueprintDb"/>'s SaveChanges in
/// the same transaction as the change (see <see cref="PublicChanges"/>); never updated or deleted.
/// </summary>
public class DirectoryChange
{
    public long Id { get; set; }
    /// <summary><see cref="DirectoryChangeKinds"/>: intervention, organisation or venue.</summary>
    public required string Kind { get; set; }
    public Guid PublicId { get; set; }
    /// <summary><see cref="DirectoryChangeStatuses"/>: deleted, hidden, closed or paused.</summary>
    public required string Status { get; set; }
    public DateTime At { get; set; }
}

public static class DirectoryChangeKinds
{
    public const string Intervention = "intervention";
    public const string Organisation = "organisation";
    public const string Venue = "venue";

    public static readonly IReadOnlyList<string> All = [Intervention, Organisation, Venue];
}

public static class DirectoryChangeStatuses
{
    /// <summary>Deleted: gone for good (a deleted listing, organisation or venue; a deleted listing's venues).</summary>
    public const string Deleted = "deleted";
    /// <summary>Out of public view while it still exists: a venue made hidden, a listing overdue for verification.</summary>
    public const string Hidden = "hidden";
    /// <summary>A listing whose status became closed (it stays readable, as closed).</summary>
    public const string Closed = "closed";
    /// <summary>A listing whose status became paused (it stays readable, as paused).</summary>
    public const string Paused = "paused";
}

internal sealed class DirectoryChangeConfiguration : IEntityTypeConfiguration<DirectoryChange>
{
    public void Configure(EntityTypeBuilder<DirectoryChange> b)
    {
        b.Property(c => c.Kind).HasMaxLength(16);
        b.Property(c => c.Status).HasMaxLength(16);
        // The feed reads "everything after a time", all kinds or one.
        b.HasIndex(c => c.At);
        b.HasIndex(c => new { c.Kind, c.At });
    }
}
