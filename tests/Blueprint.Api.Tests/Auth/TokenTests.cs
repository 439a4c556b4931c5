using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Blueprint.Api.Auth;
using Blueprint.Data.Directory;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Blueprint.Api.Tests.Auth;

/// <summary>Bearer tokens: how late one may be, what a provider acting for several organisations sees, and what a bad one costs the log.</summary>
public sealed class TokenTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    private static readonly AuthOptions Local = new() { SigningKey = BlueprintApp.SigningKey };

    [Theory]
    [InlineData(20, HttpStatusCode.OK)]
    [InlineData(40, HttpStatusCode.Unauthorized)]
    public async Task A_token_is_accepted_for_at_most_thirty_seconds_after_it_expires(int secondsAgo, HttpStatusCode expected)
    {
        var now = DateTime.UtcNow;
        var token = Local.MintToken("late-analyst", [Roles.Analyst], [], now.AddMinutes(-10), now.AddSeconds(-secondsAgo));
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await client.GetAsync("/api/imports");

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task A_provider_acting_for_two_organisations_sees_the_venue_records_of_both_and_no_others()
    {
        var (mine, other) = (app.Known.OrganisationId, app.Known.OtherOrganisationId);
        var expected = app.WithDb(db => db.VenueRecords.Where(r => db.Interventions.Any(i => i.Id == r.InterventionId && (i.OrganisationId == mine || i.OrganisationId == other)))
            .Select(r => r.Name!).ToList()).Order().ToList();
        var now = DateTime.UtcNow;
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            Local.MintToken("two-orgs", [Roles.Provider], [mine, other], now.AddMinutes(-1), now.AddMinutes(10)));

        var both = await Names(client);
        var one = await Names(app.ClientAs(Roles.Provider, mine));

        Assert.Equal(expected, both);
        Assert.Contains(KnownRecords.HiddenVenueName, both);          // the first organisation's hidden venue
        Assert.Contains("ZZAPPROX Bangor venue", both);              // the second organisation's approximate venue
        Assert.DoesNotContain("ZZAPPROX Bangor venue", one);
        Assert.True(one.Count < both.Count);
    }

    [Fact]
    public async Task A_large_invalid_token_costs_the_log_one_short_line_without_the_token()
    {
        var entries = new ConcurrentQueue<string>();
        using var logged = app.WithWebHostBuilder(b =>
        {
            b.UseSetting("Logging:LogLevel:Default", "Debug");
            b.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Debug");
            b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(new CapturingProvider(entries)));
        });
        var client = logged.CreateClient();
        _ = await client.GetAsync("/health"); // the host has started: what follows is the bad token's doing
        entries.Clear();
        var token = "eyJ" + new string('A', 30_000) + "." + new string('B', 30_000);
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + token);

        var response = await client.GetAsync("/api/imports");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var all = string.Concat(entries);
        Assert.DoesNotContain(new string('A', 64), all);
        Assert.DoesNotContain(new string('B', 64), all);
        Assert.InRange(all.Length, 1, 8 * 1024);
        Assert.Single(entries, e => e.Contains("Refused a bearer token of 60004 characters", StringComparison.Ordinal));
    }

    private static async Task<List<string>> Names(HttpClient client)
    {
        var body = await client.GetStringAsync("/odata/VenueRecords?$select=Name&$top=500");
        return [.. JsonDocument.Parse(body).RootElement.GetProperty("value").EnumerateArray().Select(v => v.GetProperty("Name").GetString()!).OrderBy(n => n)];
    }
}
