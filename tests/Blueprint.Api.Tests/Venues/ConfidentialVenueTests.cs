using System.Net;
using Blueprint.Api.Auth;

namespace Blueprint.Api.Tests.Venues;

/// <summary>Hidden venues never reach a caller who is not entitled, whatever the route; approximate ones carry no address or point.</summary>
public sealed class ConfidentialVenueTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    private const string Secret = "ZZSECRET";
    private const string ApproxSecret = "ZZAPPROX 9";

    public static TheoryData<string> PublicRoutes() =>
    [
        "/odata/Interventions?$expand=Venues&$top=500",
        "/odata/Interventions?$filter=startswith(Name,'ZZKNOWN')&$expand=Venues",
        "/odata/Interventions?$filter=startswith(Name,'ZZKNOWN')&$select=Name&$expand=Venues($select=Name,Address,Latitude,Longitude,Postcode)",
        "/odata/Venues?$top=500",
        "/odata/Venues?$filter=contains(Name,'ZZ')",
        "/odata/Venues?$apply=groupby((Name,Address,Latitude,Longitude))&$top=500",
        "/odata/Venues?$apply=groupby((Visibility),aggregate($count as N))",
        "/odata/Interventions?$apply=groupby((Name))&$top=500",
        "/odata/Interventions/InArea(code='W06000015')?$expand=Venues&$top=500",
        "/odata/Interventions/Near(latitude=51.51234,longitude=-3.20987,radiusKm=2)?$expand=Venues",
        "/odata/Interventions/Near(latitude=53.22111,longitude=-4.13222,radiusKm=2)?$expand=Venues",
        "/odata/Organisations?$expand=Interventions($expand=Venues)&$filter=startswith(Name,'Known') or startswith(Name,'Other')",
        "/api/geo/areas",
        "/api/geo/areas?filter=startswith(Name,'ZZKNOWN')",
        "/odata/$metadata",
    ];

    [Theory]
    [MemberData(nameof(PublicRoutes))]
    public async Task No_public_route_discloses_a_hidden_or_approximate_venues_details(string route)
    {
        foreach (var role in new string?[] { null, Roles.Provider })
        {
            var response = await app.ClientAs(role, role is null ? null : 999).GetAsync(route);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{route} → {(int)response.StatusCode}: {body}");
            Assert.DoesNotContain(Secret, body);
            Assert.DoesNotContain(ApproxSecret, body);
            Assert.DoesNotContain("51.51234", body);
            Assert.DoesNotContain("53.22111", body);
            Assert.DoesNotContain("LL57 9ZZ", body);
        }
    }

    [Fact]
    public async Task The_approximate_venue_is_listed_by_its_area_only()
    {
        var json = await app.GetJsonAsync($"/odata/Interventions({app.Known.GwyneddId})?$expand=Venues");
        var venue = Assert.Single(json.GetProperty("Venues").EnumerateArray());
        Assert.Equal("approximate", venue.GetProperty("Visibility").GetString());
        Assert.Equal("W06000002", venue.GetProperty("AreaCode").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, venue.GetProperty("Latitude").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, venue.GetProperty("Address").ValueKind);
    }

    [Fact]
    public async Task The_public_model_has_no_path_from_interventions_to_venue_records()
    {
        var response = await app.CreateClient().GetAsync("/odata/Interventions?$expand=VenueRecords");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Anonymous_callers_cannot_read_venue_records()
    {
        var response = await app.CreateClient().GetAsync("/odata/VenueRecords");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Analysts_and_admins_see_every_venue_record_including_hidden_ones()
    {
        foreach (var role in new[] { Roles.Analyst, Roles.Admin })
        {
            var body = await app.ClientAs(role).GetStringAsync("/odata/VenueRecords?$filter=startswith(Name,'ZZ')");
            Assert.Contains(KnownRecords.HiddenAddress, body);
            Assert.Contains(KnownRecords.ApproximateAddress, body);
        }
    }

    [Fact]
    public async Task A_provider_sees_its_own_organisations_venue_records_and_no_others()
    {
        var own = await app.ClientAs(Roles.Provider, app.Known.OrganisationId).GetStringAsync("/odata/VenueRecords?$top=500");
        Assert.Contains(KnownRecords.HiddenVenueName, own);
        Assert.DoesNotContain(KnownRecords.ApproximateAddress, own);
        Assert.DoesNotContain(KnownRecords.HiddenAddress + " 2", own);

        var other = await app.ClientAs(Roles.Provider, app.Known.OtherOrganisationId).GetStringAsync("/odata/VenueRecords?$top=500");
        Assert.Contains(KnownRecords.ApproximateAddress, other);
        Assert.DoesNotContain("ZZKNOWN Cardiff Hub", other);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        var client = app.CreateClient();
        var forged = new AuthOptions { SigningKey = Convert.ToBase64String(new byte[32]) }.MintToken("x", [Roles.Admin], null, TimeSpan.FromMinutes(5));
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", forged);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/odata/VenueRecords")).StatusCode);
    }
}
