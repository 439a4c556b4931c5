using Microsoft.EntityFrameworkCore;

namespace Blueprint.Data.Persistence;

/// <summary>Configuration section <c>Database</c>; the connection string is <c>ConnectionStrings:Blueprint</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string Sqlite = "Sqlite";
    public const string SqlServer = "SqlServer";

    /// <summary><c>Sqlite</c> (the embedded default) or <c>SqlServer</c> (production).</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>Load data/sample/directory.json into an empty database on start.</summary>
    public bool SeedSampleData { get; set; } = true;

    /// <summary>Optional: a sample directory file to seed from instead of data/sample/directory.json (benchmarks).</summary>
    public string? SampleFile { get; set; }

    /// <summary>The oldest SQL Server the queries are written for: 130 is SQL Server 2016 (Azure SQL is newer).</summary>
    public const int SqlServerCompatibilityLevel = 130;

    /// <summary>The default SQLite file, relative to the working folder.</summary>
    public const string DefaultSqliteConnection = "Data Source=local-data/blueprint.db";
}

public static class BlueprintDbFactory
{
    /// <summary>Configures a context for the chosen provider, with that provider's migrations.</summary>
    public static BlueprintDb Create(string provider, string connectionString) => provider switch
    {
        DatabaseOptions.SqlServer => new SqlServerBlueprintDb(Options<SqlServerBlueprintDb>(provider, connectionString)),
        _ => new SqliteBlueprintDb(Options<SqliteBlueprintDb>(provider, connectionString)),
    };

    public static DbContextOptions<T> Options<T>(string provider, string connectionString) where T : DbContext =>
        (DbContextOptions<T>)Configure(new DbContextOptionsBuilder<T>(), provider, connectionString).Options;

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, string provider, string connectionString)
    {
        switch (provider)
        {
            case DatabaseOptions.Sqlite:
                EnsureSqliteFolder(connectionString);
                builder.UseSqlite(connectionString, o => o.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery));
                break;
            case DatabaseOptions.SqlServer:
                // SQL Server 2016 (compatibility level 130) or later, and Azure SQL: EF emits no syntax newer than that.
                builder.UseSqlServer(connectionString, o => o.EnableRetryOnFailure().UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery)
                    .UseCompatibilityLevel(DatabaseOptions.SqlServerCompatibilityLevel));
                break;
            default:
                throw new InvalidOperationException($"Database:Provider must be '{DatabaseOptions.Sqlite}' or '{DatabaseOptions.SqlServer}', not '{provider}'.");
        }
        builder.AddInterceptors(PrimitiveCollectionProjection.Instance);
        return builder;
    }

    private static void EnsureSqliteFolder(string connectionString)
    {
        var source = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(source));
        if (!string.IsNullOrEmpty(source) && source != ":memory:" && folder is not null)
        {
            System.IO.Directory.CreateDirectory(folder);
        }
    }
}
