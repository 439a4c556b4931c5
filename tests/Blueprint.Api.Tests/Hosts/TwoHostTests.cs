using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Blueprint.Api.Accounts;
using Blueprint.Api.Auth;
using Blueprint.Api.Hosting;
using Blueprint.Api.Tests.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ListingHelpers = Blueprint.Api.Tests.Listings.Listings;

namespace Blueprint.Api.Tests.Hosts;

/// <summary>
/// Several stateless hosts (issue 15): what one host does, the other agrees with. Each test needs hosts of its own
/// (two, with reminders every second and a fast data-version poll), so none uses the shared fixture's host alone.
/// </summary>
public sealed class TwoHostTests(ITestOutputHelper output)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_hosts_over_one_database_agree_on_edits_sign_ins_and_who_sends_reminders()
    {
        await using var hosts = await TwoHosts.StartAsync(redis: null);
        await CheckAsync(hosts, sharedCache: false);
    }

    [Fact]
    public async Task Two_hosts_sharing_a_Redis_output_cache_agree_on_edits_sign_ins_and_who_sends_reminders()
    {
        if (RedisServer.Executable() is not { } executable)
        {
            Assert.Skip("redis-server is not installed (tests/tools/ensure-redis.sh installs it from Debian): the Redis variant did not run.");
            return;
        }
        using var redis = await RedisServer.StartAsync(executable);
        await using var hosts = await TwoHosts.StartAsync(redis.Connection);
        Assert.IsType<FailSoftCacheStore>(hosts.A.Services.GetRequiredService<IOutputCacheStore>());
        await CheckAsync(hosts, sharedCache: true);
    }

    private async Task CheckAsync(TwoHosts hosts, bool sharedCache)
    {
        var id = hosts.App.Known.CardiffId;
        var url = $"/odata/Interventions({id})?$select=Id,Name";
        var anonymousA = hosts.A.CreateClient();
        var anonymousB = hosts.B.CreateClient();

        // 1. The shared cache is shared: an answer A stored is what B serves, even after a write that (like a forgetful
        //    one) bypasses the data version; with each host's own memory cache, B answers from the database.
        await hosts.BothSeeTheStoredVersionAsync();
        var original = await anonymousA.GetStringAsync(url, Ct);
        var bypassed = $"ZZTWOHOSTS bypassed {Guid.NewGuid():N}";
        hosts.App.WithDb(db => db.Interventions.Where(i => i.Id == id).ExecuteUpdate(s => s.SetProperty(i => i.Name, bypassed)));
        var first = await anonymousB.GetStringAsync(url, Ct);
        Assert.Equal(sharedCache, first == original);
        Assert.Equal(!sharedCache, first.Contains(bypassed, StringComparison.Ordinal));

        // 2. An edit through A is served by B (both cached the old answer) within the generous deadline.
        var name = $"ZZTWOHOSTS edited {Guid.NewGuid():N}";
        var edit = await ListingHelpers.SendAsync(BlueprintApp.WithToken(hosts.A.CreateClient(), Roles.Admin), HttpMethod.Patch,
            $"/odata/Interventions({id})", new { Name = name }, ListingHelpers.ETag(ListingHelpers.VersionOf(hosts.App, id)));
        Assert.True(edit.IsSuccessStatusCode, await ListingHelpers.Describe(edit));
        var clock = Stopwatch.StartNew();
        await Freshness.Freshness.Until(async () => (await anonymousB.GetStringAsync(url, Ct)).Contains(name, StringComparison.Ordinal),
            "host B to serve the edit made through host A");
        output.WriteLine($"Edit through A served by B after {clock.Elapsed.TotalSeconds:0.00} s (shared cache: {sharedCache}).");

        // 3. A sign-in cookie and an anti-forgery token issued by A are honoured by B (keys in the database).
        var email = People.NewEmail("twohosts");
        await People.CreateAsync(hosts.A, email, Roles.Admin);
        var noCookiesA = hosts.A.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        var signIn = await noCookiesA.PostAsJsonAsync("/api/account/signin", new { email, password = People.Password }, Ct);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var cookies = CookiesOf(signIn);
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Get, "/api/account/antiforgery");
        tokenRequest.Headers.Add("Cookie", string.Join("; ", cookies.Values));
        var tokenResponse = await noCookiesA.SendAsync(tokenRequest, Ct);
        Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
        foreach (var (cookie, pair) in CookiesOf(tokenResponse))
        {
            cookies[cookie] = pair;
        }
        var token = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("token").GetString()!;

        var onB = hosts.B.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        onB.DefaultRequestHeaders.Add("Cookie", string.Join("; ", cookies.Values));
        // B learns of the new person when it sees the data version move (its account snapshot), like any host.
        await Freshness.Freshness.Until(async () => (await onB.GetAsync("/api/account/me", Ct)).StatusCode == HttpStatusCode.OK,
            "host B to accept host A's sign-in cookie");
        using (var withoutToken = new HttpRequestMessage(HttpMethod.Patch, "/api/account/me") { Content = JsonContent.Create(new { language = "cy" }) })
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await onB.SendAsync(withoutToken, Ct)).StatusCode);
        }
        using (var withToken = new HttpRequestMessage(HttpMethod.Patch, "/api/account/me") { Content = JsonContent.Create(new { language = "cy" }) })
        {
            withToken.Headers.Add(RequestGuards.HeaderName, token);
            Assert.Equal(HttpStatusCode.NoContent, (await onB.SendAsync(withToken, Ct)).StatusCode);
        }
        Assert.Equal("cy", (await hosts.App.GetJsonAsync("/api/account/me", onB)).GetProperty("language").GetString());

        // 4. Reminders run every second on both hosts' timers, yet only one host runs them.
        await Freshness.Freshness.Until(() => Task.FromResult(hosts.RunsOnA.Runs + hosts.RunsOnB.Runs >= 3), "three reminder runs");
        output.WriteLine($"Reminder runs: host A {hosts.RunsOnA.Runs}, host B {hosts.RunsOnB.Runs}.");
        Assert.True(hosts.RunsOnA.Runs == 0 || hosts.RunsOnB.Runs == 0,
            $"both hosts ran reminders (A {hosts.RunsOnA.Runs}, B {hosts.RunsOnB.Runs}): {string.Join(" | ", hosts.RunsOnA.Lines.Concat(hosts.RunsOnB.Lines))}");
    }

    /// <summary>The cookies a response sets, by name, as "name=value".</summary>
    private static Dictionary<string, string> CookiesOf(HttpResponseMessage response) =>
        (response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            .Select(v => v.Split(';', 2)[0]).ToDictionary(pair => pair.Split('=', 2)[0], pair => pair);

    [Fact]
    public async Task A_Redis_that_cannot_be_reached_costs_the_cache_not_the_answer()
    {
        await using var app = new BlueprintApp();
        await app.InitializeAsync();
        // A host of its own: the Redis setting is read at start. Port 1 on loopback refuses at once.
        await using var host = app.WithWebHostBuilder(b => b.UseSetting("DirectoryCache:Redis", "127.0.0.1:1,abortConnect=false,connectTimeout=500"));
        var client = host.CreateClient();

        foreach (var _ in Enumerable.Range(0, 3))
        {
            var response = await client.GetAsync("/odata/Interventions?$top=1&$select=Id", Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }
}
