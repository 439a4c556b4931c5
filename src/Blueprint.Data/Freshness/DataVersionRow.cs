using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Data.Freshness;

/// <summary>
/// The data version: one row whose <see cref="Value"/> goes up by one in the same transaction as any
/// change to what the public directory shows (see <see cref="BlueprintDb"/>'s SaveChanges). Every host
/// polls it and drops its cached answers when it moves, so a change made by another process (the
/// command line, a second server) is served within about a second. See docs/decisions/0009.
/// </summary>
public class DataVersionRow
{
    public const int SingleId = 1;

    public int Id { get; set; }
    public long Value { get; set; }
    public DateTime ChangedAt { get; set; }
}

internal sealed class DataVersionConfiguration : IEntityTypeConfiguration<DataVersionRow>
{
    public void Configure(EntityTypeBuilder<DataVersionRow> b)
    {
        b.ToTable("DataVersion");
        b.Property(v => v.Id).ValueGeneratedNever();
        b.HasData(new DataVersionRow { Id = DataVersionRow.SingleId, Value = 1, ChangedAt = new DateTime(2026, 11, 29, 0, 0, 0, DateTimeKind.Utc) });
    }
}
