using System.Collections.Concurrent;
using System.Text.Json;
using Blueprint.Data;
using Blueprint.Data.Directory;
using Blueprint.Data.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Tests.ReadModel;

/// <summary>
/// Snapshots are swapped whole: readers running while the data changes see the old state or the new one,
/// never a mix of the two, and a change made by this host or by another process becomes visible.
/// </summary>
public sealed class ReadModelSwapTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    private const string Prefix = "ZZSWAP";
    private const int Listings = 5;
    private const string Url = "/odata/Interventions?$filter=startswith(Name,'" + Prefix + "')&$select=Description&$count=true";

    [Fact]
    public async Task Readers_during_changes_see_each_state_whole_and_the_last_one_in_the_end()
    {
        var ids = app.WithDb(db =>
        {
            var listings = Enumerable.Range(1, Listings).Select(n => new Intervention
            {
                OrganisationId = app.Known.OrganisationId, Name = $"{Prefix} listing {n}", Description = "state 0",
                LastVerified = new DateOnly(2026, 10, 1), Status = "active", AllWales = true,
            }).ToList();
            db.Interventions.AddRange(listings);
            db.SaveChanges();
            return listings.Select(l => l.Id).ToArray();
        });
        await app.WaitForSnapshotAsync();
        var servedBefore = app.ReadModel().Served;

        using var stop = new CancellationTokenSource();
        var problems = new ConcurrentQueue<string>();
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var client = app.CreateClient();
            // A cookie keeps the output cache out of the way: every answer is computed.
            client.DefaultRequestHeaders.Add("Cookie", "swap=uncached");
            var last = -1;
            while (!stop.IsCancellationRequested)
            {
                var state = await StateAsync(client, problems);
                if (state < last)
                {
                    problems.Enqueue($"state {state} after state {last}");
                }
                last = Math.Max(last, state);
            }
        })).ToList();

        // Changes by this host: each one a single transaction over every listing.
        for (var state = 1; state <= 4; state++)
        {
            var description = $"state {state}";
            app.WithDb(db =>
            {
                foreach (var listing in db.Interventions.Where(i => ids.Contains(i.Id)))
                {
                    listing.Description = description;
                }
                return db.SaveChanges();
            });
            var reader = app.CreateClient();
            reader.DefaultRequestHeaders.Add("Cookie", "swap=uncached");
            // Whoever writes through this host reads the change at once.
            Assert.Equal(state, await StateAsync(reader, problems));
            await Task.Delay(150, TestContext.Current.CancellationToken);
        }

        // A change by another process (a context of its own, as the command line's): the poll brings it.
        await using (var other = BlueprintDbFactory.Create(DatabaseOptions.Sqlite, app.WithDb(db => db.Database.GetConnectionString())!))
        {
            foreach (var listing in await other.Interventions.Where(i => ids.Contains(i.Id)).ToListAsync(TestContext.Current.CancellationToken))
            {
                listing.Description = "state 5";
            }
            await other.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("Cookie", "swap=uncached");
        await Freshness.Freshness.Until(async () => await StateAsync(client, problems) == 5, "the other process's change to be served");
        await app.WaitForSnapshotAsync();

        await stop.CancelAsync();
        await Task.WhenAll(readers);
        Assert.Empty(problems);
        Assert.True(app.ReadModel().Served > servedBefore, "no read was answered from the snapshot");
        Assert.Equal(5, await StateAsync(client, problems));
    }

    /// <summary>The one state every listing is in, or -1 (with the problem recorded) when the answer is not whole.</summary>
    private static async Task<int> StateAsync(HttpClient client, ConcurrentQueue<string> problems)
    {
        var response = await client.GetAsync(Url);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            problems.Enqueue($"{(int)response.StatusCode}: {body}");
            return -1;
        }
        using var json = JsonDocument.Parse(body);
        var descriptions = json.RootElement.GetProperty("value").EnumerateArray().Select(v => v.GetProperty("Description").GetString()).Distinct().ToList();
        if (json.RootElement.GetProperty("@odata.count").GetInt32() != Listings || descriptions.Count != 1)
        {
            problems.Enqueue($"a mixed answer: {body}");
            return -1;
        }
        return int.Parse(descriptions[0]!["state ".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
