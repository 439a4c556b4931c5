using System.Globalization;
using Blueprint.Api.Auth;
using Blueprint.Api.Hosting;
using Blueprint.Api.Imports;
using Blueprint.Data.Geography;
using Blueprint.Data.Sample;
using Blueprint.Ingest.Commands;
using Microsoft.Extensions.Logging.Console;

namespace Blueprint.Api.Cli;

/// <summary>
/// The host's command line: <c>dotnet run --project src/Blueprint.Api -- COMMAND …</c>. One table: dispatch and
/// <c>help</c> both come from it. Commands use the server's configuration (appsettings, environment variables). Results
/// go to standard output, logs and errors to standard error. Exit codes: 0 done, 1 could not be done, 2 a usage mistake.
/// </summary>
public static class Commands
{
    private sealed record Command(string Name, string Usage, string Summary, Func<IHost, string[], Task<int>> Run);

    private static readonly IReadOnlyList<Command> All =
    [
        new("help", "help", "list the commands (also --help, -h)", (_, _) => Task.FromResult(Help(Console.Out, 0))),
        new("migrate", "migrate", "create or upgrade the database and load the reference data", MigrateAsync),
        new("sample", "sample [--out FILE] [--organisations N] [--interventions N] [--seed N]",
            "write a synthetic sample directory (default data/sample/directory.json)", SampleAsync),
        new("token", "token --role admin|analyst|provider [--org ID[,ID…]] [--name NAME] [--hours H]",
            "print a bearer token signed with the local key (only the token, on standard output)", TokenAsync),
        .. IngestCommands.All.Select(c => new Command(c.Name, c.Usage, c.Summary, (host, rest) => ImportCli.RunAsync(host, c, rest))),
        new("admin", Accounts.AdminCli.Usage, "create an administrator and print a one-time link to set the password", Accounts.AdminCli.RunAsync),
        new("reminders", "reminders", "send the due staleness reminders now (the server also sends them every hour)", Listings.RemindersCli.RunAsync),
        new("standard", Standard.StandardCli.Usage, "write the national minimum data standard (pages, JSON Schema, CSV template) into DIR (docs/standard)", Standard.StandardCli.RunAsync),
        new("backup", Operations.BackupCli.BackupUsage, "copy the SQLite database to a new FILE, consistent while the server runs (SQL Server: the platform's backups)", Operations.BackupCli.BackupAsync),
        new("restore", Operations.BackupCli.RestoreUsage, "check a backup FILE and write it over the SQLite database (stop the server first)", Operations.BackupCli.RestoreAsync),
    ];

    /// <summary>
    /// Whether the arguments name a command rather than start the server: a first argument that is not a setting
    /// (<c>--urls …</c>, <c>--Section:Key=value</c>, <c>Key=value</c>). An unknown word is a command too, answered with the list.
    /// </summary>
    public static bool IsCommand(string[] args) =>
        args.Length > 0 && (args[0] is "--help" or "-h" || !(args[0].StartsWith('-') || args[0].StartsWith('/') || args[0].Contains('=')));

    public static async Task<int> RunAsync(string[] args)
    {
        var name = args[0] is "--help" or "-h" ? "help" : args[0];
        if (All.FirstOrDefault(c => c.Name == name) is not { } command)
        {
            await Console.Error.WriteLineAsync($"Unknown command '{name}'.");
            return Help(Console.Error, 2);
        }
        if (command.Name == "help")
        {
            return Help(Console.Out, 0);
        }
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        DataRegistration.AddBlueprintData(builder.Services, builder.Configuration);
        Accounts.AccountsRegistration.AddPeople(builder.Services, builder.Configuration);
        Listings.ListingsRegistration.AddListingsCore(builder.Services, builder.Configuration);
        using var host = builder.Build();
        try
        {
            return await command.Run(host, args[1..]);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            await Console.Error.WriteLineAsync($"{name}: {e.Message} Usage: {command.Usage}");
            return 2;
        }
        catch (Exception e) when (StartupFailure.Describe(e) is not null || e is IOException)
        {
            await Console.Error.WriteLineAsync(StartupFailure.Describe(e) ?? $"{name}: {e.Message}");
            return StartupFailure.ExitCode;
        }
    }

    private static int Help(TextWriter output, int exitCode)
    {
        output.WriteLine("Usage: dotnet run --project src/Blueprint.Api -- COMMAND [options]");
        output.WriteLine("Without a command the web server starts (settings as --Section:Key=value).");
        output.WriteLine();
        output.WriteLine("Commands:");
        var width = All.Max(c => c.Name.Length) + 2;
        foreach (var command in All)
        {
            output.WriteLine($"  {command.Name.PadRight(width)}{command.Summary}");
        }
        output.WriteLine();
        output.WriteLine("Options:");
        foreach (var command in All.Where(c => c.Usage != c.Name))
        {
            output.WriteLine("  " + command.Usage);
        }
        return exitCode;
    }

    private static async Task<int> MigrateAsync(IHost host, string[] args)
    {
        Options.Parse(args);
        await host.InitialiseDatabaseAsync();
        Console.WriteLine("Database is up to date.");
        return 0;
    }

    private static Task<int> SampleAsync(IHost host, string[] args)
    {
        var options = Options.Parse(args);
        var paths = host.Services.GetRequiredService<DataPaths>();
        var path = options.Get("out") is { } o ? Path.GetFullPath(o) : paths.SampleDirectory;
        var generator = new SampleGenerator(host.Services.GetRequiredService<AreaLocator>(), options.Int("seed", 2023));
        var sample = generator.Generate(options.Int("organisations", 36), options.Int("interventions", 320), new DateOnly(2026, 11, 1));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        sample.Save(path);
        Console.WriteLine($"Wrote {sample.Organisations.Sum(x => x.Interventions.Count)} interventions of {sample.Organisations.Count} organisations to {path}");
        return Task.FromResult(0);
    }

    private static Task<int> TokenAsync(IHost host, string[] args)
    {
        var options = Options.Parse(args);
        var role = options.Get("role") ?? throw new ArgumentException("--role is required (admin, analyst or provider).");
        if (role is not (Roles.Admin or Roles.Analyst or Roles.Provider))
        {
            throw new ArgumentException($"Unknown role '{role}': use admin, analyst or provider.");
        }
        var organisations = (options.Get("org") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(o => int.TryParse(o, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : throw new ArgumentException($"--org takes organisation ids such as 3 or 1,2, not '{o}'."))
            .Distinct().ToList();
        if (role == Roles.Provider && organisations.Count == 0)
        {
            throw new ArgumentException("A provider token needs --org ID (the organisation it acts for; several as 1,2).");
        }
        var auth = AuthOptions.From(host.Services.GetRequiredService<IConfiguration>());
        var now = DateTime.UtcNow;
        Console.WriteLine(auth.MintToken(options.Get("name") ?? $"local-{role}", [role], organisations, now.AddMinutes(-1), now.AddHours(options.Int("hours", 8))));
        return Task.FromResult(0);
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
