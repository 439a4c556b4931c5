using Blueprint.Api.Hosting;
using Blueprint.Data;
using Blueprint.Data.Geography;
using Blueprint.Data.Vocabularies;
using Blueprint.Ingest.Commands;
using Blueprint.Ingest.Normalising;

namespace Blueprint.Api.Imports;

/// <summary>
/// <c>dotnet run --project src/Blueprint.Api -- import FILE [--profile NAME-or-PATH] [--dry-run] [--report REPORT.csv]</c>,
/// <c>publish [--import ID] [--responses 1,2,3]</c>, <c>imports</c>, <c>survey-sample</c>: the ingest commands
/// with the server's configuration (database, data root, Places:PostcodeFile, Imports:MaxUploadBytes).
/// </summary>
public static class ImportCli
{
    public static bool Handles(string[] args) => IngestCommands.Handles(args);

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        DataRegistration.AddBlueprintData(builder.Services, builder.Configuration);
        using var host = builder.Build();
        await host.InitialiseDatabaseAsync(checkBoundaries: false);
        using var scope = host.Services.CreateScope();
        var services = scope.ServiceProvider;
        var paths = services.GetRequiredService<DataPaths>();
        var postcodeFile = builder.Configuration["Places:PostcodeFile"];
        var context = new IngestContext(services.GetRequiredService<BlueprintDb>(), services.GetRequiredService<AreaCatalog>(),
            services.GetRequiredService<VocabularyCatalog>(), paths.Root, Console.Out)
        {
            Locator = new Lazy<AreaLocator?>(services.GetRequiredService<AreaLocator>),
            Postcodes = string.IsNullOrWhiteSpace(postcodeFile) ? PostcodeDirectory.Empty : PostcodeDirectory.Load(paths.Resolve(postcodeFile)),
            MaxFileBytes = builder.Configuration.GetValue<long?>("Imports:MaxFileBytes") ?? Blueprint.Ingest.Staging.ImportOptions.DefaultMaxFileBytes,
        };
        // `dotnet run` may start in the project's folder: relative paths are read from the repository root then.
        args = [.. args.Select((a, i) => i > 0 && !a.StartsWith("--", StringComparison.Ordinal) && args[i - 1] is "import" or "--report" or "--profile"
            && (a.Contains('/') || a.Contains('\\') || a.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || a.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            && !Path.IsPathRooted(a) && !File.Exists(a) ? Path.Combine(paths.Root, a) : a)];
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        return await IngestCommands.RunAsync(args, context, cancel.Token);
    }
}
