using Blueprint.Api.Tests.ReadModel;

namespace Blueprint.Api.Tests.Interventions;

/// <summary>
/// A deleted listing's venue must not take a place among the nearest: with only <c>$top</c>, the database path
/// loads just the nearest rows, and a deleted one among them used to leave the page a row short.
/// (A fixture of its own: the test deletes the known Cardiff listing, nearest to the point asked.)
/// </summary>
public sealed class NearDeletedTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    private const string Near = "/odata/Interventions/Near(latitude=51.4816,longitude=-3.1791,radiusKm=25)";

    [Fact]
    public async Task A_deleted_listings_venue_does_not_cut_a_page_of_the_nearest_short()
    {
        app.WithDb(db =>
        {
            db.Interventions.Single(i => i.Id == app.Known.CardiffId).ClosedAt = DateTime.UtcNow;
            return db.SaveChanges();
        });
        await app.WaitForSnapshotAsync();
        var client = app.CreateClient();
        foreach (var fromDatabase in new[] { true, false })
        {
            var all = await ReadModelPaths.GetAsync(app, client, $"{Near}?$select=Id&$filter=Id gt 0&$top=500", fromDatabase);
            var inRange = Ids(all.Body);
            Assert.DoesNotContain(app.Known.CardiffId, inRange);
            var top = await ReadModelPaths.GetAsync(app, client, $"{Near}?$select=Id&$top={inRange.Count}", fromDatabase);
            Assert.Equal(inRange.Order(), Ids(top.Body).Order());
        }
    }

    private static List<int> Ids(string body) =>
        System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("value").EnumerateArray().Select(v => v.GetProperty("Id").GetInt32()).ToList();
}
