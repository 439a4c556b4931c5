using System.Globalization;
using Blueprint.Api.Auth;
using Blueprint.Api.Hosting;
using Blueprint.Data;
using Blueprint.Data.Geography;
using Blueprint.Data.Sample;

namespace Blueprint.Api.Cli;

/// <summary>
/// The host's command line: <c>dotnet run --project src/Blueprint.Api -- COMMAND …</c>.
/// Commands use the same configuration as the server (appsettings, environment, --Key=Value).
/// </summary>
public static class Commands
{
    private static readonly Dictionary<string, (string Usage, Func<IServiceProvider, string[], TextWriter, Task<int>> Run)> All = new()
    {
        ["migrate"] = ("migrate                          create or upgrade the database and reference data", MigrateAsync),
        ["sample"] = ("sample [--out FILE] [--organisations N] [--interventions N] [--seed N]\n                                   write a synthetic sample directory (default data/sample/directory.json)", SampleAsync),
        ["token"] = ("token --role admin|analyst|provider [--org ID] [--name NAME] [--hours H]\n                                   mint a bearer token signed with the local key (no Auth:Authority)", TokenAsync),
    };

    public static bool IsCommand(string arg) => All.ContainsKey(arg) || arg is "help" or "--help" or "-h";

    public static async Task<int> RunAsync(string[] args)
    {
        var output = Console.Out;
        if (!All.TryGetValue(args[0], out var command))
        {
            await output.WriteLineAsync("Usage: dotnet run --project src/Blueprint.Api -- COMMAND [options]\n\nWithout a command the web server starts.\n\nCommands:");
            foreach (var (_, (usage, _)) in All)
            {
                await output.WriteLineAsync("  " + usage);
            }
            return args[0] is "help" or "--help" or "-h" ? 0 : 2;
        }
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        DataRegistration.AddBlueprintData(builder.Services, builder.Configuration);
        using var host = builder.Build();
        try
        {
            return await command.Run(host.Services, args[1..], output);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or IOException or InvalidDataException)
        {
            await Console.Error.WriteLineAsync($"{args[0]}: {e.Message}");
            return 1;
        }
    }

    private static async Task<int> MigrateAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        await ((IHost)services.GetRequiredService<IHost>()).InitialiseDatabaseAsync();
        await output.WriteLineAsync("Database is up to date.");
        return 0;
    }

    private static async Task<int> SampleAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        var options = Options.Parse(args);
        var paths = services.GetRequiredService<DataPaths>();
        var path = options.Get("out") is { } o ? Path.GetFullPath(o) : paths.SampleDirectory;
        var generator = new SampleGenerator(services.GetRequiredService<AreaLocator>(), options.Int("seed", 2023));
        var sample = generator.Generate(options.Int("organisations", 36), options.Int("interventions", 320), new DateOnly(2026, 11, 1));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        sample.Save(path);
        await output.WriteLineAsync($"Wrote {sample.Organisations.Sum(x => x.Interventions.Count)} interventions of {sample.Organisations.Count} organisations to {path}");
        return 0;
    }

    private static async Task<int> TokenAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        var options = Options.Parse(args);
        var role = options.Get("role") ?? throw new ArgumentException("--role is required (admin, analyst or provider).");
        if (role is not (Roles.Admin or Roles.Analyst or Roles.Provider))
        {
            throw new ArgumentException($"Unknown role '{role}': use admin, analyst or provider.");
        }
        int? org = options.Get("org") is { } o ? int.Parse(o, CultureInfo.InvariantCulture) : null;
        if (role == Roles.Provider && org is null)
        {
            throw new ArgumentException("A provider token needs --org ID (the organisation it acts for).");
        }
        var auth = AuthOptions.From(services.GetRequiredService<IConfiguration>());
        await output.WriteLineAsync(auth.MintToken(options.Get("name") ?? $"local-{role}", [role], org, TimeSpan.FromHours(options.Int("hours", 8))));
        return 0;
    }

    /// <summary>--name value pairs.</summary>
    private sealed class Options(Dictionary<string, string> values)
    {
        public string? Get(string name) => values.GetValueOrDefault(name);

        public int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

        public static Options Parse(string[] args)
        {
            var values = new Dictionary<string, string>();
            for (var i = 0; i < args.Length; i++)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                {
                    throw new ArgumentException($"Unexpected argument '{args[i]}'.");
                }
                values[args[i][2..]] = args[++i];
            }
            return new Options(values);
        }
    }
}
