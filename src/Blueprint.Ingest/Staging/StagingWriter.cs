using System.Data;
using System.Data.Common;
using Blueprint.Data;
using Blueprint.Data.Survey;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Blueprint.Ingest.Staging;

/// <summary>
/// Writes staged responses fast, inside the caller's transaction: prepared INSERTs whose parameters
/// are reused, with table and column names taken from the EF model (so any relational provider works).
/// EF's change tracker would cost several times as much per row. On SQLite each statement inserts one
/// row: Microsoft.Data.Sqlite looks every parameter up by name on each execution, so a statement of n
/// rows costs n² name comparisons (a 50-row statement was 2.6× slower than single rows; bench/README.md).
/// A server (SQL Server) gets 50 rows a statement, to save round trips.
/// </summary>
internal sealed class StagingWriter : IAsyncDisposable
{
    private readonly DbConnection connection;
    private readonly DbTransaction transaction;
    private readonly IReadOnlyList<IProperty> columns;
    private readonly string insertPrefix;
    private readonly int rowsPerStatement;
    private readonly List<SurveyResponse> pending;
    private DbCommand? full;

    public StagingWriter(BlueprintDb db)
    {
        connection = db.Database.GetDbConnection();
        transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Staging must run inside a transaction.");
        var sql = db.GetService<ISqlGenerationHelper>();
        var entity = db.Model.FindEntityType(typeof(SurveyResponse))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        columns = entity.GetProperties().Where(p => !p.IsPrimaryKey()).ToList();
        insertPrefix = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.GetColumnName(table)!)))}) VALUES ";
        rowsPerStatement = db.Database.IsSqlite() ? 1 : 50;
        pending = new List<SurveyResponse>(rowsPerStatement);
    }

    public int Written { get; private set; }

    public async Task AddAsync(SurveyResponse response, CancellationToken ct)
    {
        pending.Add(response);
        if (pending.Count == rowsPerStatement)
        {
            full ??= await CreateAsync(rowsPerStatement, ct);
            await ExecuteAsync(full, ct);
        }
    }

    public async Task FlushAsync(CancellationToken ct)
    {
        if (pending.Count > 0)
        {
            await using var tail = await CreateAsync(pending.Count, ct);
            await ExecuteAsync(tail, ct);
        }
    }

    private async Task ExecuteAsync(DbCommand command, CancellationToken ct)
    {
        var p = 0;
        foreach (var response in pending)
        {
            foreach (var column in columns)
            {
                command.Parameters[p++].Value = Value(column, response) ?? DBNull.Value;
            }
        }
        await command.ExecuteNonQueryAsync(ct);
        Written += pending.Count;
        pending.Clear();
    }

    private static object? Value(IProperty column, SurveyResponse r) => column.Name switch
    {
        nameof(SurveyResponse.ImportId) => r.ImportId,
        nameof(SurveyResponse.RowNumber) => r.RowNumber,
        nameof(SurveyResponse.ContentHash) => r.ContentHash,
        nameof(SurveyResponse.RawRow) => r.RawRow,
        nameof(SurveyResponse.Normalised) => r.Normalised,
        nameof(SurveyResponse.Problems) => r.Problems,
        nameof(SurveyResponse.Outcome) => r.Outcome,
        nameof(SurveyResponse.DuplicateOfRow) => r.DuplicateOfRow,
        nameof(SurveyResponse.OrganisationName) => r.OrganisationName,
        nameof(SurveyResponse.InterventionName) => r.InterventionName,
        nameof(SurveyResponse.CompletedAt) => r.CompletedAt,
        nameof(SurveyResponse.RespondentName) => r.RespondentName,
        nameof(SurveyResponse.RespondentJobTitle) => r.RespondentJobTitle,
        nameof(SurveyResponse.RespondentEmail) => r.RespondentEmail,
        nameof(SurveyResponse.ConsentToPublish) => r.ConsentToPublish,
        nameof(SurveyResponse.ConsentToContact) => r.ConsentToContact,
        nameof(SurveyResponse.MatchedInterventionId) => r.MatchedInterventionId,
        nameof(SurveyResponse.PublishedInterventionId) => r.PublishedInterventionId,
        nameof(SurveyResponse.PublishedAt) => r.PublishedAt,
        _ => throw new InvalidOperationException($"The staging writer does not know the column {column.Name}; add it to {nameof(StagingWriter)}."),
    };

    private async Task<DbCommand> CreateAsync(int rows, CancellationToken ct)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var text = new System.Text.StringBuilder(insertPrefix);
        var n = 0;
        for (var r = 0; r < rows; r++)
        {
            text.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Count; c++)
            {
                var name = "p" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                text.Append(c == 0 ? "" : ", ").Append('@').Append(name);
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@" + name;
                parameter.DbType = DbTypeOf(columns[c]);
                command.Parameters.Add(parameter);
                n++;
            }
            text.Append(')');
        }
        command.CommandText = text.ToString();
        await command.PrepareAsync(ct);
        return command;
    }

    private static DbType DbTypeOf(IProperty column)
    {
        var type = Nullable.GetUnderlyingType(column.ClrType) ?? column.ClrType;
        return type == typeof(int) ? DbType.Int32
            : type == typeof(long) ? DbType.Int64
            : type == typeof(bool) ? DbType.Boolean
            : type == typeof(DateTime) ? DbType.DateTime2
            : DbType.String;
    }

    public async ValueTask DisposeAsync()
    {
        if (full is not null)
        {
            await full.DisposeAsync();
        }
    }
}
