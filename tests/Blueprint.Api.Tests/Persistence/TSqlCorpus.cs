using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Blueprint.Api.Tests.Persistence;

/// <summary>
/// Reads SQL Server scripts and statements with Microsoft's own T-SQL parser at compatibility level 130
/// (SQL Server 2016, the oldest the product supports), so syntax a 2016 server would refuse fails the
/// test. Learns the tables and columns a migration script creates, then checks that other statements
/// name only those.
/// </summary>
public sealed class TSqlCorpus
{
    private readonly Dictionary<string, HashSet<string>> tables = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyDictionary<string, HashSet<string>> Tables => tables;

    /// <summary>Parse errors, as "line:column message" (none expected).</summary>
    public static IReadOnlyList<string> Errors(string sql, out TSqlFragment fragment)
    {
        fragment = new TSql130Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out var errors);
        return [.. errors.Select(e => $"{e.Line}:{e.Column} {e.Message}")];
    }

    /// <summary>Learns a migration script: its tables and columns, including those in dynamic SQL (<c>EXEC(N'…')</c>).</summary>
    public IReadOnlyList<string> LearnSchema(string script)
    {
        var errors = Errors(script, out var fragment).ToList();
        var schema = new SchemaVisitor(tables);
        fragment.Accept(schema);
        foreach (var dynamic in schema.DynamicSql)
        {
            errors.AddRange(LearnSchema(dynamic));
        }
        return errors;
    }

    /// <summary>Tables and columns a statement names that the learnt schema lacks (columns are checked against the tables the statement uses).</summary>
    public IReadOnlyList<string> Unknown(TSqlFragment statement)
    {
        var references = new ReferenceVisitor();
        statement.Accept(references);
        var unknown = references.Tables.Where(t => !tables.ContainsKey(t) && !references.Aliases.Contains(t)).Select(t => $"table {t}").ToList();
        var columns = references.Tables.Where(tables.ContainsKey).SelectMany(t => tables[t]).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (!references.ReadsSystemViews)
        {
            unknown.AddRange(references.Columns.Where(c => !columns.Contains(c) && !references.Aliases.Contains(c)).Select(c => $"column {c}"));
        }
        return unknown;
    }

    private sealed class SchemaVisitor(Dictionary<string, HashSet<string>> tables) : TSqlFragmentVisitor
    {
        public List<string> DynamicSql { get; } = [];

        public override void Visit(CreateTableStatement node)
        {
            var columns = Table(node.SchemaObjectName);
            foreach (var column in node.Definition.ColumnDefinitions)
            {
                columns.Add(column.ColumnIdentifier.Value);
            }
        }

        public override void Visit(AlterTableAddTableElementStatement node)
        {
            var columns = Table(node.SchemaObjectName);
            foreach (var column in node.Definition.ColumnDefinitions)
            {
                columns.Add(column.ColumnIdentifier.Value);
            }
        }

        public override void Visit(ExecuteStatement node)
        {
            if (node.ExecuteSpecification.ExecutableEntity is ExecutableStringList list)
            {
                DynamicSql.Add(string.Concat(list.Strings.OfType<StringLiteral>().Select(s => s.Value)));
            }
        }

        private HashSet<string> Table(SchemaObjectName name)
        {
            if (!tables.TryGetValue(name.BaseIdentifier.Value, out var columns))
            {
                tables[name.BaseIdentifier.Value] = columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            }
            return columns;
        }
    }

    private sealed class ReferenceVisitor : TSqlFragmentVisitor
    {
        public HashSet<string> Tables { get; } = new(StringComparer.OrdinalIgnoreCase);
        /// <summary>The statement reads the catalogue (sys.*): its columns are the server's, not the migration's (EF's IDENTITY_INSERT guard).</summary>
        public bool ReadsSystemViews { get; set; }
        public HashSet<string> Columns { get; } = new(StringComparer.OrdinalIgnoreCase);
        /// <summary>Names a statement gives itself (column aliases, OPENJSON's WITH columns), which are not schema columns.</summary>
        public HashSet<string> Aliases { get; } = new(StringComparer.OrdinalIgnoreCase);

        public override void Visit(NamedTableReference node)
        {
            // Temporary tables, table variables and CTE names are not schema tables.
            var name = node.SchemaObject.BaseIdentifier.Value;
            if (!name.StartsWith('#') && node.SchemaObject.SchemaIdentifier is null or { Value: "dbo" })
            {
                Tables.Add(name);
            }
            ReadsSystemViews |= node.SchemaObject.SchemaIdentifier?.Value is "sys" or "INFORMATION_SCHEMA";
        }

        public override void Visit(CommonTableExpression node) => Aliases.Add(node.ExpressionName.Value);

        // UPDATE [d] … FROM [DataVersion] AS [d]: the target names the alias, not a table.
        public override void Visit(TableReferenceWithAlias node)
        {
            if (node.Alias?.Value is { } alias)
            {
                Aliases.Add(alias);
            }
        }

        // MERGE … USING (VALUES …) AS i ([At], …, _Position): EF's batched inserts name the derived table's columns.
        public override void Visit(TableReferenceWithAliasAndColumns node)
        {
            foreach (var column in node.Columns)
            {
                Aliases.Add(column.Value);
            }
        }

        public override void Visit(SelectScalarExpression node)
        {
            if (node.ColumnName?.Value is { } alias)
            {
                Aliases.Add(alias);
            }
        }

        public override void Visit(SchemaDeclarationItemOpenjson node) => Aliases.Add(node.ColumnDefinition.ColumnIdentifier.Value);

        public override void Visit(ColumnReferenceExpression node)
        {
            if (node.ColumnType == ColumnType.Regular && node.MultiPartIdentifier?.Identifiers is { Count: > 0 } parts)
            {
                Columns.Add(parts[^1].Value);
            }
        }
    }
}
