using Blueprint.Data.Accounts;
using Blueprint.Data.Directory;
using Blueprint.Data.Freshness;
using Blueprint.Data.Geography;
using Blueprint.Data.Listings;
using Blueprint.Data.Survey;
using Blueprint.Data.Vocabularies;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Data;

/// <summary>
/// The directory's database. Each provider has its own subclass (and so its own migrations):
/// <see cref="Persistence.SqliteBlueprintDb"/> and <see cref="Persistence.SqlServerBlueprintDb"/>.
/// SaveChanges bumps the data version (<see cref="DataVersionRow"/>) in the same transaction whenever it
/// writes anything but survey staging, so no write path can forget to tell the other hosts.
/// It also holds the people who sign in (ASP.NET Core Identity's user tables, <see cref="Person"/>) and the
/// data-protection keys every host and the command line share (cookies, reset links).
/// </summary>
public abstract class BlueprintDb(DbContextOptions options) : IdentityUserContext<Person, int>(options), IDataProtectionKeyContext
{
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<Intervention> Interventions => Set<Intervention>();
    public DbSet<Venue> Venues => Set<Venue>();
    public DbSet<VenueRecord> VenueRecords => Set<VenueRecord>();
    public DbSet<Area> Areas => Set<Area>();
    public DbSet<VocabularyTerm> VocabularyTerms => Set<VocabularyTerm>();
    public DbSet<SurveyImport> SurveyImports => Set<SurveyImport>();
    public DbSet<SurveyResponse> SurveyResponses => Set<SurveyResponse>();
    public DbSet<SurveyRound> SurveyRounds => Set<SurveyRound>();
    public DbSet<DataVersionRow> DataVersions => Set<DataVersionRow>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<PersonalToken> PersonalTokens => Set<PersonalToken>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<ModerationItem> ModerationItems => Set<ModerationItem>();

    /// <summary>
    /// Who the next saves are made for, and through which route: every change to a listing, venue record or
    /// organisation is recorded in <see cref="AuditEntries"/> under this actor (<see cref="AuditActor.Unattributed"/>
    /// when no one set it). Cleared when the context goes back to its pool.
    /// </summary>
    public AuditActor? Actor { get; set; }
    public DbSet<ListingReminder> ListingReminders => Set<ListingReminder>();
    public DbSet<ProblemReport> ProblemReports => Set<ProblemReport>();
    public DbSet<Analysis.SearchCount> SearchCounts => Set<Analysis.SearchCount>();
    public DbSet<ListingUpload> ListingUploads => Set<ListingUpload>();
    public DbSet<DirectoryChange> DirectoryChanges => Set<DirectoryChange>();
    public DbSet<Feeds.Webhook> Webhooks => Set<Feeds.Webhook>();
    public DbSet<Feeds.WebhookDelivery> WebhookDeliveries => Set<Feeds.WebhookDelivery>();
    public DbSet<Leases.JobLease> JobLeases => Set<Leases.JobLease>();

    /// <summary>
    /// Entity types whose changes the public never sees, so they leave the data version alone: survey
    /// staging (analysts' evidence), search statistics, reminders sent, problem reports, the audit trail and
    /// moderation queue, and the version row itself. Everything else bumps it, including
    /// entity types added later: a needless cache refresh is cheap, a forgotten one is stale data.
    /// Sign-in secrets (authenticator keys, recovery codes, external logins), invitations and data-protection
    /// keys are not part of any host's snapshot either.
    /// </summary>
    private static readonly HashSet<Type> Unversioned =
    [
        typeof(SurveyImport), typeof(SurveyResponse), typeof(DataVersionRow),
        typeof(IdentityUserToken<int>), typeof(IdentityUserLogin<int>), typeof(IdentityUserClaim<int>), typeof(Invitation), typeof(DataProtectionKey),
        typeof(AuditEntry), typeof(ModerationItem), typeof(ListingReminder), typeof(ProblemReport), typeof(Analysis.SearchCount),
        typeof(ListingUpload), typeof(Feeds.Webhook), typeof(Feeds.WebhookDelivery), typeof(SurveyRound),
        typeof(Leases.JobLease),
    ];

    /// <summary>
    /// Types of which some properties are bookkeeping: a change to those alone leaves the data version alone
    /// (failed sign-in counts and lockouts, a token's last-used day), any other change moves it.
    /// </summary>
    private static readonly Dictionary<Type, IReadOnlySet<string>> PartlyVersioned = new()
    {
        [typeof(Person)] = Person.Bookkeeping,
        [typeof(PersonalToken)] = PersonalToken.Bookkeeping,
    };

