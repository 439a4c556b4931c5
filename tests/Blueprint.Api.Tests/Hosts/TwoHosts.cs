using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Blueprint.Api.Freshness;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Blueprint.Api.Tests.Hosts;

/// <summary>
/// Two hosts of the API over one SQLite database in WAL, as two servers behind a load balancer would be: each has
/// its own container, memory cache, data-version monitor, account snapshot and background jobs, and they share only
/// the database (and Redis, when given). They are in-process test servers rather than separate processes: what
/// they share is exactly what two processes would share (the file, through SQLite's own locking), and starting two
/// processes would cost seconds of build output and start-up per test. Reminders run every second on both.
/// </summary>
public sealed class TwoHosts : IAsyncDisposable
{
    private readonly BlueprintApp app = new();
    /// <summary>Both hosts' key prefix in Redis: one deployment.</summary>
    private readonly string instance = $"test-{Guid.NewGuid():N}:";

    public BlueprintApp App => app;
    public WebApplicationFactory<Program> A { get; private set; } = null!;
    public WebApplicationFactory<Program> B { get; private set; } = null!;
    /// <summary>Reminder runs seen per host (from its log).</summary>
    public RunLog RunsOnA { get; } = new();
    public RunLog RunsOnB { get; } = new();

    public static async Task<TwoHosts> StartAsync(string? redis)
    {
        var hosts = new TwoHosts();
        // The fixture's own host (reminders off) made and seeded the database; A and B are two more hosts over it.
        await hosts.app.InitializeAsync();
        hosts.A = hosts.Start(redis, hosts.RunsOnA);
        hosts.B = hosts.Start(redis, hosts.RunsOnB);
        _ = hosts.A.Server;
        _ = hosts.B.Server;
        return hosts;
    }

    private WebApplicationFactory<Program> Start(string? redis, RunLog runs) => app.WithWebHostBuilder(b =>
    {
        b.UseSetting("Freshness:PollMilliseconds", "200");
        b.UseSetting("Listings:SendReminders", "true");
        b.UseSetting("Listings:ReminderFirstRunSeconds", "1");
        // Rounds of 2 s: the lease lasts a round and a half (3 s). The first round sends a couple of dozen reminders while
        // both hosts are still starting; with 1 s rounds it could outlast its lease on a loaded machine, and the other
        // host then rightly took over, which this test cannot tell from two hosts running at once.
        b.UseSetting("Listings:ReminderIntervalSeconds", "2");
        b.UseSetting("Logging:LogLevel:Blueprint.Api.Listings.ReminderRunner", "Information");
        if (redis is not null)
        {
            b.UseSetting("DirectoryCache:Redis", redis);
            b.UseSetting("DirectoryCache:RedisInstanceName", instance);
        }
        b.ConfigureLogging(l => l.AddProvider(runs));
    });

    /// <summary>Waits until both hosts have seen the data version now stored (their cache keys then agree).</summary>
    public async Task BothSeeTheStoredVersionAsync()
    {
        var stored = Freshness.Freshness.StoredVersion(app);
        await Freshness.Freshness.Until(() => Task.FromResult(
            A.Services.GetRequiredService<DataVersion>().Current == stored && B.Services.GetRequiredService<DataVersion>().Current == stored),
            $"both hosts to see data version {stored}");
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await app.DisposeAsync();
    }

    /// <summary>Counts a host's "Reminder run on …" log lines.</summary>
    public sealed class RunLog : ILoggerProvider, ILogger
    {
        private int runs;
        public int Runs => Volatile.Read(ref runs);
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => categoryName is "Blueprint.Api.Listings.ReminderRunner" or "Blueprint.Api.Hosting.FailSoftCacheStore" ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = formatter(state, exception) + (exception is null ? "" : " " + exception.Message);
            Lines.Enqueue(line);
            if (line.StartsWith("Reminder run on", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref runs);
            }
        }

        public void Dispose()
        {
        }
    }
}

/// <summary>A redis-server of the test's own on a free loopback port, stopped (by its process id) when disposed.</summary>
public sealed class RedisServer : IDisposable
{
    private readonly Process process;
    public string Connection { get; }

    private RedisServer(Process process, int port)
    {
        this.process = process;
        Connection = $"127.0.0.1:{port},abortConnect=false";
    }

    /// <summary>The redis-server on PATH, or null (install it with tests/tools/ensure-redis.sh).</summary>
    public static string? Executable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "redis-server")).FirstOrDefault(File.Exists);

    public static async Task<RedisServer> StartAsync(string executable)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var process = Process.Start(new ProcessStartInfo(executable)
        {
            // No persistence, loopback only, no protected-mode surprises: a throwaway cache.
            ArgumentList = { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServer(process, port);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit(5000);
        }
        process.Dispose();
    }
}
