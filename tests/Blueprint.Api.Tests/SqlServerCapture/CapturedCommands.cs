using System.Collections;
using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using IsolationLevel = System.Data.IsolationLevel;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Blueprint.Api.Tests.SqlServerCapture;

/// <summary>
/// Stands in for a SQL Server: the real SQL Server provider builds every command as it would for a server,
/// and this records its text and answers it, so no server is needed. Connections are never opened (opening
/// is suppressed), transactions are stand-ins, and each command is a <see cref="FakeCommand"/> whose answers
/// have the shape the provider reads back (see <see cref="FakeReader"/>).
/// </summary>
public sealed class CapturedCommands : IDbCommandInterceptor, IDbConnectionInterceptor, IDbTransactionInterceptor
{
    private readonly ConcurrentQueue<(string Request, string Sql)> commands = new();
    private int nextId = 100_000;

    /// <summary>The request being run (for reporting); commands outside a request (start-up, background work) carry "host".</summary>
    public AsyncLocal<string?> Request { get; } = new();

    public IReadOnlyList<(string Request, string Sql)> All => [.. commands];

    internal void Add(string sql) => commands.Enqueue((Request.Value ?? "host", sql));

    private readonly ConcurrentQueue<(string Request, string Sql, string Refusal)> refusals = new();

    /// <summary>Every parameter of a captured command that SqlClient would refuse (<see cref="SqlClientChecks"/>).</summary>
    public IReadOnlyList<(string Request, string Sql, string Refusal)> Refusals => [.. refusals];

    /// <summary>How many parameters were checked.</summary>
    public int ParametersChecked => parametersChecked;

    private int parametersChecked;

    internal void Check(SqlCommand command, string sql, bool prepared)
    {
        Interlocked.Add(ref parametersChecked, command.Parameters.Count);
        foreach (var refusal in SqlClientChecks.Refusals(command, prepared))
        {
            refusals.Enqueue((Request.Value ?? "host", sql, refusal));
        }
    }

    internal int NextId() => Interlocked.Increment(ref nextId);

    /// <summary>The tables answered with real rows (the vocabularies, the staged answers a publish takes).</summary>
    internal StandInTables Tables { get; } = new();

    public InterceptionResult<DbCommand> CommandCreating(CommandCorrelatedEventData eventData, InterceptionResult<DbCommand> result) =>
        InterceptionResult<DbCommand>.SuppressWithResult(new FakeCommand(this));

    /// <summary>
    /// The connection itself is a stand-in too, so that code writing its own commands on EF's connection (the survey
    /// staging writer's prepared multi-row INSERTs) is recorded and answered like EF's commands.
    /// </summary>
    public InterceptionResult<DbConnection> ConnectionCreating(ConnectionCreatingEventData eventData, InterceptionResult<DbConnection> result) =>
        InterceptionResult<DbConnection>.SuppressWithResult(new FakeConnection(this, eventData.ConnectionString ?? ""));

    public InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        InterceptionResult.Suppress();

    public ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(InterceptionResult.Suppress());

    public InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        InterceptionResult.Suppress();

