using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Data.Vocabularies;

internal sealed class VocabularyTermConfiguration : IEntityTypeConfiguration<VocabularyTerm>
{
    public void Configure(EntityTypeBuilder<VocabularyTerm> b)
    {
        b.HasKey(t => new { t.Vocabulary, t.Code });
        b.Property(t => t.Vocabulary).HasMaxLength(40);
        b.Property(t => t.Code).HasMaxLength(40);
        b.Property(t => t.LabelEn).HasMaxLength(300);
        b.Property(t => t.LabelCy).HasMaxLength(300);
    }
}
