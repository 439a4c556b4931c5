using Blueprint.Data;
using Blueprint.Data.Survey;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Blueprint.Ingest.Staging;

/// <summary>
/// Writes staged rows fast, inside the caller's transaction, with table and column names taken from
/// the EF model. EF's change tracker would cost several times as much per row. SQLite gets a
/// statement driven directly (<see cref="SqliteStagingWriter"/>); a server gets multi-row
/// parameterised INSERTs (<see cref="CommandStagingWriter"/>).
/// </summary>
internal abstract class StagingWriter : IAsyncDisposable
{
    protected StagingWriter(BlueprintDb db)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var entity = db.Model.FindEntityType(typeof(SurveyResponse))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        Columns = entity.GetProperties().Where(p => !p.IsPrimaryKey()).ToList();
        InsertPrefix = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", Columns.Select(c => sql.DelimitIdentifier(c.GetColumnName(table)!)))}) VALUES ";
    }

    public static StagingWriter Create(BlueprintDb db)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Staging must run inside a transaction.");
        }
        return db.Database.IsSqlite() ? new SqliteStagingWriter(db) : new CommandStagingWriter(db);
    }

    /// <summary>The SurveyResponses columns written, in statement order (all but the key).</summary>
    protected IReadOnlyList<IProperty> Columns { get; }

    /// <summary><c>INSERT INTO "SurveyResponses" (…) VALUES </c></summary>
    protected string InsertPrefix { get; }

    public int Written { get; protected set; }

    public abstract ValueTask AddAsync(StagedRow row, CancellationToken ct);

    /// <summary>Writes what is still held back (a server writer batches rows).</summary>
    public virtual ValueTask FlushAsync(CancellationToken ct) => ValueTask.CompletedTask;

    public abstract ValueTask DisposeAsync();
}
