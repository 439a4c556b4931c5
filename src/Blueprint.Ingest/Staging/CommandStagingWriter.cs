using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Blueprint.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Blueprint.Ingest.Staging;

/// <summary>A database server (SQL Server): prepared INSERTs of 50 rows each, to save round trips, their parameters reused.</summary>
internal sealed class CommandStagingWriter(BlueprintDb db) : StagingWriter(db)
{
    private const int RowsPerStatement = 50;

    private readonly DbConnection connection = db.Database.GetDbConnection();
    private readonly DbTransaction transaction = db.Database.CurrentTransaction!.GetDbTransaction();
    private readonly List<StagedRow> pending = new(RowsPerStatement);
    private Func<StagedRow, object?>[]? values;
    private DbCommand? full;

    public override async ValueTask AddAsync(StagedRow row, CancellationToken ct)
    {
        pending.Add(row);
        if (pending.Count == RowsPerStatement)
        {
            full ??= await CreateAsync(RowsPerStatement, ct);
            await ExecuteAsync(full, ct);
        }
    }

    public override async ValueTask FlushAsync(CancellationToken ct)
    {
        if (pending.Count > 0)
        {
            await using var tail = await CreateAsync(pending.Count, ct);
            await ExecuteAsync(tail, ct);
        }
    }

    private async Task ExecuteAsync(DbCommand command, CancellationToken ct)
    {
        values ??= [.. Columns.Select(c => StagedRow.Column(c.Name))];
        var p = 0;
        foreach (var row in pending)
        {
            foreach (var column in values)
            {
                command.Parameters[p++].Value = column(row) switch
                {
                    null => DBNull.Value,
                    byte[] utf8 => Encoding.UTF8.GetString(utf8),
                    var value => value,
                };
            }
        }
        await command.ExecuteNonQueryAsync(ct);
        Written += pending.Count;
        pending.Clear();
    }

    private async Task<DbCommand> CreateAsync(int rows, CancellationToken ct)
    {
        var command = Build(connection.CreateCommand(), InsertPrefix, Columns, rows);
        command.Transaction = transaction;
        await command.PrepareAsync(ct);
        return command;
    }

    /// <summary>
    /// The multi-row INSERT for <paramref name="rows"/> rows, its parameters typed and sized as SQL Server's
    /// client requires before <c>Prepare</c>: every variable-length parameter (text, <c>datetime2</c>) needs a
    /// non-zero Size. Text is sent as <c>nvarchar(max)</c> (-1), so the server refuses an over-long value
    /// rather than the client cutting it short without a word, as a smaller Size would.
    /// </summary>
    internal static DbCommand Build(DbCommand command, string insertPrefix, IReadOnlyList<IProperty> columns, int rows)
    {
        var text = new StringBuilder(insertPrefix);
        var n = 0;
        for (var r = 0; r < rows; r++)
        {
            text.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Count; c++)
            {
                var name = "@p" + n.ToString(CultureInfo.InvariantCulture);
                text.Append(c == 0 ? "" : ", ").Append(name);
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                Describe(parameter, columns[c]);
                command.Parameters.Add(parameter);
                n++;
            }
            text.Append(')');
        }
        command.CommandText = text.ToString();
        return command;
    }

    private static void Describe(DbParameter parameter, IProperty column)
    {
        var type = Nullable.GetUnderlyingType(column.ClrType) ?? column.ClrType;
        (parameter.DbType, parameter.Size, parameter.Scale) =
            type == typeof(int) ? (DbType.Int32, 0, (byte)0)
            : type == typeof(long) ? (DbType.Int64, 0, (byte)0)
            : type == typeof(bool) ? (DbType.Boolean, 0, (byte)0)
            // datetime2(7): the Scale keeps every tick. SQL Server's client ignores the Size of a datetime2 once it is
            // set; a client that sends dates as text (SQLite's) cuts them to it, so it is the longest text form, 27.
            : type == typeof(DateTime) ? (DbType.DateTime2, 27, (byte)7)
            : (DbType.String, -1, (byte)0);
    }

    public override async ValueTask DisposeAsync()
    {
        if (full is not null)
        {
            await full.DisposeAsync();
        }
    }
}
