using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Data.Persistence;

/// <summary>
/// How a new SQLite file is laid out: 16 KB pages (a staged survey row is about 2.5 KB, so 4 KB pages
/// hold one row each and waste a third of the file) and write-ahead logging. SQLite fixes the page
/// size when the first page is written, so this runs before the first migration; an existing file
/// keeps its page size (see docs/decisions). A file found under a rollback journal gets its log back (decision 0065).
/// </summary>
public static class SqliteFile
{
    public const int PageSize = 16384;

    public static async Task PrepareAsync(BlueprintDb db, CancellationToken ct = default)
    {
        if (!db.Database.IsSqlite())
        {
            return;
        }
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = db.Database.GetDbConnection();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA page_count";
            if (Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                command.CommandText = $"PRAGMA page_size = {PageSize}; PRAGMA journal_mode = 'wal';";
                await command.ExecuteNonQueryAsync(ct);
                return;
            }
            command.CommandText = "PRAGMA journal_mode";
            if (await command.ExecuteScalarAsync(ct) is "delete")
            {
                // A command-line import stages under a rollback journal and turns the log back on when it ends
                // (decision 0065); one that was stopped short, or found a reader in the way, leaves the file so.
                // Best effort: while that import still runs, the file stays so until the import ends or the next start.
                command.CommandText = "PRAGMA journal_mode = 'wal'";
                command.CommandTimeout = 1;
                try
                {
                    await command.ExecuteNonQueryAsync(ct);
                }
                catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6)   // SQLITE_BUSY, SQLITE_LOCKED
                {
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
