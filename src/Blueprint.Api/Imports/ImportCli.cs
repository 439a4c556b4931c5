using Blueprint.Api.Hosting;
using Blueprint.Data;
using Blueprint.Data.Geography;
using Blueprint.Data.Persistence;
using Blueprint.Data.Vocabularies;
using Blueprint.Ingest.Commands;
using Blueprint.Ingest.Normalising;

namespace Blueprint.Api.Imports;

/// <summary>
/// Runs an ingest command (<c>import</c>, <c>imports</c>, <c>publish</c>, <c>survey-sample</c>; listed in the host's
/// command table, see Cli/Commands) with the server's configuration: database, data root, Places:PostcodeFile,
/// Imports:MaxFileBytes.
/// </summary>
public static class ImportCli
{
    public static async Task<int> RunAsync(IHost host, IngestCommands.Command command, string[] args)
    {
        // A dry run against a database that does not exist yet creates nothing: no file, no sample. It checks the
        // export against an empty directory (reference data only) held in memory for the run.
        var missing = command.Name == "import" && args.Contains("--dry-run") ? MissingSqliteFile(host) : null;
        await using var memory = missing is null ? null : new Microsoft.Data.Sqlite.SqliteConnection($"Data Source=dry-run-{Guid.NewGuid():N};Mode=Memory;Cache=Shared");
        if (memory is null)
        {
            await host.InitialiseDatabaseAsync(checkBoundaries: false);
        }
        using var scope = host.Services.CreateScope();
        var services = scope.ServiceProvider;
        var paths = services.GetRequiredService<DataPaths>();
        var configuration = services.GetRequiredService<IConfiguration>();
        var postcodeFile = configuration["Places:PostcodeFile"];
        await using var dryRunDb = memory is null ? null : await InMemoryAsync(memory, services);
        if (dryRunDb is not null)
        {
            Console.Out.WriteLine($"There is no database at {missing} yet: the dry run checks the file against an empty directory in memory.");
        }
        var context = new IngestContext(dryRunDb ?? services.GetRequiredService<BlueprintDb>(), services.GetRequiredService<AreaCatalog>(),
            services.GetRequiredService<VocabularyCatalog>(), paths.Root, Console.Out)
        {
            Locator = new Lazy<AreaLocator?>(services.GetRequiredService<AreaLocator>),
            Postcodes = string.IsNullOrWhiteSpace(postcodeFile) ? PostcodeDirectory.Empty
                : DataFiles.Load("Places:PostcodeFile", paths.Resolve(postcodeFile), PostcodeDirectory.Load),
            MaxFileBytes = configuration.GetValue<long?>("Imports:MaxFileBytes") ?? Blueprint.Ingest.Staging.ImportOptions.DefaultMaxFileBytes,
            KeepResponsesMonthsAfterClose = configuration.GetValue<int?>("Survey:KeepResponsesMonthsAfterClose") ?? IngestContext.DefaultKeepResponsesMonthsAfterClose,
        };
        // `dotnet run` may start in the project's folder: relative paths are read from the repository root then.
        string[] all = [command.Name, .. args];
        args = [.. args.Select((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && all[i] is "import" or "--report" or "--profile" or "suggest" or "--from" or "--out"
            && (a.Contains('/') || a.Contains('\\') || a.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || a.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            && !Path.IsPathRooted(a) && !File.Exists(a) ? Path.Combine(paths.Root, a) : a)];
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        return await command.Run(context, args, cancel.Token);
    }

    /// <summary>The SQLite file the settings name, when it does not exist yet (null when it does, or for SQL Server).</summary>
    private static string? MissingSqliteFile(IHost host)
    {
        var services = host.Services;
        if (services.GetRequiredService<DatabaseOptions>().Provider == DatabaseOptions.SqlServer)
        {
            return null;
        }
        var configuration = services.GetRequiredService<IConfiguration>();
        var connection = configuration.GetConnectionString("Blueprint") is { Length: > 0 } c ? c : DatabaseOptions.DefaultSqliteConnection;
        var source = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(services.GetRequiredService<DataPaths>().ResolveSqlite(connection));
        return source.Mode == Microsoft.Data.Sqlite.SqliteOpenMode.Memory || source.DataSource is ":memory:" or "" || File.Exists(source.DataSource)
            ? null : source.DataSource;
    }

    private static async Task<BlueprintDb> InMemoryAsync(Microsoft.Data.Sqlite.SqliteConnection memory, IServiceProvider services)
    {
        await memory.OpenAsync();
        var db = BlueprintDbFactory.Create(DatabaseOptions.Sqlite, memory.ConnectionString);
        await DatabaseSetup.MigrateAndSeedReferenceDataAsync(db, services.GetRequiredService<AreaCatalog>(), services.GetRequiredService<VocabularyCatalog>());
        return db;
    }
}
