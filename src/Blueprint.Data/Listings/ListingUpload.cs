using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Data.Listings;

/// <summary>
/// An uploaded copy of a provider's listings, previewed and not yet saved: the per-row diff shown to the
/// uploader and the plan that applying it would carry out (each row's listing, the version it was compared
/// with, and the fields it changes). Kept for a limited time; only the person who uploaded it may apply it.
/// </summary>
public class ListingUpload
{
    public int Id { get; set; }
    public required string UploadedById { get; set; }
    public required string UploadedByName { get; set; }
    public required string FileName { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    /// <summary>previewed, applied or cancelled.</summary>
    public string State { get; set; } = ListingUploadStates.Previewed;
    public DateTime? AppliedAt { get; set; }
    /// <summary>The preview as answered (JSON).</summary>
    public required string Preview { get; set; }
    /// <summary>What applying does, row by row (JSON): listing, organisation, base version, changed fields.</summary>
    public required string Plan { get; set; }
    /// <summary>What applying did (JSON), once applied.</summary>
    public string? Result { get; set; }
}

public static class ListingUploadStates
{
    public const string Previewed = "previewed";
    public const string Applied = "applied";
    public const string Cancelled = "cancelled";
}

internal sealed class ListingUploadConfiguration : IEntityTypeConfiguration<ListingUpload>
{
    public void Configure(EntityTypeBuilder<ListingUpload> b)
    {
        b.Property(u => u.UploadedById).HasMaxLength(200);
        b.Property(u => u.UploadedByName).HasMaxLength(200);
        b.Property(u => u.FileName).HasMaxLength(260);
        b.Property(u => u.State).HasMaxLength(20);
        b.HasIndex(u => new { u.UploadedById, u.Id });
        b.HasIndex(u => u.ExpiresAt);
    }
}
