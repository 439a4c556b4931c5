using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Data.Leases;

/// <summary>
/// Who may run a background job that must run once across every host (reminders, webhooks, retention clean-up):
/// one row per job, held by one host until <see cref="ExpiresAt"/>. The holder renews it each round; another host
/// takes it over only once it has expired (the holder stopped). See docs/decisions/0042.
/// </summary>
public class JobLease
{
    /// <summary>The job's name, e.g. <c>reminders</c>.</summary>
    public required string Name { get; set; }
    /// <summary>The holding host's id (machine, process and a random part, so two hosts in one process differ).</summary>
    public required string Holder { get; set; }
    /// <summary>UTC; after this any host may take the lease.</summary>
    public DateTime ExpiresAt { get; set; }

    /// <summary>
    /// Takes or renews the lease on <paramref name="name"/> for <paramref name="holder"/> until <paramref name="until"/>:
    /// true when this host holds it now. Two single statements, each atomic on SQLite and SQL Server: an UPDATE that
    /// succeeds only for the holder or once the lease has expired, then, when no row exists yet, an INSERT guarded by
    /// NOT EXISTS whose race loser fails on the primary key. Neither goes through SaveChanges (no data-version bump).
    /// </summary>
    public static async Task<bool> TryAcquireAsync(BlueprintDb db, string name, string holder, DateTime now, DateTime until, CancellationToken ct = default) =>
        await TryRenewAsync(db, name, holder, now, until, ct) || await TryInsertAsync(db, name, holder, until, ct);

    /// <summary>The UPDATE: renews the holder's lease, or takes over an expired one.</summary>
    public static async Task<bool> TryRenewAsync(BlueprintDb db, string name, string holder, DateTime now, DateTime until, CancellationToken ct = default) =>
        await db.JobLeases.Where(l => l.Name == name && (l.Holder == holder || l.ExpiresAt < now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAt, until), ct) == 1;

    /// <summary>The INSERT: the job's first lease, when no host has held it yet.</summary>
    public static async Task<bool> TryInsertAsync(BlueprintDb db, string name, string holder, DateTime until, CancellationToken ct = default)
    {
        try
        {
            return await db.Database.ExecuteSqlAsync(
                $"INSERT INTO JobLeases (Name, Holder, ExpiresAt) SELECT {name}, {holder}, {until} WHERE NOT EXISTS (SELECT 1 FROM JobLeases WHERE Name = {name})", ct) == 1;
        }
        catch (System.Data.Common.DbException)
        {
            // Another host inserted the row between our NOT EXISTS and our INSERT (primary key violation): it holds it.
            return false;
        }
    }

    /// <summary>Gives the lease up (a host that stops cleanly), so another host need not wait for it to expire.</summary>
    public static Task<int> ReleaseAsync(BlueprintDb db, string name, string holder, DateTime now, CancellationToken ct = default) =>
        db.JobLeases.Where(l => l.Name == name && l.Holder == holder).ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, now), ct);
}

internal sealed class JobLeaseConfiguration : IEntityTypeConfiguration<JobLease>
{
    public void Configure(EntityTypeBuilder<JobLease> b)
    {
        b.ToTable("JobLeases");
        b.HasKey(l => l.Name);
        b.Property(l => l.Name).HasMaxLength(100);
        b.Property(l => l.Holder).HasMaxLength(200);
    }
}
