using System.Data.Common;
using Blueprint.Data;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Blueprint.Api.ReadModel;

/// <summary>
/// Counts the transactions of this process that moved the data version, as each one commits. The read
/// model answers only from a snapshot whose build began after the last of them, so whoever writes through
/// this host reads the change at once; other hosts hear of it through the data version poll.
/// </summary>
public sealed class LocalCommits
{
    private long count;

    /// <summary>How many versioned commits this process has made.</summary>
    public long Count => Interlocked.Read(ref count);

    /// <summary>Raised after each versioned commit (on the writer's thread: keep it short).</summary>
    public event Action? Committed;

    internal void Add()
    {
        Interlocked.Increment(ref count);
        Committed?.Invoke();
    }
}

/// <summary>EF's hook after commit and rollback: turns <see cref="BlueprintDb.DataVersionBumpPending"/> into a <see cref="LocalCommits"/> count.</summary>
internal sealed class LocalCommitInterceptor(LocalCommits commits) : DbTransactionInterceptor
{
    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Ended(eventData, committed: true);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(eventData, committed: true);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Ended(eventData, committed: false);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(eventData, committed: false);
        return Task.CompletedTask;
    }

    private void Ended(TransactionEndEventData eventData, bool committed)
    {
        if (eventData.Context is BlueprintDb { DataVersionBumpPending: true } db)
        {
            db.DataVersionBumpPending = false;
            if (committed)
            {
                commits.Add();
            }
        }
    }
}
