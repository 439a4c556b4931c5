using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Data.Survey;

internal sealed class SurveyImportConfiguration : IEntityTypeConfiguration<SurveyImport>
{
    public void Configure(EntityTypeBuilder<SurveyImport> b)
    {
        b.Property(i => i.FileName).HasMaxLength(260);
        b.Property(i => i.FileHash).HasMaxLength(64);
        b.Property(i => i.Encoding).HasMaxLength(20);
        b.Property(i => i.EncodingEvidence).HasMaxLength(300);
        b.Property(i => i.EncodingEvidenceCy).HasMaxLength(300);
        b.Property(i => i.Profile).HasMaxLength(100);
        b.Property(i => i.ImportedBy).HasMaxLength(200);
        b.Property(i => i.ErasedBy).HasMaxLength(200);
        b.Property(i => i.Erasure).HasMaxLength(2000);
        // The same file is staged once: a second import of it is a no-op.
        b.HasIndex(i => i.FileHash).IsUnique();
        b.HasOne(i => i.Round).WithMany().HasForeignKey(i => i.RoundId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(i => i.Responses).WithOne(r => r.Import).HasForeignKey(r => r.ImportId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SurveyResponseConfiguration : IEntityTypeConfiguration<SurveyResponse>
{
    public void Configure(EntityTypeBuilder<SurveyResponse> b)
    {
        b.Property(r => r.ContentHash).HasMaxLength(64);
        b.Property(r => r.Outcome).HasMaxLength(24);
        b.Property(r => r.OrganisationName).HasMaxLength(300);
        b.Property(r => r.InterventionName).HasMaxLength(300);
        b.Property(r => r.RespondentName).HasMaxLength(200);
        b.Property(r => r.RespondentJobTitle).HasMaxLength(200);
        b.Property(r => r.RespondentEmail).HasMaxLength(320);
        b.HasIndex(r => new { r.ImportId, r.RowNumber }).IsUnique();
        b.HasIndex(r => r.Outcome);
        b.HasIndex(r => r.PublishedInterventionId);
    }
}

internal sealed class SurveyRoundConfiguration : IEntityTypeConfiguration<SurveyRound>
{
    public void Configure(EntityTypeBuilder<SurveyRound> b)
    {
        b.Property(r => r.Name).HasMaxLength(SurveyRound.MaxName);
        b.Property(r => r.Tool).HasMaxLength(SurveyRound.MaxTool);
        b.Property(r => r.Profile).HasMaxLength(100);
        b.HasIndex(r => r.Name).IsUnique();
        // Imports made before rounds existed belong to this one (the migration moves them into it).
        b.HasData(new SurveyRound { Id = SurveyRound.BeforeRoundsId, Name = "Before rounds", Tool = "unknown" });
    }
}
