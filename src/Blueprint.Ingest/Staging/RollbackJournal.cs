using Blueprint.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SQLitePCL;

namespace Blueprint.Ingest.Staging;

/// <summary>
/// A SQLite file that the import has to itself is staged into under a rollback journal, and given its write-ahead log back
/// afterwards. A rollback journal keeps only the pages that existed before the transaction, so the rows' new pages are
/// written once, into the database file; the write-ahead log would take every page and copy it again into the file at the
/// commit's checkpoint. SQLite refuses to leave write-ahead logging while another connection has the file open (a running
/// server, say), and then nothing changes. Only the command line asks for it: under a rollback journal a reader that opens
/// the file during the import waits for its commit. See docs/decisions/0065.
/// </summary>
internal sealed class RollbackJournal : IAsyncDisposable
{
    private readonly BlueprintDb db;
    private readonly sqlite3 handle;

    private RollbackJournal(BlueprintDb db, sqlite3 handle) => (this.db, this.handle) = (db, handle);

    /// <summary>The file under a rollback journal on the context's connection (kept open until disposed), or null.</summary>
    public static async Task<RollbackJournal?> TryStartAsync(BlueprintDb db, CancellationToken ct)
    {
        if (!db.Database.IsSqlite() || db.Database.CurrentTransaction is not null)
        {
            return null;
        }
        await db.Database.OpenConnectionAsync(ct);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        if (connection.Handle is { } handle)
        {
            switch (Mode(handle))
            {
                case "delete":
                    // Left so by an import that was stopped short: its log comes back at the end of this one.
                    return new RollbackJournal(db, handle);
                case "wal":
                    // This process's own idle pooled connections keep the log open too: let them go.
                    SqliteConnection.ClearPool(connection);
                    if (Mode(handle, "delete") == "delete")
                    {
                        return new RollbackJournal(db, handle);
                    }
                    break;
            }
        }
        await db.Database.CloseConnectionAsync();
        return null;
    }

    /// <summary>
    /// The journal mode, or what it became when <paramref name="change"/> is given; null when SQLite refused (busy). Through
    /// SQLitePCLRaw, so that a busy file answers at once rather than after the provider's retries.
    /// </summary>
    private static string? Mode(sqlite3 handle, string? change = null)
    {
        if (raw.sqlite3_prepare_v2(handle, change is null ? "PRAGMA journal_mode" : $"PRAGMA journal_mode = {change}", out var statement) != raw.SQLITE_OK)
        {
            return null;
        }
        using (statement)
        {
            return raw.sqlite3_step(statement) == raw.SQLITE_ROW ? raw.sqlite3_column_text(statement, 0).utf8_to_string() : null;
        }
    }

    /// <summary>Write-ahead logging again, once the import's transaction is over (retried while a reader is busy).</summary>
    public async ValueTask DisposeAsync()
    {
        for (var attempt = 0; attempt < 50 && Mode(handle, "wal") != "wal"; attempt++)
        {
            // A reader that opened the file during the import holds it for a moment. Should it hold it throughout,
            // the next start-up turns the log back on (SqliteFile).
            await Task.Delay(100);
        }
        await db.Database.CloseConnectionAsync();
    }
}
