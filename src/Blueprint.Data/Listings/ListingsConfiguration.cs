using Blueprint.Data.Directory;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Data.Listings;

internal sealed class ListingReminderConfiguration : IEntityTypeConfiguration<ListingReminder>
{
    public void Configure(EntityTypeBuilder<ListingReminder> b)
    {
        b.HasOne<Intervention>().WithMany().HasForeignKey(r => r.InterventionId).OnDelete(DeleteBehavior.Cascade);
        // One reminder per listing and staleness period, also when two hosts run reminders at once.
        b.HasIndex(r => new { r.InterventionId, r.ForVerifiedOn }).IsUnique();
    }
}

internal sealed class ProblemReportConfiguration : IEntityTypeConfiguration<ProblemReport>
{
    public void Configure(EntityTypeBuilder<ProblemReport> b)
    {
        b.Property(p => p.Category).HasMaxLength(40);
        b.Property(p => p.Details).HasMaxLength(ProblemReport.MaxDetails);
        b.Property(p => p.ContactEmail).HasMaxLength(320);
        b.Property(p => p.Status).HasMaxLength(16);
        b.Property(p => p.ResolutionNote).HasMaxLength(ProblemReport.MaxDetails);
        b.Property(p => p.ResolvedBy).HasMaxLength(200);
        b.HasOne<Intervention>().WithMany().HasForeignKey(p => p.InterventionId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => new { p.Status, p.CreatedAt });
    }
}
