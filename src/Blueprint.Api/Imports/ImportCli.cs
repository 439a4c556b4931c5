using Blueprint.Api.Hosting;
using Blueprint.Data;
using Blueprint.Data.Geography;
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
        await host.InitialiseDatabaseAsync(checkBoundaries: false);
        using var scope = host.Services.CreateScope();
        var services = scope.ServiceProvider;
        var paths = services.GetRequiredService<DataPaths>();
        var configuration = services.GetRequiredService<IConfiguration>();
        var postcodeFile = configuration["Places:PostcodeFile"];
        var context = new IngestContext(services.GetRequiredService<BlueprintDb>(), services.GetRequiredService<AreaCatalog>(),
            services.GetRequiredService<VocabularyCatalog>(), paths.Root, Console.Out)
        {
            Locator = new Lazy<AreaLocator?>(services.GetRequiredService<AreaLocator>),
            Postcodes = string.IsNullOrWhiteSpace(postcodeFile) ? PostcodeDirectory.Empty
                : DataFiles.Load("Places:PostcodeFile", paths.Resolve(postcodeFile), PostcodeDirectory.Load),
            MaxFileBytes = configuration.GetValue<long?>("Imports:MaxFileBytes") ?? Blueprint.Ingest.Staging.ImportOptions.DefaultMaxFileBytes,
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
}
