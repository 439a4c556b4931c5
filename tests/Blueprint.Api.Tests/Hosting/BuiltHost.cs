using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Blueprint.Data.Geography;

namespace Blueprint.Api.Tests.Hosting;

/// <summary>
/// The host as a user runs it: the build output (<c>dotnet src/Blueprint.Api/bin/CONFIG/net10.0/Blueprint.Api.dll</c>,
/// no rebuild) over a copy of the repository's data/ in a temporary folder with nothing beside it. Stops only the
/// processes it started, by their id.
/// </summary>
internal sealed partial class BuiltHost : IDisposable
{
    /// <summary>Tests that start host processes run one at a time (each process is a whole host).</summary>
    public const string Collection = "Built host processes";

    private static readonly string RepositoryRoot = DataFiles.FindRoot(AppContext.BaseDirectory)
        ?? throw new DirectoryNotFoundException("No repository above the test output.");

    /// <summary>The configuration the tests were built in (the host was built in the same one).</summary>
    private static readonly string Configuration = typeof(BuiltHost).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    /// <summary>How long a start may take before the test gives up: a few seconds here, minutes on a machine shared by many builds.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    public static string HostDll => Path.Combine(RepositoryRoot, "src", "Blueprint.Api", "bin", Configuration, "net10.0", "Blueprint.Api.dll");

    /// <summary>The temporary folder: data/ (copied), and local-data/ once the host has made it.</summary>
    public string Root { get; } = Directory.CreateTempSubdirectory("blueprint-built-").FullName;

    public BuiltHost()
    {
        Copy(Path.Combine(RepositoryRoot, "data"), Path.Combine(Root, "data"));
    }

    /// <summary>
    /// A folder whose database (local-data/blueprint.db) is already migrated and holds the sample: a copy of the one a first
    /// <c>migrate</c> of the built host made, once per test run. The host then starts as on a second run, with nothing to
    /// migrate or load (about 3 of a start's 14 CPU-seconds). For tests about something other than the first start, which
    /// stays tested from an empty folder (SelfContainedTests, CommandLineTests).
    /// </summary>
    public static async Task<BuiltHost> WithSampleDatabaseAsync()
    {
        var template = await SampleDatabase.Value;
        var folder = new BuiltHost();
        var localData = Path.Combine(folder.Root, "local-data");
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(localData);
        }
        else
        {
            Directory.CreateDirectory(localData, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute); // as the host makes it
        }
        File.Copy(template, Path.Combine(localData, "blueprint.db"));
        return folder;
    }

    private static readonly Lazy<Task<string>> SampleDatabase = new(async () =>
    {
        using var first = new BuiltHost();
        var (exitCode, output, errors) = await first.RunAsync(["migrate"]);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"The built host's migrate failed ({exitCode}): {output}{errors}");
        }
        var made = Path.Combine(first.Root, "local-data", "blueprint.db");
        if (File.Exists(made + "-wal"))
        {
            throw new InvalidOperationException("migrate left a write-ahead log: the database file alone is not the whole database.");
        }
        var path = Path.Combine(Path.GetTempPath(), $"blueprint-built-template-{Environment.ProcessId}-{Guid.NewGuid():N}.db");
        File.Copy(made, path);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(path);
        return path;
    });

    /// <summary>Runs the host (a command, or the server with <c>--urls</c>) to its end; the server must stop by itself.</summary>
    public async Task<(int ExitCode, string Output, string Errors)> RunAsync(IEnumerable<string> args, Dictionary<string, string>? environment = null)
    {
        using var process = Start(["exec", HostDll, .. args], environment);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The host did not stop by itself: {await output}{await errors}");
        }
        return (process.ExitCode, await output, await errors);
    }

    /// <summary>Starts the server on a free loopback port and returns once it listens (with its address), or throws with its output.</summary>
    public async Task<RunningHost> StartServerAsync(IEnumerable<string>? args = null, Dictionary<string, string>? environment = null, string[]? command = null)
    {
        var process = Start(command ?? ["exec", HostDll, "--urls", "http://127.0.0.1:0", .. args ?? []], environment);
        var running = new RunningHost(process);
        using var timeout = new CancellationTokenSource(Patience);
        while (!timeout.IsCancellationRequested)
        {
            // The lifetime logs the addresses, then the environment: both are there once it is ready.
            if (ListeningOn().IsMatch(running.Output) && running.Output.Contains("Hosting environment:", StringComparison.Ordinal))
            {
                return running;
            }
            if (process.HasExited)
            {
                break;
            }
            await Task.Delay(100, CancellationToken.None);
        }
        running.Dispose();
        throw new InvalidOperationException($"The server did not start: {running.Output}");
    }

    /// <summary>The environment of every run: the data root is the temporary folder, and nothing from the caller's own settings leaks in.</summary>
    private Process Start(IEnumerable<string> args, Dictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }
        start.Environment["Data__Root"] = Root;
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? [])
        {
            start.Environment[name] = value;
        }
        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
        foreach (var folder in Directory.EnumerateDirectories(from))
        {
            Copy(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }

    // Plain or JSON console logs: the address ends at white space or at the JSON string's closing quote.
    [GeneratedRegex(@"Now listening on: (http://[^\s""]+)")]
    internal static partial Regex ListeningOn();

    /// <summary>A server this test started; disposing stops it (and any process it started) by id.</summary>
    public sealed class RunningHost : IDisposable
    {
        private readonly Process process;
        private readonly StringBuilder output = new();

        public RunningHost(Process process)
        {
            this.process = process;
            process.OutputDataReceived += (_, e) => Keep(e.Data);
            process.ErrorDataReceived += (_, e) => Keep(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public string Output
        {
            get
            {
                lock (output)
                {
                    return output.ToString();
                }
            }
        }

        public Uri Address => new(ListeningOn().Match(Output).Groups[1].Value);

        public HttpClient Client() => new() { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };

        private void Keep(string? line)
        {
            if (line is not null)
            {
                lock (output)
                {
                    output.AppendLine(line);
                }
            }
        }

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
            process.Dispose();
        }
    }
}
