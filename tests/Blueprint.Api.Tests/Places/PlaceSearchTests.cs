using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Blueprint.Api.Tests.Places;

/// <summary><c>GET /api/places/search</c> over the shipped gazetteer and postcode districts, with nothing configured.</summary>
public sealed class PlaceSearchTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    private async Task<List<JsonElement>> CandidatesAsync(string text, HttpClient? client = null)
    {
        var body = await app.GetJsonAsync($"/api/places/search?q={Uri.EscapeDataString(text)}", client);
        Assert.Contains("OS Open Names", body.GetProperty("attribution").GetString() ?? "", StringComparison.Ordinal);
        return body.GetProperty("candidates").EnumerateArray().ToList();
    }

    private static string? Authority(JsonElement candidate) => candidate.GetProperty("localAuthority").GetString();

    [Theory]
    [InlineData("Bangor", "W06000002")]
    [InlineData("fangor", "W06000002")]
    [InlineData("Nghaerdydd", "W06000015")]
    [InlineData("Y Fenni", "W06000021")]
    [InlineData("Ystrad Mynach", "W06000018")]
    [InlineData("ll57", "W06000002")]
    [InlineData("LL57", "W06000002")]
    public async Task A_town_village_or_postcode_district_resolves_to_a_point_in_its_local_authority(string text, string authority)
    {
        var first = (await CandidatesAsync(text))[0];
        Assert.True(first.GetProperty("exact").GetBoolean());
        Assert.Equal(authority, Authority(first));
        Assert.InRange(first.GetProperty("latitude").GetDouble(), 51.3, 53.5);
        Assert.InRange(first.GetProperty("longitude").GetDouble(), -5.4, -2.6);
        // The point leads to the same areas the map and the directory use.
        var areas = await app.GetJsonAsync($"/api/geo/lookup?latitude={first.GetProperty("latitude").GetDouble()}&longitude={first.GetProperty("longitude").GetDouble()}");
        Assert.Contains(areas.EnumerateArray(), a => a.GetProperty("code").GetString() == authority);
    }

    [Theory]
    [InlineData("Ngwynedd", "W06000002")]
    [InlineData("Wynedd", "W06000002")]
    [InlineData("Ngogledd Cymru", "VR-NW")]
    public async Task An_area_name_with_a_welsh_mutation_is_answered_by_its_code(string text, string code)
    {
        var body = await app.GetJsonAsync($"/api/places/search?q={Uri.EscapeDataString(text)}");
        Assert.Equal([code], body.GetProperty("areas").EnumerateArray().Select(a => a.GetString()).ToList());
    }

    [Fact]
    public async Task Pentre_is_offered_once_per_local_authority_that_has_one()
    {
        var pentre = (await CandidatesAsync("Pentre")).Where(c => c.GetProperty("exact").GetBoolean()).ToList();
        Assert.True(pentre.Count >= 3, $"{pentre.Count} places called Pentre");
        Assert.All(pentre, c => Assert.Equal("Pentre", c.GetProperty("name").GetString()));
        Assert.Equal(pentre.Count, pentre.Select(Authority).Distinct().Count());
    }

    [Fact]
    public async Task A_cross_border_district_resolves_to_its_main_welsh_local_authority_not_its_centre()
    {
        var hr3 = Assert.Single(await CandidatesAsync("HR3"));
        Assert.Equal("W06000023", Authority(hr3)); // Powys holds its Welsh postcodes
        var atCentre = await app.GetJsonAsync($"/api/geo/lookup?latitude={hr3.GetProperty("latitude").GetDouble()}&longitude={hr3.GetProperty("longitude").GetDouble()}");
        Assert.Equal(0, atCentre.GetArrayLength()); // its postcode-weighted centre lies in England
    }

    [Fact]
    public async Task Without_a_postcode_lookup_a_full_postcode_is_answered_by_its_district_marked_approximate()
    {
        var found = Assert.Single(await CandidatesAsync("cf10 1aa"));
        Assert.Equal("postcode-district", found.GetProperty("kind").GetString());
        Assert.Equal("CF10", found.GetProperty("name").GetString());
        Assert.Equal("CF10 1AA", found.GetProperty("postcode").GetString());
        Assert.True(found.GetProperty("approximate").GetBoolean());
        Assert.Equal("W06000015", Authority(found));
    }

    [Fact]
    public async Task A_configured_postcode_lookup_answers_a_full_postcode_first()
    {
        var file = Path.Combine(Path.GetTempPath(), $"blueprint-postcodes-{Guid.NewGuid():N}.csv");
        // A point deliberately far from CF10's centre, so only the lookup can have answered.
        await File.WriteAllTextAsync(file, "postcode,latitude,longitude\nCF10 1AA,51.4816,-3.1791\n");
        try
        {
            using var configured = app.WithWebHostBuilder(b => b.UseSetting("Places:PostcodeFile", file));
            var client = configured.CreateClient();
            var found = Assert.Single(await CandidatesAsync("CF10 1AA", client));
            Assert.Equal("postcode", found.GetProperty("kind").GetString());
            Assert.False(found.GetProperty("approximate").GetBoolean());
            Assert.Equal(51.4816, found.GetProperty("latitude").GetDouble(), 4);
            Assert.Equal("W06000015", Authority(found));
            // A postcode the lookup does not know still finds its district, approximately.
            var unknown = Assert.Single(await CandidatesAsync("LL57 9ZZ", client));
            Assert.True(unknown.GetProperty("approximate").GetBoolean());
            Assert.Equal("W06000002", Authority(unknown));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("SW1A 1AA")]
    [InlineData("Atlantis")]
    public async Task A_place_or_postcode_outside_the_data_finds_nothing(string text) =>
        Assert.Empty(await CandidatesAsync(text));

    [Theory]
    [InlineData("")]
    [InlineData("%20%20")]
    public async Task An_empty_query_is_a_400_with_the_OData_error_body(string q)
    {
        var response = await app.CreateClient().GetAsync($"/api/places/search?q={q}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("BadPlaceQuery", error.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("Places:GazetteerFile")]
    [InlineData("Places:PostcodeDistrictsFile")]
    public void A_missing_reference_file_stops_the_start_with_a_line_naming_the_setting_and_the_path(string setting)
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.csv");
        using var broken = app.WithWebHostBuilder(b => b.UseSetting(setting, path));
        var error = Assert.ThrowsAny<Exception>(() => broken.CreateClient());
        var missing = FindInner<FileNotFoundException>(error);
        Assert.NotNull(missing);
        Assert.Contains(setting, missing.Message, StringComparison.Ordinal);
        Assert.Contains(path, missing.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', missing.Message);
    }

    [Fact]
    public void An_unreadable_reference_file_stops_the_start_with_a_line_naming_the_setting_and_the_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bad-places-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "this,is,not\nthe,gazetteer,1\n");
        try
        {
            using var broken = app.WithWebHostBuilder(b => b.UseSetting("Places:GazetteerFile", path));
            var invalid = FindInner<InvalidDataException>(Assert.ThrowsAny<Exception>(() => broken.CreateClient()));
            Assert.NotNull(invalid);
            Assert.Contains("Places:GazetteerFile", invalid.Message, StringComparison.Ordinal);
            Assert.Contains(path, invalid.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static T? FindInner<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }
        return null;
    }
}
