using Microsoft.EntityFrameworkCore;

namespace Blueprint.Data.Persistence;

/// <summary>
/// How a new SQLite file is laid out: 16 KB pages (a staged survey row is about 2.5 KB, so 4 KB pages
/// hold one row each and waste a third of the file) and write-ahead logging. SQLite fixes the page
/// size when the first page is written, so this runs before the first migration; an existing file
/// keeps its page size (see docs/decisions).
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
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