    public ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        ValueTask.FromResult(InterceptionResult.Suppress());

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result) =>
        InterceptionResult<DbTransaction>.SuppressWithResult(new FakeTransaction(connection, eventData.IsolationLevel));

    public ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(TransactionStarting(connection, eventData, result));

    // Savepoints are made on the connection's own command type: nothing to record (SAVE TRANSACTION), nothing to run.
    public InterceptionResult CreatingSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result) => InterceptionResult.Suppress();

    public ValueTask<InterceptionResult> CreatingSavepointAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(InterceptionResult.Suppress());

    public InterceptionResult ReleasingSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result) => InterceptionResult.Suppress();

    public ValueTask<InterceptionResult> ReleasingSavepointAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(InterceptionResult.Suppress());

    public InterceptionResult RollingBackToSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result) => InterceptionResult.Suppress();

    public ValueTask<InterceptionResult> RollingBackToSavepointAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(InterceptionResult.Suppress());

    /// <summary>A command that records its text and answers without a server.</summary>
    private sealed class FakeCommand(CapturedCommands log) : DbCommand
    {
        // A real SqlParameterCollection, so the provider's SqlParameter settings (types, sizes) apply as for a server.
        private readonly SqlCommand holder = new();

        [System.Diagnostics.CodeAnalysis.AllowNull]
        public override string CommandText { get; set; } = "";
        public override int CommandTimeout { get; set; }
        public override CommandType CommandType { get; set; }
        public override bool DesignTimeVisible { get; set; }
        public override UpdateRowSource UpdatedRowSource { get; set; }
        protected override DbConnection? DbConnection { get; set; }
        protected override DbParameterCollection DbParameterCollection => holder.Parameters;
        protected override DbTransaction? DbTransaction { get; set; }

        public override void Cancel()
        {
        }

        public override void Prepare() => prepared = true;

        private bool prepared;

        protected override DbParameter CreateDbParameter() => new SqlParameter();

        public override int ExecuteNonQuery()
        {
            log.Add(CommandText);
            log.Check(holder, CommandText, prepared);
            return Shape.Of(CommandText, log.Tables, holder.Parameters).RecordsAffected is var n and >= 0 ? n : 0;
        }

        public override object? ExecuteScalar()
        {
            log.Add(CommandText);
            log.Check(holder, CommandText, prepared);
            return 1;
        }

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
        {
            log.Add(CommandText);
            log.Check(holder, CommandText, prepared);
            return new FakeReader(Shape.Of(CommandText, log.Tables, holder.Parameters), log);
        }

        protected override void Dispose(bool disposing)
        {
            holder.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>A connection that is always open and makes <see cref="FakeCommand"/>s.</summary>
    private sealed class FakeConnection(CapturedCommands log, string connectionString) : DbConnection
    {
        [System.Diagnostics.CodeAnalysis.AllowNull]
        public override string ConnectionString { get; set; } = connectionString;
        public override string Database => "Blueprint";
        public override string DataSource => "capture.invalid";
        public override string ServerVersion => "13.00.0000";
        public override ConnectionState State => ConnectionState.Open;

        public override void ChangeDatabase(string databaseName)
        {
        }

        public override void Close()
        {
        }

        public override void Open()
        {
        }

        protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => new FakeTransaction(this, isolationLevel);

        protected override DbCommand CreateDbCommand() => new FakeCommand(log) { Connection = this };
    }

    private sealed class FakeTransaction(DbConnection connection, IsolationLevel level) : DbTransaction
    {
        public override IsolationLevel IsolationLevel => level;
        protected override DbConnection DbConnection => connection;
        public override bool SupportsSavepoints => true;

        public override void Commit()
        {
        }

        public override void Rollback()
        {
        }

        public override void Save(string savepointName)
        {
        }

        public override void Rollback(string savepointName)
        {
        }

        public override void Release(string savepointName)
        {
        }
    }

    /// <summary>What a batch answers: one result per statement that returns rows, and how many rows it changes.</summary>
    internal sealed record Shape(IReadOnlyList<Result> Results, int RecordsAffected)
    {
        public static Shape Of(string sql, StandInTables tables, SqlParameterCollection? parameters = null)
        {
            var fragment = new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out var errors);
            if (errors.Count > 0 || fragment is not TSqlScript script)
            {
                return new Shape([new Result(1, Enumerable.Repeat("", 64).ToArray(), -1, false)], -1);
            }
            var results = new List<Result>();
            var affected = -1;
            foreach (var statement in script.Batches.SelectMany(b => b.Statements))
            {
                var (rows, output) = statement switch
                {
                    InsertStatement i => (i.InsertSpecification.InsertSource is ValuesInsertSource v ? v.RowValues.Count : 1, i.InsertSpecification.OutputClause),
                    UpdateStatement u => (1, u.UpdateSpecification.OutputClause),
                    DeleteStatement d => (1, d.DeleteSpecification.OutputClause),
                    MergeStatement m => (m.MergeSpecification.TableReference is InlineDerivedTable t ? t.RowValues.Count : 1, m.MergeSpecification.OutputClause),
                    _ => (0, null),
                };
                if (statement is InsertStatement or UpdateStatement or DeleteStatement or MergeStatement)
                {
                    affected = Math.Max(affected, 0) + rows;
                    if (output is not null)
                    {
                        var names = Names(output.SelectColumns);
                        results.Add(new Result(rows, names, Array.IndexOf(names, "_Position"), true));
                    }
                }
                else if (statement is SelectStatement { Into: null } select)
                {
                    var names = Names(First(select.QueryExpression)?.SelectElements ?? []);
                    // A look-up of what must not exist yet (an earlier import of the same file, a round of the same name) finds
                    // none: no row, or for EXISTS (an unnamed CASE) one row that says false.
                    var none = StandInTables.FindsNone(sql) || StandInTables.PageAfterFirst(sql, parameters);
                    results.Add(none && names.Any(n => n.Length > 0) ? new Result(0, names, -1, false)
                        : !none && tables.For(sql, names) is { } table ? new Result(table.Count, names, -1, false, table)
                        : new Result(1, names, -1, false, Exists: !none));
                }
            }
            return new Shape(results, affected);
        }

        private static QuerySpecification? First(QueryExpression query) => query switch
        {
            QuerySpecification q => q,
            BinaryQueryExpression b => First(b.FirstQueryExpression),
            QueryParenthesisExpression p => First(p.QueryExpression),
            _ => null,
        };

        /// <summary>
        /// Each selected column's name: the column it reads (EF renames a second column of the same name, <c>[i].[Name] AS [Name0]</c>),
        /// else its alias; "" for an expression.
        /// </summary>
        private static string[] Names(IEnumerable<SelectElement> elements) => [.. elements.Select(e => e switch
        {
            SelectScalarExpression { Expression: ColumnReferenceExpression r } when r.MultiPartIdentifier is { } id => id.Identifiers[^1].Value,
            SelectScalarExpression { ColumnName.Value: { } alias } => alias,
            _ => "",
        })];
    }

    /// <summary>
    /// A result set: its rows and columns; <c>Position</c> is the <c>_Position</c> column of a batched insert; <c>Generated</c> for OUTPUT
    /// (new keys); <c>Table</c>, when given, holds each row's values by column name (<see cref="StandInTables"/>).
    /// </summary>
    internal sealed record Result(int Rows, string[] Names, int Position, bool Generated, IReadOnlyList<IReadOnlyDictionary<string, object?>>? Table = null, bool Exists = true)
    {
        public int Columns => Names.Length;
    }

    /// <summary>
    /// Rows with plausible values of whatever type the provider asks for: keys from a counter for OUTPUT
    /// (so new entities get distinct keys), 1 for numbers read back by queries, <c>[]</c> for text (a valid
    /// JSON list, as list columns hold), nulls wherever the provider asks whether a value is null.
    /// </summary>
    private sealed class FakeReader(Shape shape, CapturedCommands log) : DbDataReader
    {
        private int result;
        private int row = -1;

        private Result? Current => result < shape.Results.Count ? shape.Results[result] : null;

        public override int FieldCount => Current?.Columns ?? 0;
        public override int RecordsAffected => shape.RecordsAffected;
        public override bool HasRows => Current is { Rows: > 0 };
        public override bool IsClosed => false;
        public override int Depth => 0;
        public override object this[int ordinal] => GetValue(ordinal);
        public override object this[string name] => GetValue(0);

        public override bool Read() => Current is { } r && ++row < r.Rows;

        public override bool NextResult()
        {
            result++;
            row = -1;
            return Current is not null;
        }

        // A batched insert's _Position is the row's place; a new key is fresh; OUTPUT 1 (a row changed) and anything read back is 1.
        private int Number(int ordinal) => Current is { } r && ordinal == r.Position ? row
            : Current is { Generated: true } && Name(ordinal) == "Id" ? log.NextId() : 1;

        /// <summary>Columns whose value would end a listing, venue, token or import's life: null, so that it is still alive.</summary>
        private static readonly HashSet<string> Absent = new(StringComparer.OrdinalIgnoreCase)
        {
            "ClosedAt", "DeletedAt", "RevokedAt", "PublishedAt", "ConsumedAt", "AcceptedAt", "UsedAt", "LockoutEnd", "ResolvedAt", "DecidedAt", "RejectedAt",
            "PublishedInterventionId", "ErasedAt",
            // Optional fields whose stand-in text or date would break the listing rules (an ongoing funding with an end date,
            // "[]" as a phone number), which an approved change checks on the whole listing.
            "FundingEnds", "ReferralPhone", "ReferralEmail", "ReferralUrl",
        };

        /// <summary>Text that passes the API's checks for the columns that hold a code.</summary>
        private static readonly Dictionary<string, string> Codes = new(StringComparer.OrdinalIgnoreCase)
        {
            ["Status"] = "active", ["Visibility"] = "exact", ["AreaCode"] = "W06000015", ["Code"] = "W06000015", ["Kind"] = "local-authority",
            ["Outcome"] = "accepted", ["Gender"] = "men", ["Format"] = "group", ["Evaluation"] = "none", ["FundingStatus"] = "ongoing",
            ["Type"] = "specialist-third-sector", ["Language"] = "en", ["Email"] = "capture@example.org", ["Postcode"] = "CF10 1AA",
            // Every organisation and listing has the same name, which the staged survey answers name (StandInTables).
            ["Name"] = StandInTables.ExistingName,
            // A queued change: pending, to a listing, a delta its rules accept.
            ["State"] = "pending", ["EntityType"] = "intervention", ["Operation"] = "update", ["Payload"] = """{"Name":"Approved change","WaitingTimeWeeks":5}""",
        };

        private string Name(int ordinal) => Current is { } r && ordinal < r.Names.Length ? r.Names[ordinal] : "";

        /// <summary>The stand-in table's value of this column in this row, if the result has a table that holds it.</summary>
        private bool Stored(int ordinal, out object? value)
        {
            value = null;
            return Current is { Table: { } table } && row >= 0 && row < table.Count && table[row].TryGetValue(Name(ordinal), out value);
        }

        public override bool IsDBNull(int ordinal) => Stored(ordinal, out var value) ? value is null
            : Current is not { Generated: true } && Absent.Contains(Name(ordinal));
        // EXISTS / Any() (an unnamed CASE) is true, so lookups find what they look for; flags are false, except that
        // organisations' edits wait for approval (a provider's change is queued; an administrator's is not).
        public override bool GetBoolean(int ordinal) => Stored(ordinal, out var value) ? (bool)value!
            : Name(ordinal) is "" ? Current?.Exists ?? true : Name(ordinal) is "ConsentToPublish" or "EditsWaitForApproval";
        public override byte GetByte(int ordinal) => 1;
        public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => 0;
        public override char GetChar(int ordinal) => 'x';
        public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => 0;
        public override string GetDataTypeName(int ordinal) => "sql_variant";
        public override DateTime GetDateTime(int ordinal) => Stored(ordinal, out var value) ? (DateTime)value! : new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        public override decimal GetDecimal(int ordinal) => 1;
        public override double GetDouble(int ordinal) => Name(ordinal) switch { "Latitude" => 51.48, "Longitude" => -3.18, _ => 1 };
        public override Type GetFieldType(int ordinal) => typeof(object);
        public override float GetFloat(int ordinal) => 1;
        public override Guid GetGuid(int ordinal) => Guid.NewGuid();
        public override short GetInt16(int ordinal) => (short)Number(ordinal);
        public override int GetInt32(int ordinal) => Stored(ordinal, out var value) ? Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) : Number(ordinal);
        public override long GetInt64(int ordinal) => Stored(ordinal, out var value) ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : Number(ordinal);
        public override string GetName(int ordinal) => $"c{ordinal}";
        public override int GetOrdinal(string name) => 0;
        public override string GetString(int ordinal) => Stored(ordinal, out var value) ? (string)value! : Codes.GetValueOrDefault(Name(ordinal), "[]");
        public override object GetValue(int ordinal) => Number(ordinal);

        public override int GetValues(object[] values)
        {
            for (var i = 0; i < Math.Min(values.Length, FieldCount); i++)
            {
                values[i] = GetValue(i);
            }
            return Math.Min(values.Length, FieldCount);
        }

        public override T GetFieldValue<T>(int ordinal) => (T)(object)(typeof(T) switch
        {
            var t when t == typeof(int) => GetInt32(ordinal),
            var t when t == typeof(long) => GetInt64(ordinal),
            var t when t == typeof(short) => GetInt16(ordinal),
            var t when t == typeof(byte) => GetByte(ordinal),
            var t when t == typeof(bool) => GetBoolean(ordinal),
            var t when t == typeof(string) => GetString(ordinal),
            var t when t == typeof(DateTime) => GetDateTime(ordinal),
            var t when t == typeof(DateTimeOffset) => new DateTimeOffset(GetDateTime(ordinal)),
            var t when t == typeof(DateOnly) => new DateOnly(2026, 1, 1),
            var t when t == typeof(TimeOnly) => new TimeOnly(9, 0),
            var t when t == typeof(TimeSpan) => TimeSpan.FromHours(9),
            var t when t == typeof(decimal) => GetDecimal(ordinal),
            var t when t == typeof(double) => GetDouble(ordinal),
            var t when t == typeof(float) => GetFloat(ordinal),
            var t when t == typeof(Guid) => GetGuid(ordinal),
            var t when t == typeof(byte[]) => new byte[8],
            var t when t == typeof(char) => GetChar(ordinal),
            _ => GetValue(ordinal),
        });

        public override IEnumerator GetEnumerator() => Array.Empty<object>().GetEnumerator();
    }
}
