using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Data.Geography;

internal sealed class AreaConfiguration : IEntityTypeConfiguration<Area>
{
    public void Configure(EntityTypeBuilder<Area> b)
    {
        b.HasKey(a => a.Code);
        b.Property(a => a.Code).HasMaxLength(16);
        b.Property(a => a.Kind).HasMaxLength(40);
        b.Property(a => a.NameEn).HasMaxLength(200);
        b.Property(a => a.NameCy).HasMaxLength(200);
    }
}