    /// <summary>The clock used for timestamps (tests may fix it).</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Identity's tables at a fixed schema version (no passkeys), the same at design time and at run time.</summary>
    protected override Version SchemaVersion => IdentitySchemaVersions.Version2;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(BlueprintDb).Assembly);
        // Overdue listings (see ShowOverdueListingsOnlyTo) are absent from every query of this context,
        // navigations and $expand included; their venues' public faces with them.
        modelBuilder.Entity<Intervention>().HasQueryFilter(QueryFilters.Overdue, i =>
            hideVerifiedBefore == null || i.LastVerified >= hideVerifiedBefore || ownOrganisations.Contains(i.OrganisationId));
        modelBuilder.Entity<Venue>().HasQueryFilter(QueryFilters.Overdue, v =>
            hideVerifiedBefore == null || Interventions.Any(i => i.Id == v.InterventionId
                && (i.LastVerified >= hideVerifiedBefore || ownOrganisations.Contains(i.OrganisationId))));
    }

    private DateOnly? hideVerifiedBefore;
    private int[] ownOrganisations = [];

    /// <summary>
    /// From now on this context leaves out listings last verified before <paramref name="verifiedBefore"/>
    /// (and their venues), except those of <paramref name="organisations"/>: the view of a public caller or a
    /// provider. Null shows everything (the default: commands, imports, administrators).
    /// The web host sets this per request and clears it before the context goes back to the pool.
    /// </summary>
    public void ShowOverdueListingsOnlyTo(DateOnly? verifiedBefore, IReadOnlyCollection<int> organisations)
    {
        hideVerifiedBefore = verifiedBefore;
        ownOrganisations = [.. organisations];
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var (audit, changes) = StampAndAudit();
        if (!ChangesVersionedData())
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        if (InTransaction)
        {
            var saved = base.SaveChanges(acceptAllChangesOnSuccess);
            AuditTrail.FixKeys(this, audit);
            PublicChanges.Apply(this, changes);
            BumpDataVersion();
            return saved;
        }
        var result = Database.CreateExecutionStrategy().Execute(() =>
        {
            using var tx = Database.BeginTransaction();
            var saved = base.SaveChanges(acceptAllChangesOnSuccess: false);
            AuditTrail.FixKeys(this, audit);
            PublicChanges.Apply(this, changes);
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
        var (audit, changes) = StampAndAudit();
        if (!ChangesVersionedData())
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        if (InTransaction)
        {
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            await AuditTrail.FixKeysAsync(this, audit, cancellationToken);
            await PublicChanges.ApplyAsync(this, changes, cancellationToken);
            await BumpDataVersionAsync(cancellationToken);
            return saved;
        }
        var result = await Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var tx = await Database.BeginTransactionAsync(ct);
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
            await AuditTrail.FixKeysAsync(this, audit, ct);
            await PublicChanges.ApplyAsync(this, changes, ct);
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
                && !Unversioned.Contains(entry.Metadata.ClrType)
                && !(entry.State == EntityState.Modified && PartlyVersioned.TryGetValue(entry.Metadata.ClrType, out var bookkeeping) && OnlyChanges(entry, bookkeeping)))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Whether a modified entry changes nothing but the given properties. Values are compared, not flags: Identity's
    /// store marks every property modified on each update. An entry in which no value differs (one attached rather
    /// than loaded, so nothing is known) counts as changing everything.
    /// </summary>
    private static bool OnlyChanges(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry, IReadOnlySet<string> properties)
    {
        var anyDifference = false;
        foreach (var property in entry.Properties)
        {
            if (!property.IsModified || Equals(property.OriginalValue, property.CurrentValue))
            {
                continue;
            }
            if (!properties.Contains(property.Metadata.Name))
            {
                return false;
            }
            anyDifference = true;
        }
        return anyDifference;
    }

    /// <summary>
    /// Stamps versions, moves public modification times and adds tombstones (<see cref="PublicChanges"/>), and adds
    /// the audit entries of this save (interventions whose areas changed count as changed).
    /// </summary>
    private (List<AuditTrail.Pending> Audit, PublicChanges.Pending Changes) StampAndAudit()
    {
        var areas = AuditTrail.AreaChanges(this);
        Stamp();
        var changes = PublicChanges.Collect(this, areas.Keys);
        return (AuditTrail.Collect(this, Actor ?? AuditActor.Unattributed, areas), changes);
    }

    /// <summary>A pooled context forgets who it acted for before its next lease.</summary>
    public override void Dispose()
    {
        Actor = null;
        base.Dispose();
    }

    /// <inheritdoc cref="Dispose"/>
    public override ValueTask DisposeAsync()
    {
        Actor = null;
        return base.DisposeAsync();
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
