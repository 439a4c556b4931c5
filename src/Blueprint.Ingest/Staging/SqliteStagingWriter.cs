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

    public SqliteStagingWriter(BlueprintDb db) : base(db)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        handle = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        columns = [.. Columns.Select(c => StagedRow.Column(c.Name))];
        var sql = InsertPrefix + "(" + string.Join(", ", columns.Select(_ => "?")) + ")";
        Check(raw.sqlite3_prepare_v2(handle, sql, out statement));
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

    public override ValueTask DisposeAsync()
    {
        statement.Dispose();
        return ValueTask.CompletedTask;
    }
}
