using Blueprint.Data;
using Blueprint.Data.Geography;
using Blueprint.Data.Persistence;
using Blueprint.Data.Sample;
using Blueprint.Data.Vocabularies;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Hosting;

/// <summary>Where the reference data lives: <c>Data:Root</c> (default: the repository's data/ folder's parent).</summary>
public sealed record DataPaths(string Root, string Boundaries)
{
    public string Areas => Path.Combine(Root, "data", "areas.json");
    public string Vocabularies => Path.Combine(Root, "data", "vocabularies.json");
    public string SampleDirectory => Path.Combine(Root, "data", "sample", "directory.json");

    /// <summary>A relative SQLite file is kept under the repository (local-data/ by default), wherever the command runs.</summary>
    public string ResolveSqlite(string connectionString)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } source && source != ":memory:" && !Path.IsPathRooted(source)
            && builder.Mode != Microsoft.Data.Sqlite.SqliteOpenMode.Memory)
        {
            builder.DataSource = Path.Combine(Root, source);
        }
        return builder.ToString();
    }

    /// <summary>A relative path taken from the repository root.</summary>
    public string Resolve(string path) => Path.GetFullPath(Path.Combine(Root, path));

    public static DataPaths From(IConfiguration config)
    {
        var root = config["Data:Root"] is { Length: > 0 } r ? Path.GetFullPath(r) : DataFiles.DefaultRoot();
        var boundaries = config["Geography:BoundariesPath"] is { Length: > 0 } b ? b : DataFiles.DefaultBoundaries;
        return new DataPaths(root, Path.GetFullPath(Path.Combine(root, boundaries)));
    }
}

public static class DataRegistration
{
    public static void AddBlueprintData(this IHostApplicationBuilder builder) => AddBlueprintData(builder.Services, builder.Configuration);

    public static void AddBlueprintData(IServiceCollection services, IConfiguration config)
    {
        var paths = DataPaths.From(config);
        var database = config.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connection = config.GetConnectionString("Blueprint") is { Length: > 0 } c ? c : DatabaseOptions.DefaultSqliteConnection;
        if (database.Provider != DatabaseOptions.SqlServer)
        {
            connection = paths.ResolveSqlite(connection);
        }
        services.AddSingleton(database);
        if (database.Provider == DatabaseOptions.SqlServer)
        {
            services.AddDbContextPool<BlueprintDb, SqlServerBlueprintDb>(o => BlueprintDbFactory.Configure(o, database.Provider, connection));
        }
        else
        {
            services.AddDbContextPool<BlueprintDb, SqliteBlueprintDb>(o => BlueprintDbFactory.Configure(o, DatabaseOptions.Sqlite, connection));
        }

        services.AddSingleton(paths);
        services.AddSingleton(_ => DataFiles.Load("Data:Root", paths.Areas, AreaCatalog.Load));
        services.AddSingleton(_ => DataFiles.Load("Data:Root", paths.Vocabularies, VocabularyCatalog.Load));
        services.AddSingleton(sp => new AreaLocator(sp.GetRequiredService<AreaCatalog>(),
            DataFiles.Load("Geography:BoundariesPath", paths.Boundaries, Boundaries.LoadLocalAuthorities)));
        services.AddSingleton<Blueprint.Api.Geography.AreaShapes>();
        services.AddSingleton<Blueprint.Api.Geography.AreaBoundaries>();
        services.AddHostedService<Blueprint.Api.Geography.GeographyWarmUp>();
    }

    /// <summary>
    /// Starts, on a thread of its own, what the first use of the database needs: EF Core's model (about half a second of
    /// work that the first use of a context would otherwise do) and the areas with their boundaries. The main thread
    /// maps the routes meanwhile and finds both built in <see cref="InitialiseDatabaseAsync"/>, or waits there for
    /// them. A failure is left to the main thread, which repeats the work and stops the start with the error.
    /// </summary>
    public static void BeginDatabaseWarmUp(this IHost app) => _ = Task.Factory.StartNew(() =>
    {
        try
        {
            using var scope = app.Services.CreateScope();
            _ = scope.ServiceProvider.GetRequiredService<BlueprintDb>().Model;
            app.Services.GetRequiredService<AreaLocator>();
        }
        catch (Exception)
        {
            // Reported by InitialiseDatabaseAsync.
        }
    }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default); // its own thread: the pool's two are busy with the EDM models

    /// <summary>Migrates, brings reference data in line and, on an empty directory, loads the sample.</summary>
    /// <param name="checkBoundaries">Load the boundary file now, so that a bad one stops the server at start (the ingest commands load it only to publish).</param>
    public static async Task InitialiseDatabaseAsync(this IHost app, bool checkBoundaries = true)
    {
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Blueprint.Database");
        var db = services.GetRequiredService<BlueprintDb>();
        if (checkBoundaries)
        {
            services.GetRequiredService<AreaLocator>(); // fail fast on a bad boundary file
        }
        var changed = await DatabaseSetup.MigrateAndSeedReferenceDataAsync(db, services.GetRequiredService<AreaCatalog>(), services.GetRequiredService<VocabularyCatalog>());
        logger.LogInformation("Database ready ({Provider}); {Changed} reference rows added or updated", db.Database.ProviderName, changed);

        var paths = services.GetRequiredService<DataPaths>();
        var options = services.GetRequiredService<DatabaseOptions>();
        // The shipped sample is optional (a deployment may delete it); a sample file named in the settings is not.
        var named = options.SampleFile is { Length: > 0 };
        var sample = named ? paths.Resolve(options.SampleFile!) : paths.SampleDirectory;
        if (options.SeedSampleData && (named || File.Exists(sample)) && !await db.Organisations.AnyAsync())
        {
            var added = await DataFiles.Load(named ? "Database:SampleFile" : "Database:SeedSampleData", sample, SampleDirectory.Load).SeedAsync(db);
            logger.LogInformation("Loaded {Count} synthetic sample interventions from {Path}", added, sample);
        }
    }
}
