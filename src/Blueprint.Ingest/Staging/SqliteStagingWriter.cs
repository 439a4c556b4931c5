using System.Runtime.CompilerServices;
using System.Text;
using Blueprint.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SQLitePCL;

namespace Blueprint.Ingest.Staging;

/// <summary>
/// SQLite: one prepared single-row INSERT on the connection EF opened (so inside its transaction),
/// bound by position through SQLitePCLRaw. The JSON columns go in as the UTF-8 bytes they were
/// written as. Microsoft.Data.Sqlite's own commands look every parameter up by name on each execution
/// and convert each string to UTF-8 again; this path does neither (bench/README.md has the figures).
/// </summary>
internal sealed class SqliteStagingWriter : StagingWriter
{
    private readonly sqlite3 handle;
    private readonly sqlite3_stmt statement;
    private readonly Func<StagedRow, object?>[] columns;
    private byte[] text = new byte[256];
    private EarlyWriteback? writeback;
    private readonly int previousCacheSize;
    private bool cacheRestored;

    public SqliteStagingWriter(BlueprintDb db) : base(db)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        handle = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        columns = [.. Columns.Select(c => StagedRow.Column(c.Name))];
        var sql = InsertPrefix + "(" + string.Join(", ", columns.Select(_ => "?")) + ")";
        Check(raw.sqlite3_prepare_v2(handle, sql, out statement));
        // Enough cache for the table's last interior pages to stay in it between two of their splits (an interior page
        // of a table points to about page_size / 10 leaves). A smaller cache writes such a page to the log, then changes
        // it again when the next one fills: SQLite then rewrites that frame in place, and at the commit it must read the
        // whole log back from the first such frame to recompute the checksums of every frame after it (about 0.4 s
        // for 200,000 rows, with the other core idle). Put back as it was when the import ends: the connection may be
        // pooled. See docs/decisions/0057.
        previousCacheSize = Pragma("cache_size");
        var pageSize = Pragma("page_size");
        var pages = previousCacheSize >= 0 ? previousCacheSize : -previousCacheSize * 1024L / pageSize;   // negative: KiB
        if (pages < pageSize / 8)
        {
            Check(raw.sqlite3_exec(handle, FormattableString.Invariant($"PRAGMA cache_size = {pageSize / 8}")));
        }
        writeback = EarlyWriteback.Start(connection.DataSource);
    }

    private int Pragma(string name)
    {
        Check(raw.sqlite3_prepare_v2(handle, "PRAGMA " + name, out var pragma));
        using (pragma)
        {
            var step = raw.sqlite3_step(pragma);
            if (step != raw.SQLITE_ROW)
            {
                Check(step);
                throw new InvalidOperationException($"PRAGMA {name} returned nothing.");
            }
            return raw.sqlite3_column_int(pragma, 0);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override ValueTask AddAsync(StagedRow row, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        for (var i = 0; i < columns.Length; i++)
        {
            var index = i + 1;
            var rc = columns[i](row) switch
            {
                null => raw.sqlite3_bind_null(statement, index),
                int n => raw.sqlite3_bind_int(statement, index, n),
                bool b => raw.sqlite3_bind_int(statement, index, b ? 1 : 0),
                byte[] utf8 => raw.sqlite3_bind_text(statement, index, utf8.AsSpan()),
                string s => raw.sqlite3_bind_text(statement, index, Utf8(s)),
                DateTime d => raw.sqlite3_bind_text(statement, index, Utf8(StagedRow.SqliteDateTime(d))),
                var other => throw new InvalidOperationException($"Cannot stage a {other.GetType().Name} in SQLite."),
            };
            Check(rc);
        }
        var step = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (step != raw.SQLITE_DONE)
        {
            Check(step);
        }
        Written++;
        return ValueTask.CompletedTask;
    }

    /// <summary>The text as UTF-8 in a reused buffer (SQLite copies it when binding).</summary>
    private ReadOnlySpan<byte> Utf8(string s)
    {
        var max = Encoding.UTF8.GetMaxByteCount(s.Length);
        if (max > text.Length)
        {
            text = new byte[Math.Max(max, text.Length * 2)];
        }
        return text.AsSpan(0, Encoding.UTF8.GetBytes(s, text));
    }

    private void Check(int rc)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE))
        {
            throw new SqliteException(raw.sqlite3_errmsg(handle).utf8_to_string() ?? "SQLite error", rc, raw.sqlite3_extended_errcode(handle));
        }
    }

    /// <summary>
    /// Called once every row is written, before the import's record is updated and the transaction committed (which may
    /// close the connection or hand it back to the pool): the connection gets its own cache size back, and the early
    /// sync turns from the log (the commit's own sync does the rest) to the database file, which the commit's checkpoint
    /// fills. It stops when the writer is disposed, after the commit.
    /// </summary>
    public override ValueTask FlushAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        Check(RestoreCache());
        writeback?.CommitStarting();
        return ValueTask.CompletedTask;
    }

    public override async ValueTask DisposeAsync()
    {
        statement.Dispose();
        // An import that failed before the commit: the connection is still the import's (its transaction is rolled back
        // after this). Not checked: that must not hide the import's own error.
        if (!handle.IsClosed)
        {
            RestoreCache();
        }
        if (writeback is not null)
        {
            await writeback.DisposeAsync();
            writeback = null;
        }
    }

    /// <summary>Puts the connection's own cache size back (once).</summary>
    private int RestoreCache()
    {
        if (cacheRestored)
        {
            return raw.SQLITE_OK;
        }
        cacheRestored = true;
        return raw.sqlite3_exec(handle, FormattableString.Invariant($"PRAGMA cache_size = {previousCacheSize}"));
    }
}
