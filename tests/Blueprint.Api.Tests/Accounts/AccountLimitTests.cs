using System.Net;
using System.Net.Http.Json;
using Blueprint.Api.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Api.Tests.Accounts;

/// <summary>
/// Sign-in, reset, invitation and token budgets per client address and per account, with the limits on (the shared
/// fixture turns them off). Each test uses addresses and accounts of its own.
/// </summary>
public sealed class AccountLimitTests(BlueprintApp app) : IClassFixture<BlueprintApp>, IAsyncLifetime
{
    private const int PerAccount = 3;
    private const int PerAddress = 5;
    private const string PeerHeader = "X-Test-Peer";
    private WebApplicationFactory<Program> limited = null!;

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        limited = app.WithWebHostBuilder(b =>
        {
            b.UseSetting("RateLimits:Enabled", "true");
            b.UseSetting("Accounts:AttemptsPerAccount", PerAccount.ToString(System.Globalization.CultureInfo.InvariantCulture));
            b.UseSetting("Accounts:AttemptsPerAddress", PerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture));
            // An hour to refill: no attempt comes back during a test.
            b.UseSetting("Accounts:LimitWindowSeconds", "3600");
            b.ConfigureServices(s => s.AddSingleton<IStartupFilter, PeerAddress>());
        });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await limited.DisposeAsync();

    [Fact]
    public async Task Sign_in_attempts_on_one_account_are_limited_whatever_the_address()
    {
        var email = People.NewEmail();
        await People.CreateAsync(limited, email, Roles.Analyst);
        for (var i = 0; i < PerAccount; i++)
        {
            var attempt = await From($"10.1.0.{i + 1}").PostAsJsonAsync("/api/account/signin", new { email, password = $"guess {i}" }, Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, attempt.StatusCode);
        }

        var refused = await From("10.1.0.99").PostAsJsonAsync("/api/account/signin", new { email, password = People.Password }, Ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("TooManyRequests", await People.ErrorCodeAsync(refused));
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await From("10.1.0.100").PostAsJsonAsync("/api/account/signin", new { email = People.NewEmail(), password = "guess" }, Ct)).StatusCode);
    }

    [Fact]
    public async Task One_address_trying_many_accounts_is_limited()
    {
        var client = From("10.2.0.1");
        for (var i = 0; i < PerAddress; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/account/signin", new { email = People.NewEmail(), password = "guess" }, Ct)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostAsJsonAsync("/api/account/signin", new { email = People.NewEmail(), password = "guess" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await From("10.2.0.2").PostAsJsonAsync("/api/account/signin", new { email = People.NewEmail(), password = "guess" }, Ct)).StatusCode);
    }

    [Fact]
    public async Task Reset_requests_invitation_acceptance_and_token_creation_are_limited()
    {
        var email = People.NewEmail();
        await People.CreateAsync(limited, email, Roles.Analyst);
        for (var i = 0; i < PerAccount; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await From($"10.3.0.{i + 1}").PostAsJsonAsync("/api/account/password/forgot", new { email }, Ct)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await From("10.3.0.99").PostAsJsonAsync("/api/account/password/forgot", new { email }, Ct)).StatusCode);

        var guesser = From("10.4.0.1");
        for (var i = 0; i < PerAddress; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await guesser.PostAsJsonAsync("/api/account/invitations/accept", new { code = $"guess{i}", name = "X", password = People.Password }, Ct)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await guesser.PostAsJsonAsync("/api/account/invitations/accept", new { code = "guess", name = "X", password = People.Password }, Ct)).StatusCode);

        var tokenMaker = People.NewEmail();
        await People.CreateAsync(limited, tokenMaker, Roles.Analyst);
        var session = From("10.5.0.1");
        Assert.Equal(HttpStatusCode.OK, (await session.PostAsJsonAsync("/api/account/signin", new { email = tokenMaker, password = People.Password }, Ct)).StatusCode);
        await People.AddAntiforgeryAsync(session);
        for (var i = 0; i < PerAccount; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await session.PostAsJsonAsync("/api/account/tokens", new { name = $"t{i}", scope = "read" }, Ct)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await session.PostAsJsonAsync("/api/account/tokens", new { name = "one more", scope = "read" }, Ct)).StatusCode);
    }

    private HttpClient From(string peer)
    {
        var client = limited.CreateClient();
        client.DefaultRequestHeaders.Add(PeerHeader, peer);
        return client;
    }

    /// <summary>The test server has no client address: this sets the connection's, as a socket would.</summary>
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
