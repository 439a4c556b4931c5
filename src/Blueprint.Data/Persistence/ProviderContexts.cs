using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Blueprint.Data.Persistence;

/// <summary>The embedded default: a SQLite file, migrations in Migrations/Sqlite.</summary>
public sealed class SqliteBlueprintDb(DbContextOptions<SqliteBlueprintDb> options) : BlueprintDb(options);

/// <summary>The production provider: SQL Server, migrations in Migrations/SqlServer.</summary>
public sealed class SqlServerBlueprintDb(DbContextOptions<SqlServerBlueprintDb> options) : BlueprintDb(options);

/// <summary>Lets <c>dotnet ef</c> build the SQLite model without the web host.</summary>
public sealed class SqliteDesignFactory : IDesignTimeDbContextFactory<SqliteBlueprintDb>
{
    public SqliteBlueprintDb CreateDbContext(string[] args) =>
        new(BlueprintDbFactory.Options<SqliteBlueprintDb>(DatabaseOptions.Sqlite, "Data Source=design.db"));
}

/// <summary>Lets <c>dotnet ef</c> build the SQL Server model and migrations with no server listening.</summary>
public sealed class SqlServerDesignFactory : IDesignTimeDbContextFactory<SqlServerBlueprintDb>
{
    public SqlServerBlueprintDb CreateDbContext(string[] args) =>
        new(BlueprintDbFactory.Options<SqlServerBlueprintDb>(DatabaseOptions.SqlServer, "Server=(local);Database=Blueprint;Trusted_Connection=True;TrustServerCertificate=True"));
}
