namespace Blueprint.Api.Tests.Interventions;

/// <summary>Near with only $top loads just the nearest rows: the answer must equal the head of the full answer.</summary>
public sealed class NearTopTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(20)]
    public async Task Top_n_is_the_head_of_the_full_nearest_first_list(int top)
    {
        const string near = "/odata/Interventions/Near(latitude=51.4816,longitude=-3.1791,radiusKm=25)";
        var all = Rows(await app.GetJsonAsync($"{near}?$select=Id,DistanceKm&$filter=Id gt 0&$top=500"));
        var head = Rows(await app.GetJsonAsync($"{near}?$select=Id,DistanceKm&$top={top}"));
        Assert.True(all.Count > top, $"the sample should have more than {top} interventions near Cardiff");
        Assert.Equal(all.Take(top), head);
    }

    private static List<(int Id, double Km)> Rows(System.Text.Json.JsonElement json) =>
        json.GetProperty("value").EnumerateArray()
            .Select(v => (v.GetProperty("Id").GetInt32(), v.GetProperty("DistanceKm").GetDouble())).ToList();
}
