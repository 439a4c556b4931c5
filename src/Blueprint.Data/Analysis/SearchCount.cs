using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Data.Analysis;

/// <summary>
/// How many public searches of one kind were made on one day for one area, filter set and language, and how
/// many found nothing or few: "demand beside supply". Written in batches, many searches a row; never the
/// search's own text, postcode, address, user agent or anything else that could identify who searched (a
/// postcode or place is stored as its local authority). Rows older than the retention period are purged.
/// </summary>
public class SearchCount
{
    public long Id { get; set; }
    public DateOnly Day { get; set; }
    /// <summary><c>directory</c> (the map's search of an area) or <c>place</c> (a town, village or postcode looked up).</summary>
    public required string Kind { get; set; }
    /// <summary>The area searched (a place search: the local authority of its first answer); empty when none.</summary>
    public required string AreaCode { get; set; }
    /// <summary>The facet filters used, as sorted <c>Property=code</c> pairs of known vocabulary codes joined by <c>;</c>.</summary>
    public required string Filters { get; set; }
    /// <summary><c>en</c> or <c>cy</c>.</summary>
    public required string Language { get; set; }
    public int Searches { get; set; }
    public int ZeroResults { get; set; }
    /// <summary>Searches that found at least one but fewer than the few-results threshold.</summary>
    public int FewResults { get; set; }
    public long Results { get; set; }
}

internal sealed class SearchCountConfiguration : IEntityTypeConfiguration<SearchCount>
{
    public void Configure(EntityTypeBuilder<SearchCount> b)
    {
        b.Property(s => s.Kind).HasMaxLength(16);
        b.Property(s => s.AreaCode).HasMaxLength(16);
        b.Property(s => s.Filters).HasMaxLength(1000);
        b.Property(s => s.Language).HasMaxLength(8);
        b.HasIndex(s => s.Day);
    }
}
