using System.Net;
using Blueprint.Api.Limits;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Api.Tests.ReadModel;

/// <summary>The concurrency limit guards the database: a search the read model answers from memory takes no query slot.</summary>
public sealed class ReadModelLimitsTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    [Fact]
    public async Task Searches_from_the_snapshot_are_answered_while_every_database_slot_is_taken()
    {
        // A host of its own: limits on (the shared fixture turns them off), one slot, no queue.
        await using var limited = app.WithWebHostBuilder(b =>
        {
            b.UseSetting("RateLimits:Enabled", "true");
            b.UseSetting("RateLimits:Concurrency", "1");
            b.UseSetting("RateLimits:QueueLength", "0");
            b.UseSetting("RateLimits:QueueSeconds", "0.2");
        });
        var client = limited.CreateClient();
        client.DefaultRequestHeaders.Add("Cookie", "limits=uncached");
        var readModel = limited.Services.GetRequiredService<Blueprint.Api.ReadModel.DirectoryReadModel>();
        await Freshness.Freshness.Until(() => Task.FromResult(readModel.Current is not null), "the read model's snapshot to be current");

        using var held = await limited.Services.GetRequiredService<QueryGate>().EnterAsync(CancellationToken.None);
        Assert.NotNull(held);

        var fromMemory = await client.GetAsync("/odata/Interventions/InArea(code='VR-NW')?$top=5&$count=true&$select=Id", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, fromMemory.StatusCode);
        // A query the database must answer (a division) still waits for a slot, and here is refused.
        var fromDatabase = await client.GetAsync("/odata/Interventions?$filter=Id div 1 eq 1&$select=Id", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.TooManyRequests, fromDatabase.StatusCode);
    }
}
