using System.Net;
using System.Text.Json;

namespace Blueprint.Api.Tests.Interventions;

public sealed class DistanceSearchTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    [Fact]
    public async Task Results_are_nearest_first_with_their_distance()
    {
        var json = await app.GetJsonAsync("/odata/Interventions/Near(latitude=51.4816,longitude=-3.1791,radiusKm=15)?$select=Name,DistanceKm&$top=500");
        var distances = json.GetProperty("value").EnumerateArray().Select(v => v.GetProperty("DistanceKm").GetDouble()).ToList();
        Assert.NotEmpty(distances);
        Assert.Equal(distances.Order().ToList(), distances);
        Assert.All(distances, d => Assert.InRange(d, 0, 15));
        var known = json.GetProperty("value").EnumerateArray().Single(v => v.GetProperty("Name").GetString() == "ZZKNOWN Cardiff Respect Programme");
        Assert.Equal(0, known.GetProperty("DistanceKm").GetDouble(), 0.01);
    }

    [Fact]
    public async Task A_hidden_venue_is_never_found_by_distance()
    {
        // Right on top of the hidden venue, with a radius that only it could satisfy.
        var json = await app.GetJsonAsync(
            $"/odata/Interventions/Near(latitude={KnownRecords.HiddenLatitude},longitude={KnownRecords.HiddenLongitude},radiusKm=0.05)?$select=Id");
        var ids = json.GetProperty("value").EnumerateArray().Select(v => v.GetProperty("Id").GetInt32()).ToList();
        Assert.DoesNotContain(app.Known.HiddenOnlyId, ids);
    }

    [Fact]
    public async Task An_approximate_venue_is_matched_by_its_area_not_its_point()
    {
        // Inside Gwynedd but about 40 km from the venue's real point: matched (distance 0, inside its area).
        var json = await app.GetJsonAsync("/odata/Interventions/Near(latitude=52.95,longitude=-3.95,radiusKm=1)?$filter=startswith(Name,'ZZKNOWN')&$select=Id,DistanceKm");
        var match = json.GetProperty("value").EnumerateArray().Single(v => v.GetProperty("Id").GetInt32() == app.Known.GwyneddId);
        Assert.Equal(0, match.GetProperty("DistanceKm").GetDouble());

        // From Llangefni (Anglesey) the distance reported is to Gwynedd's boundary, never to the venue's real point.
        var fromAnglesey = await app.GetJsonAsync("/odata/Interventions/Near(latitude=53.2559,longitude=-4.3106,radiusKm=20)?$filter=startswith(Name,'ZZKNOWN')&$select=Id,DistanceKm");
        var reported = fromAnglesey.GetProperty("value").EnumerateArray().Single(v => v.GetProperty("Id").GetInt32() == app.Known.GwyneddId).GetProperty("DistanceKm").GetDouble();
        var real = Blueprint.Data.Geography.Spatial.DistanceKm(53.2559, -4.3106, KnownRecords.ApproxLatitude, KnownRecords.ApproxLongitude);
        Assert.True(reported < real - 1, $"reported {reported} km, real point {real} km away");
    }

    [Theory]
    [InlineData("latitude=51.4,longitude=-3.1,radiusKm=0")]
    [InlineData("latitude=51.4,longitude=-3.1,radiusKm=5000")]
    [InlineData("latitude=95,longitude=-3.1,radiusKm=5")]
    [InlineData("latitude=51.4,longitude=-3.1")]
    public async Task Bad_distance_arguments_are_refused_with_a_4xx(string arguments)
    {
        var response = await app.CreateClient().GetAsync($"/odata/Interventions/Near({arguments})");
        Assert.InRange((int)response.StatusCode, 400, 499);
    }
}
