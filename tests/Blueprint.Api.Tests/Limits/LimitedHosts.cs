using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Api.Tests.Limits;

/// <summary>The limits' test classes share one set of hosts (each host start costs seconds).</summary>
[CollectionDefinition(Name)]
public sealed class LimitsCollection : ICollectionFixture<LimitedHosts>
{
    public const string Name = "Limits";
}

/// <summary>
/// The test host with its limits turned on (BlueprintApp turns them off), small enough to reach in a few
/// requests and slow enough to refill that none comes back during a test. The test server has no client address: <see cref="PeerHeader"/> sets the connection's, as a
/// socket would, before the pipeline runs.
/// </summary>
public sealed class LimitedHosts : IAsyncLifetime
{
    public const string PeerHeader = "X-Test-Peer";
    public const int UncachedBudget = 8;
    public const int ExpensiveBudget = 2;
    public const int BudgetSeconds = 3600;

    private readonly BlueprintApp app = new();

    /// <summary>The plain test host (limits off) the limited ones derive from.</summary>
    public BlueprintApp App => app;

    /// <summary>Trusts X-Forwarded-For from 127.0.0.1; one uncached directory query at a time, one more may wait (up to 30 s).</summary>
    public WebApplicationFactory<Program> Trusting { get; private set; } = null!;

    /// <summary>Trusts no proxy; one uncached directory query at a time, others wait 0.3 s, then are refused.</summary>
    public WebApplicationFactory<Program> Untrusting { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await app.InitializeAsync();
        Trusting = Limited(app, new()
        {
            ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
            ["RateLimits:QueueLength"] = "1",
            ["RateLimits:QueueSeconds"] = "30",
        });
        Untrusting = Limited(app, new()
        {
            ["RateLimits:QueueLength"] = "4",
            ["RateLimits:QueueSeconds"] = "0.3",
        });
    }

    public static WebApplicationFactory<Program> Limited(BlueprintApp app, Dictionary<string, string> settings) => app.WithWebHostBuilder(b =>
    {
        b.UseSetting("RateLimits:Enabled", "true");
        b.UseSetting("RateLimits:UncachedBudget", UncachedBudget.ToString(System.Globalization.CultureInfo.InvariantCulture));
        b.UseSetting("RateLimits:ExpensiveBudget", ExpensiveBudget.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // An hour to refill: no token comes back during a test, however slow the machine.
        b.UseSetting("RateLimits:BudgetSeconds", BudgetSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        b.UseSetting("RateLimits:Concurrency", "1");
        b.UseSetting("RateLimits:MaxExpandedRows", "50000");
        // The query slots guard the database: these hosts answer every search from it (the read model's own
        // test shows that searches it answers from memory take no slot: ReadModel/ReadModelLimitsTests).
        b.UseSetting("ReadModel:Enabled", "false");
        foreach (var (key, value) in settings)
        {
            b.UseSetting(key, value);
        }
        b.ConfigureServices(s => s.AddSingleton<IStartupFilter, PeerAddress>());
    });

    /// <summary>A client whose connection comes from <paramref name="peer"/>, optionally forwarding for <paramref name="forwardedFor"/>.</summary>
    public static HttpClient Client(WebApplicationFactory<Program> host, string peer, string? forwardedFor = null)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Add(PeerHeader, peer);
        if (forwardedFor is not null)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        }
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await Trusting.DisposeAsync();
        await Untrusting.DisposeAsync();
        await app.DisposeAsync();
    }

    private sealed class PeerAddress : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => builder =>
        {
            builder.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(PeerHeader, out var peer))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(peer.ToString());
                }
                return nextMiddleware(context);
            });
            next(builder);
        };
    }
}
