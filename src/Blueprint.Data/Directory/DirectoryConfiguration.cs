using Blueprint.Data.Geography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Data.Directory;

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> b)
    {
        b.Property(o => o.Name).HasMaxLength(300);
        b.Property(o => o.NameCy).HasMaxLength(300);
        b.Property(o => o.Type).HasMaxLength(40);
        b.Property(o => o.Website).HasMaxLength(500);
        b.Property(o => o.Email).HasMaxLength(320);
        b.Property(o => o.Phone).HasMaxLength(50);
        b.Property(o => o.Version).IsConcurrencyToken();
        b.HasIndex(o => o.Name);
        b.HasIndex(o => o.PublicId).IsUnique();
        b.HasIndex(o => o.PublicModifiedAt);
    }
}

internal sealed class InterventionConfiguration : IEntityTypeConfiguration<Intervention>
{
    public void Configure(EntityTypeBuilder<Intervention> b)
    {
        b.Property(i => i.Name).HasMaxLength(300);
        b.Property(i => i.NameCy).HasMaxLength(300);
        b.Property(i => i.Description).HasMaxLength(4000);
        b.Property(i => i.DescriptionCy).HasMaxLength(4000);
        foreach (var code in new[] { "Gender", "Format", "FundingStatus", "Evaluation", "Status", "Source" })
        {
            b.Property(code).HasMaxLength(40);
        }
        b.Property(i => i.LengthText).HasMaxLength(200);
        b.Property(i => i.OutcomeMeasures).HasMaxLength(4000);
        b.Property(i => i.ReferralPhone).HasMaxLength(50);
        b.Property(i => i.ReferralEmail).HasMaxLength(320);
        b.Property(i => i.ReferralUrl).HasMaxLength(500);
        b.Property(i => i.VerifiedBy).HasMaxLength(200);
        b.Property(i => i.SourceReference).HasMaxLength(200);
        b.Property(i => i.Version).IsConcurrencyToken();
        b.Ignore(i => i.DistanceKm);
        // A deleted (tombstoned) listing is out of every query unless one asks with IgnoreQueryFilters([QueryFilters.Deleted]).
        b.HasQueryFilter(QueryFilters.Deleted, i => i.ClosedAt == null);

        b.HasOne(i => i.Organisation).WithMany(o => o.Interventions).HasForeignKey(i => i.OrganisationId);
        b.HasMany(i => i.Areas).WithMany().UsingEntity(
            "InterventionArea",
            r => r.HasOne(typeof(Area)).WithMany().HasForeignKey("AreaCode").OnDelete(DeleteBehavior.Cascade),
            l => l.HasOne(typeof(Intervention)).WithMany().HasForeignKey("InterventionId").OnDelete(DeleteBehavior.Cascade),
            j =>
            {
                j.HasKey("InterventionId", "AreaCode");
                j.HasIndex("AreaCode", "InterventionId");
            });
        b.HasMany(i => i.Venues).WithOne().HasForeignKey(v => v.InterventionId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(i => i.VenueRecords).WithOne().HasForeignKey(v => v.InterventionId).OnDelete(DeleteBehavior.Cascade);

        b.HasIndex(i => i.Name);
        b.HasIndex(i => i.Status);
        b.HasIndex(i => i.AllWales);
        b.HasIndex(i => i.OrganisationId);
        b.HasIndex(i => i.PublicId).IsUnique();
        b.HasIndex(i => i.PublicModifiedAt);
    }
}

internal sealed class VenueRecordConfiguration : IEntityTypeConfiguration<VenueRecord>
{
    public void Configure(EntityTypeBuilder<VenueRecord> b)
    {
        b.Property(v => v.Name).HasMaxLength(300);
        b.Property(v => v.Address).HasMaxLength(500);
        b.Property(v => v.Postcode).HasMaxLength(10);
        b.Property(v => v.AreaCode).HasMaxLength(16);
        b.Property(v => v.Visibility).HasMaxLength(16);
        b.Property(v => v.Version).IsConcurrencyToken();
        b.HasIndex(v => v.PublicId).IsUnique();
        // The public face shares the record's key; no other table references the record.
        b.HasOne(v => v.PublicFace).WithOne().HasForeignKey<Venue>(v => v.Id).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class VenueConfiguration : IEntityTypeConfiguration<Venue>
{
    public void Configure(EntityTypeBuilder<Venue> b)
    {
        b.Property(v => v.Id).ValueGeneratedNever();
        b.Property(v => v.Name).HasMaxLength(300);
        b.Property(v => v.Address).HasMaxLength(500);
        b.Property(v => v.Postcode).HasMaxLength(10);
        b.Property(v => v.AreaCode).HasMaxLength(16);
        b.Property(v => v.Visibility).HasMaxLength(16);
        // Distance search: a latitude range scan, then longitude, then the exact distance.
        b.HasIndex(v => new { v.Latitude, v.Longitude });
        b.HasIndex(v => v.AreaCode);
        b.HasIndex(v => v.PublicId).IsUnique();
    }
}
