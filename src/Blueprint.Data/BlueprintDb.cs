using Blueprint.Data.Directory;
using Blueprint.Data.Geography;
using Blueprint.Data.Survey;
using Blueprint.Data.Vocabularies;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Data;

/// <summary>
/// The directory's database. Each provider has its own subclass (and so its own migrations):
/// <see cref="Persistence.SqliteBlueprintDb"/> and <see cref="Persistence.SqlServerBlueprintDb"/>.
/// </summary>
public abstract class BlueprintDb(DbContextOptions options) : DbContext(options)
{
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<Intervention> Interventions => Set<Intervention>();
    public DbSet<Venue> Venues => Set<Venue>();
    public DbSet<VenueRecord> VenueRecords => Set<VenueRecord>();
    public DbSet<Area> Areas => Set<Area>();
    public DbSet<VocabularyTerm> VocabularyTerms => Set<VocabularyTerm>();
    public DbSet<SurveyImport> SurveyImports => Set<SurveyImport>();
    public DbSet<SurveyResponse> SurveyResponses => Set<SurveyResponse>();

    /// <summary>The clock used for timestamps (tests may fix it).</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(BlueprintDb).Assembly);

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        Stamp();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        Stamp();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>Timestamps and the app-managed concurrency version (the ETag) of every tracked record.</summary>
    private void Stamp()
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        foreach (var entry in ChangeTracker.Entries<ITracked>())
        {
            if (entry.State == EntityState.Added)
            {
                entry.Entity.CreatedAt = now;
                entry.Entity.UpdatedAt = now;
                entry.Entity.Version = 1;
            }
            else if (entry.State == EntityState.Modified)
            {
                entry.Entity.UpdatedAt = now;
                entry.Entity.Version++;
            }
        }
    }
}
