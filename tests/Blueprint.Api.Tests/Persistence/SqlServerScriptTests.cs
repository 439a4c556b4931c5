using Blueprint.Api.Interventions;
using Blueprint.Data.Geography;
using Blueprint.Data.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Blueprint.Api.Tests.Persistence;

/// <summary>
/// The SQL Server migration script and the SQL of the project's queries, parsed by Microsoft's T-SQL
/// parser for SQL Server 2016 (compatibility level 130): no server is needed to find a statement a
/// server would refuse, or a query naming a column no migration creates.
/// </summary>
public sealed class SqlServerScriptTests
{
    private static SqlServerBlueprintDb Db() => (SqlServerBlueprintDb)BlueprintDbFactory.Create(DatabaseOptions.SqlServer, "Server=localhost;Database=Blueprint;Trusted_Connection=True;TrustServerCertificate=True");

    private static TSqlCorpus Schema()
    {
        using var db = Db();
        var corpus = new TSqlCorpus();
        Assert.Empty(corpus.LearnSchema(db.GetService<IMigrator>().GenerateScript()));
        return corpus;
    }

    [Fact]
    public void The_whole_migration_script_parses_as_SQL_Server_2016_in_both_forms()
    {
        using var db = Db();
        var migrator = db.GetService<IMigrator>();
        Assert.Empty(TSqlCorpus.Errors(migrator.GenerateScript(), out _));
        Assert.Empty(TSqlCorpus.Errors(migrator.GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent), out _));
    }

    [Fact]
    public void The_schema_learnt_from_the_script_has_every_table_and_column_of_the_model()
    {
        var schema = Schema();
        using var db = Db();
        foreach (var entity in db.Model.GetEntityTypes().Where(e => e.GetTableName() is not null))
        {
            var table = entity.GetTableName()!;
            Assert.True(schema.Tables.ContainsKey(table), $"no CREATE TABLE for {table}");
            var store = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(table, entity.GetSchema());
            foreach (var property in entity.GetProperties())
            {
                var column = property.GetColumnName(store);
                Assert.True(column is null || schema.Tables[table].Contains(column), $"{table}.{column} is not created by the migrations");
            }
        }
    }

    [Fact]
    public void The_queries_use_no_syntax_newer_than_2016_and_name_only_columns_that_exist()
    {
        var schema = Schema();
        using var db = Db();
        var box = Spatial.BoundingBox(51.48, -3.18, 10);
        var queries = new Dictionary<string, string>
        {
            ["region search"] = InterventionsController.InArea(db, ["W06000001", "W06000002"]).ToQueryString(),
            ["distance prefilter"] = DistanceSearch.VenuesInBox(db.Venues, box, ["W06000015"]).ToQueryString(),
            // A primitive collection (a list of codes) filtered in SQL: OPENJSON needs level 130.
            ["purpose filter"] = db.Interventions.Where(i => i.Purposes.Contains("behaviour-change")).Select(i => i.Id).ToQueryString(),
        };
        foreach (var (name, text) in queries)
        {
            // ToQueryString ends a split query's SQL with a note in English: not SQL.
            var note = text.IndexOf("\n\nThis LINQ query is being executed in split-query mode", StringComparison.Ordinal);
            var sql = note < 0 ? text : text[..note];
            Assert.True(TSqlCorpus.Errors(sql, out var fragment) is { Count: 0 }, $"{name} does not parse:\n{sql}");
            var unknown = schema.Unknown(fragment);
            Assert.True(unknown.Count == 0, $"{name} names {string.Join(", ", unknown)}:\n{sql}");
        }
    }

    [Fact]
    public void The_check_finds_a_column_the_migrations_never_created_so_it_can_fail()
    {
        var schema = Schema();
        Assert.Empty(TSqlCorpus.Errors("SELECT [i].[NoSuchColumn] FROM [Interventions] AS [i]", out var fragment));
        Assert.Equal(["column NoSuchColumn"], schema.Unknown(fragment));
        Assert.NotEmpty(TSqlCorpus.Errors("SELECT 1 FROM [Interventions] AS [i] WHERE [i].[Id] = 1 ORDER BY 1 OFFSET", out _));
    }

    [Fact]
    public void The_SQL_Server_context_is_pinned_to_compatibility_level_130()
    {
        using var db = Db();
        // OPENJSON arrived with level 130; a lower level would make EF translate lists differently, a higher one would allow newer syntax.
        var sql = db.Interventions.Where(i => i.Purposes.Contains("x")).ToQueryString();
        Assert.Contains("OPENJSON", sql);
        Assert.Equal(130, DatabaseOptions.SqlServerCompatibilityLevel);
    }
}
