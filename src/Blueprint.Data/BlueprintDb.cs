using Blueprint.Data.Directory;
using Blueprint.Data.Freshness;
using Blueprint.Data.Geography;
using Blueprint.Data.Survey;
using Blueprint.Data.Vocabularies;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Data;

/// <summary>
/// The directory's database. Each provider has its own subclass (and so its own migrations):
/// <see cref="Persistence.SqliteBlueprintDb"/> and <see cref="Persistence.SqlServerBlueprintDb"/>.
/// SaveChanges bumps the data version (<see cref="DataVersionRow"/>) in the same transaction whenever it
/// writes anything but survey staging, so no write path can forget to tell the other hosts.
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
    public DbSet<DataVersionRow> DataVersions => Set<DataVersionRow>();
    public DbSet<Analysis.SearchCount> SearchCounts => Set<Analysis.SearchCount>();

    /// <summary>
    /// Entity types whose changes the public never sees, so they leave the data version alone: survey
    /// staging (analysts' evidence), search statistics and the version row itself. Everything else bumps it, including
    /// entity types added later: a needless cache refresh is cheap, a forgotten one is stale data.
    /// </summary>
    private static readonly HashSet<Type> Unversioned = [typeof(SurveyImport), typeof(SurveyResponse), typeof(DataVersionRow), typeof(Analysis.SearchCount)];

    /// <summary>The clock used for timestamps (tests may fix it).</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(BlueprintDb).Assembly);

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        Stamp();
        if (!ChangesVersionedData())
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        if (InTransaction)
        {
            var saved = base.SaveChanges(acceptAllChangesOnSuccess);
            BumpDataVersion();
            return saved;
        }
        var result = Database.CreateExecutionStrategy().Execute(() =>
        {
            using var tx = Database.BeginTransaction();
            var saved = base.SaveChanges(acceptAllChangesOnSuccess: false);
            BumpDataVersion();
            tx.Commit();
            return saved;
        });
        if (acceptAllChangesOnSuccess)
        {
            ChangeTracker.AcceptAllChanges();
        }
        return result;
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        Stamp();
        if (!ChangesVersionedData())
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        if (InTransaction)
        {
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            await BumpDataVersionAsync(cancellationToken);
            return saved;
        }
        var result = await Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var tx = await Database.BeginTransactionAsync(ct);
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
            await BumpDataVersionAsync(ct);
            await tx.CommitAsync(ct);
            return saved;
        }, cancellationToken);
        if (acceptAllChangesOnSuccess)
        {
            ChangeTracker.AcceptAllChanges();
        }
        return result;
    }

    /// <summary>
    /// Moves the data version on by one in the current transaction. SaveChanges does this by itself;
    /// call it only from a write that bypasses SaveChanges (<c>ExecuteUpdate</c>, <c>ExecuteDelete</c>, SQL)
    /// and changes what the public sees, inside the same transaction as that write.
    /// </summary>
    public async Task BumpDataVersionAsync(CancellationToken ct = default)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        var rows = await DataVersions.Where(v => v.Id == DataVersionRow.SingleId)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.Value, v => v.Value + 1).SetProperty(v => v.ChangedAt, now), ct);
        EnsureBumped(rows);
    }

    /// <inheritdoc cref="BumpDataVersionAsync"/>
    public void BumpDataVersion()
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        var rows = DataVersions.Where(v => v.Id == DataVersionRow.SingleId)
            .ExecuteUpdate(s => s.SetProperty(v => v.Value, v => v.Value + 1).SetProperty(v => v.ChangedAt, now));
        EnsureBumped(rows);
    }

    private static void EnsureBumped(int rows)
    {
        if (rows != 1)
        {
            throw new InvalidOperationException("The DataVersion row is missing: run the 'migrate' command to bring the database up to date.");
        }
    }

    private bool InTransaction => Database.CurrentTransaction is not null || System.Transactions.Transaction.Current is not null;

    /// <summary>Whether this save adds, changes or deletes anything outside survey staging.</summary>
    private bool ChangesVersionedData()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                && !Unversioned.Contains(entry.Metadata.ClrType))
            {
                return true;
            }
        }
        return false;
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
