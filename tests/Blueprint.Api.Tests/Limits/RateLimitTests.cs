using System.Net;
using System.Text.Json;
using Blueprint.Api.Limits;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Api.Tests.Limits;

/// <summary>
/// Per-client budgets for requests that miss the output cache, a stricter one for expensive queries, and
/// the concurrency limit: refusals are 429 with Retry-After and an OData error body; /health and cached
/// reads keep answering. Each test speaks for client addresses of its own.
/// </summary>
[Collection(LimitsCollection.Name)]
public sealed class RateLimitTests(LimitedHosts hosts)
{
    private const string Proxy = "127.0.0.1";

    private static string Cheap() => $"/odata/Interventions?$filter=Name eq 'ZZRATE{Guid.NewGuid():N}'&$select=Id";
    private static string Expensive() => $"/odata/Interventions?$filter=Name eq 'ZZRATE{Guid.NewGuid():N}'&$select=Id&$expand=Organisation($select=Name)";

    [Fact]
    public async Task A_client_over_its_uncached_budget_gets_429_with_Retry_After_and_an_OData_error()
    {
        var client = LimitedHosts.Client(hosts.Trusting, Proxy, "10.0.1.1");
        for (var i = 0; i < LimitedHosts.UncachedBudget; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Cheap())).StatusCode);
        }

        var refused = await client.GetAsync(Cheap());

        await AssertRefusedAsync(refused, $"{LimitedHosts.UncachedBudget} uncached requests in {LimitedHosts.BudgetSeconds} s");
    }

    [Fact]
    public async Task Budgets_are_kept_per_client_address()
    {
        await ExhaustAsync(LimitedHosts.Client(hosts.Trusting, Proxy, "10.0.2.1"));
        Assert.Equal(HttpStatusCode.OK, (await LimitedHosts.Client(hosts.Trusting, Proxy, "10.0.2.2").GetAsync(Cheap())).StatusCode);

        // IPv6 clients are kept by their /64 network: another address in it shares the budget, another network does not.
        await ExhaustAsync(LimitedHosts.Client(hosts.Trusting, Proxy, "2001:db8:2::1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await LimitedHosts.Client(hosts.Trusting, Proxy, "2001:db8:2::2").GetAsync(Cheap())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LimitedHosts.Client(hosts.Trusting, Proxy, "2001:db8:2:1::1").GetAsync(Cheap())).StatusCode);
    }

    [Fact]
    public async Task Signed_in_colleagues_behind_one_office_address_each_have_their_own_budget()
    {
        // Two analysts and an anonymous visitor, all from one office address.
        var one = $"analyst-{Guid.NewGuid():N}";
        var first = Analyst(one);
        for (var i = 0; i < LimitedHosts.ExpensiveBudget; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await first.GetAsync(Expensive())).StatusCode);
        }
        await AssertRefusedAsync(await first.GetAsync(Expensive()), "Your account has used its budget");

        Assert.Equal(HttpStatusCode.OK, (await Analyst($"analyst-{Guid.NewGuid():N}").GetAsync(Expensive())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LimitedHosts.Client(hosts.Trusting, Proxy, "10.0.9.1").GetAsync(Expensive())).StatusCode);
        // A new client of the first analyst's is still that analyst.
        await AssertRefusedAsync(await Analyst(one).GetAsync(Expensive()), "Your account has used its budget");

        HttpClient Analyst(string subject)
        {
            var client = LimitedHosts.Client(hosts.Trusting, Proxy, "10.0.9.1");
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
                new Blueprint.Api.Auth.AuthOptions { SigningKey = BlueprintApp.SigningKey }
                    .MintToken(subject, ["analyst"], null, TimeSpan.FromMinutes(10)));
            return client;
        }
    }

    [Fact]
    public async Task Expensive_queries_have_a_stricter_budget_than_cheap_ones()
    {
        var client = LimitedHosts.Client(hosts.Trusting, Proxy, "10.0.3.1");
        for (var i = 0; i < LimitedHosts.ExpensiveBudget; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Expensive())).StatusCode);
        }

        await AssertRefusedAsync(await client.GetAsync(Expensive()), $"{LimitedHosts.ExpensiveBudget} expensive queries in {LimitedHosts.BudgetSeconds} s");
        // The same spelled without '$', or as a large $top or a distance search, is expensive too.
        await AssertRefusedAsync(await client.GetAsync($"/odata/Interventions?filter=Name eq 'ZZRATE{Guid.NewGuid():N}'&expand=Venues"), "expensive");
        await AssertRefusedAsync(await client.GetAsync($"/odata/Interventions?$filter=Name eq 'ZZRATE{Guid.NewGuid():N}'&$top=500"), "expensive");
        await AssertRefusedAsync(await client.GetAsync("/odata/Interventions/Near(latitude=51.48,longitude=-3.18,radiusKm=7)?$select=Id"), "expensive");

        // Cheap uncached queries still have budget left.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Cheap())).StatusCode);
    }

    [Fact]
    public async Task Health_and_cached_reads_keep_answering_a_client_over_its_budget()
    {
        var client = LimitedHosts.Client(hosts.Trusting, Proxy, "10.0.4.1");
        var cached = $"/odata/Interventions?$filter=Name eq 'ZZRATECACHED{Guid.NewGuid():N}'&$select=Id&$expand=Venues";
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(cached)).StatusCode);
        await ExhaustAsync(client);

        for (var i = 0; i < 3 * LimitedHosts.UncachedBudget; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(cached)).StatusCode);
        }
    }

    [Fact]
    public async Task X_Forwarded_For_is_ignored_unless_the_peer_is_a_configured_proxy()
    {
        // Untrusting has no proxies configured: both "clients" are the one peer and share its budget.
        await ExhaustAsync(LimitedHosts.Client(hosts.Untrusting, "127.0.0.5", "10.0.5.1"));

        var other = await LimitedHosts.Client(hosts.Untrusting, "127.0.0.5", "10.0.5.2").GetAsync(Cheap());

        Assert.Equal(HttpStatusCode.TooManyRequests, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LimitedHosts.Client(hosts.Untrusting, "127.0.0.6").GetAsync(Cheap())).StatusCode);
    }

    [Fact]
    public async Task Uncached_queries_beyond_the_concurrency_limit_queue_then_the_rest_are_refused_while_cached_reads_answer()
    {
        var gate = hosts.Trusting.Services.GetRequiredService<QueryGate>();
        var cached = $"/odata/Areas?$filter=Code eq 'ZZRATE{Guid.NewGuid():N}'&$select=Code";
        Assert.Equal(HttpStatusCode.OK, (await LimitedHosts.Client(hosts.Trusting, Proxy, "10.0.6.9").GetAsync(cached)).StatusCode);

        var held = await gate.EnterAsync(CancellationToken.None);
        Assert.NotNull(held);
        Task<HttpResponseMessage> queued;
        try
        {
            // The only slot is taken: one query waits (the queue holds one), the next is refused at once.
            queued = LimitedHosts.Client(hosts.Trusting, Proxy, "10.0.6.1").GetAsync(Cheap());
            await WaitUntilAsync(() => gate.Queued == 1 || queued.IsCompleted);
            Assert.False(queued.IsCompleted, "the query should wait for the slot");

            await AssertRefusedAsync(await LimitedHosts.Client(hosts.Trusting, Proxy, "10.0.6.2").GetAsync(Cheap()), "as many uncached queries as it can");
            Assert.Equal(HttpStatusCode.OK, (await LimitedHosts.Client(hosts.Trusting, Proxy, "10.0.6.3").GetAsync("/health")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await LimitedHosts.Client(hosts.Trusting, Proxy, "10.0.6.3").GetAsync(cached)).StatusCode);
        }
        finally
        {
            held.Dispose();
        }

        Assert.Equal(HttpStatusCode.OK, (await queued).StatusCode);
    }

    [Fact]
    public async Task A_client_that_does_not_read_its_answer_does_not_hold_a_query_slot()
    {
        var gate = hosts.Trusting.Services.GetRequiredService<QueryGate>();
        var client = LimitedHosts.Client(hosts.Trusting, Proxy, "10.0.8.1");
        // A full page with venues and areas: far more than the test server's response pipe holds unread.
        var url = $"/odata/Interventions?$top=100&$select=Id,Name,Description,DescriptionCy&$expand=Venues,Areas&$filter=Id gt {Random.Shared.Next(0, 5)}";

        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await WaitUntilAsync(() => gate.Free == 1);

        // Another client's uncached query is answered while the first answer is still unread.
        Assert.Equal(HttpStatusCode.OK, (await LimitedHosts.Client(hosts.Trusting, Proxy, "10.0.8.2").GetAsync(Cheap())).StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(body.Length > 96 * 1024, $"an answer of {body.Length} characters fits in the response pipe: the test proves nothing");
        Assert.Equal(100, JsonDocument.Parse(body).RootElement.GetProperty("value").GetArrayLength());
    }

    [Fact]
    public async Task A_queued_query_is_refused_when_no_slot_comes_free_in_time()
    {
        var gate = hosts.Untrusting.Services.GetRequiredService<QueryGate>();
        using var held = await gate.EnterAsync(CancellationToken.None);
        Assert.NotNull(held);

        var refused = await LimitedHosts.Client(hosts.Untrusting, "127.0.0.7").GetAsync(Cheap());

        await AssertRefusedAsync(refused, "as many uncached queries as it can");
    }

    [Theory]
    [InlineData("RateLimits:ExpensiveBudget", "0", "ExpensiveBudget")]
    [InlineData("RateLimits:Concurrency", "-1", "Concurrency")]
    [InlineData("ForwardedHeaders:KnownProxies:0", "proxy.example", "ForwardedHeaders:KnownProxies")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "10.0.0.0/99", "ForwardedHeaders:KnownNetworks")]
    public void A_bad_limit_setting_stops_the_host_naming_the_setting(string key, string value, string named)
    {
        using var host = hosts.App.WithWebHostBuilder(b => b.UseSetting(key, value));

        var failure = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        Assert.Contains(named, failure.ToString());
    }

    private static async Task ExhaustAsync(HttpClient client)
    {
        for (var i = 0; i <= LimitedHosts.UncachedBudget; i++)
        {
            if ((await client.GetAsync(Cheap())).StatusCode == HttpStatusCode.TooManyRequests)
            {
                return;
            }
        }
        Assert.Fail("the uncached budget was never exhausted");
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string reason)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.TooManyRequests, $"{(int)response.StatusCode}: {body}");
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.True(retryAfter is { TotalSeconds: >= 1 and <= LimitedHosts.BudgetSeconds }, $"Retry-After: {response.Headers.RetryAfter}");
        Assert.Contains($"Try again in {retryAfter.Value.TotalSeconds} s", body);
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        Assert.Equal("TooManyRequests", error.GetProperty("code").GetString());
        Assert.Contains(reason, error.GetProperty("message").GetString());
        Assert.Equal(2, JsonDocument.Parse(body).RootElement.GetProperty("error").EnumerateObject().Count());
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "gave up waiting");
            await Task.Delay(20);
        }
    }
}
