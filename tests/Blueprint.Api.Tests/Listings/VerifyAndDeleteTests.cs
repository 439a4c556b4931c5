using System.Net;
using Blueprint.Api.Auth;
using Blueprint.Api.Listings;
using Blueprint.Data.Listings;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Api.Tests.Listings;

/// <summary>An edit is not a verification (both dates kept and returned); deleting closes and tombstones a listing.</summary>
public sealed class VerifyAndDeleteTests : IClassFixture<BlueprintApp>
{
    private readonly BlueprintApp app;
    private static readonly string Today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public VerifyAndDeleteTests(BlueprintApp app)
    {
        this.app = app;
        Listings.EditsWait(app, false, app.Known.OrganisationId, app.Known.OtherOrganisationId);
    }

    [Fact]
    public async Task An_edit_moves_UpdatedAt_but_never_LastVerified()
    {
        var listing = Listings.NewListing(app, app.Known.OrganisationId, "ZZVERIFY edit");
        var before = await app.GetJsonAsync($"/odata/Interventions({listing.Id})");
        var response = await Listings.SendAsync(Listings.As(app, Roles.Provider, app.Known.OrganisationId), HttpMethod.Patch,
            $"/odata/Interventions({listing.Id})", new { Description = "Edited." }, "*");
        var after = await Listings.JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2026-01-15", after.GetProperty("LastVerified").GetString());
        Assert.Equal("seed", after.GetProperty("VerifiedBy").GetString());
        Assert.NotEqual(before.GetProperty("UpdatedAt").GetString(), after.GetProperty("UpdatedAt").GetString());
    }

    [Fact]
    public async Task Verify_alone_sets_LastVerified_to_today_and_VerifiedBy_to_the_person()
    {
        var listing = Listings.NewListing(app, app.Known.OrganisationId, "ZZVERIFY verify");
        var response = await Listings.SendAsync(Listings.As(app, Roles.Provider, app.Known.OrganisationId), HttpMethod.Post, $"/odata/Interventions({listing.Id})/Verify");
        var after = await Listings.JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Today, after.GetProperty("LastVerified").GetString());
        Assert.Equal($"provider of {app.Known.OrganisationId}", after.GetProperty("VerifiedBy").GetString());
        Assert.Equal("ZZVERIFY verify", after.GetProperty("Name").GetString());
    }

    [Fact]
    public async Task The_verification_method_others_call_verifies_and_audits_under_their_actor()
    {
        var listing = Listings.NewListing(app, app.Known.OrganisationId, "ZZVERIFY by mail");
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Blueprint.Data.BlueprintDb>();
        var (outcome, verified) = await ListingVerification.VerifyAsync(db, listing.Id, new AuditActor("person-7", "Mair from the mail link", "reminder-link"), new DateOnly(2026, 11, 2));

        Assert.Equal(ListingVerification.Outcome.Verified, outcome);
        Assert.Equal("Mair from the mail link", verified!.VerifiedBy);
        Assert.Equal(new DateOnly(2026, 11, 2), verified.LastVerified);
        var entry = app.WithDb(d => d.AuditEntries.Where(a => a.InterventionId == listing.Id).OrderBy(a => a.Id).Last());
        Assert.Equal(("verified", "reminder-link", "person-7"), (entry.Action, entry.Route, entry.ActorId));
    }

    [Fact]
    public async Task Delete_closes_and_tombstones_the_listing_out_of_search_but_its_key_still_answers()
    {
        var listing = Listings.NewListing(app, app.Known.OrganisationId, "ZZDELETE tombstone");
        var search = "/odata/Interventions?$filter=Name eq 'ZZDELETE tombstone'&$select=Id";
        Assert.Single((await app.GetJsonAsync(search)).GetProperty("value").EnumerateArray());

        var response = await Listings.SendAsync(Listings.As(app, Roles.Provider, app.Known.OrganisationId), HttpMethod.Delete, $"/odata/Interventions({listing.Id})", ifMatch: "*");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        Assert.Empty((await app.GetJsonAsync(search)).GetProperty("value").EnumerateArray());
        Assert.Empty((await app.GetJsonAsync("/odata/Interventions/InArea(code='W06000015')?$filter=Name eq 'ZZDELETE tombstone'")).GetProperty("value").EnumerateArray());
        var withDeleted = await app.GetJsonAsync(search.Replace("&$select", "&includeDeleted=true&$select", StringComparison.Ordinal));
        Assert.Single(withDeleted.GetProperty("value").EnumerateArray());
        var detail = await app.GetJsonAsync($"/odata/Interventions({listing.Id})?$expand=Venues");
        Assert.Equal("closed", detail.GetProperty("Status").GetString());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, detail.GetProperty("ClosedAt").ValueKind);
        Assert.Empty(detail.GetProperty("Venues").EnumerateArray());
        // The row and its venue records stay for the audit trail.
        Assert.Equal(2, app.WithDb(db => db.VenueRecords.Count(v => v.InterventionId == listing.Id)));
    }

    [Fact]
    public async Task Venue_writes_rederive_the_public_face_from_the_record()
    {
        var listing = Listings.NewListing(app, app.Known.OrganisationId, "ZZVENUE faces");
        var provider = Listings.As(app, Roles.Provider, app.Known.OrganisationId);
        var created = await Listings.SendAsync(provider, HttpMethod.Post, "/odata/VenueRecords",
            new { InterventionId = listing.Id, Name = "ZZVENUE Bangor", Address = "ZZAPPROXADDR 5 Road", Latitude = 53.2274, Longitude = -4.1293, Visibility = "approximate" });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await Listings.Describe(created));
        var record = await Listings.JsonAsync(created);
        Assert.Equal("W06000002", record.GetProperty("AreaCode").GetString());
        var venueId = record.GetProperty("Id").GetInt32();

        var faces = await app.GetJsonAsync($"/odata/Interventions({listing.Id})?$expand=Venues");
        var face = Assert.Single(faces.GetProperty("Venues").EnumerateArray(), v => v.GetProperty("Visibility").GetString() == "approximate");
        Assert.Equal("W06000002", face.GetProperty("AreaCode").GetString());
        Assert.DoesNotContain("ZZAPPROXADDR", faces.GetRawText());

        var exact = await Listings.SendAsync(provider, HttpMethod.Patch, $"/odata/VenueRecords({venueId})", new { Visibility = "exact" }, record.GetProperty("@odata.etag").GetString());
        Assert.Equal(HttpStatusCode.OK, exact.StatusCode);
        Assert.Contains("ZZAPPROXADDR", (await app.GetJsonAsync($"/odata/Interventions({listing.Id})?$expand=Venues")).GetRawText());

        var hidden = await Listings.SendAsync(provider, HttpMethod.Patch, $"/odata/VenueRecords({venueId})", new { Visibility = "hidden" }, exact.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.OK, hidden.StatusCode);
        var after = await app.GetJsonAsync($"/odata/Interventions({listing.Id})?$expand=Venues");
        Assert.DoesNotContain("ZZAPPROXADDR", after.GetRawText());
        Assert.DoesNotContain("ZZVENUE Bangor", (await app.GetJsonAsync("/odata/Venues?$top=500")).GetRawText());
    }
}
