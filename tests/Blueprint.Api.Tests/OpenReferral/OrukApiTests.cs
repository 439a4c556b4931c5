using System.Net;
using System.Text.Json;
using Blueprint.Api.OpenReferral;
using Blueprint.Data.Directory;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Tests.OpenReferral;

/// <summary>What a client of <c>/openreferral</c> sees: the root, the mapping, parameters combined with AND, refusals, CORS.</summary>
public sealed class OrukApiTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Guid PublicIdOf(int listing) => app.WithDb(db => db.Interventions.IgnoreQueryFilters().Single(i => i.Id == listing).PublicId);

    private Guid OrganisationIdOf(int organisation) => app.WithDb(db => db.Organisations.Single(o => o.Id == organisation).PublicId);

    private static List<string> Names(JsonElement page) =>
        page.GetProperty("contents").EnumerateArray().Select(s => s.GetProperty("name").GetString()!).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task The_root_names_the_profile_and_openapi_url_as_the_client_reached_the_server()
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Host = "directory.example.wales";
        var root = JsonDocument.Parse(await client.GetStringAsync("/openreferral/", Ct)).RootElement;
        Assert.Equal("HSDS-UK-3.0", root.GetProperty("version").GetString());
        Assert.Equal("http://directory.example.wales/openreferral/openapi.json", root.GetProperty("openapi_url").GetString());
        Assert.Equal("http://directory.example.wales/openreferral/profile", root.GetProperty("profile").GetString());
        var profile = JsonDocument.Parse(await client.GetStringAsync("/openreferral/profile", Ct)).RootElement;
        Assert.Contains("openreferral.org", profile.GetProperty("attribution").GetString());
    }

    [Theory]
    [InlineData("/openreferral/services")]
    [InlineData("/openreferral/")]
    [InlineData("/openreferral/taxonomies")]
    [InlineData("/openreferral/services?per_page=0")]
    public async Task The_feed_allows_any_origin_without_credentials(string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Origin", "https://partner.example.org");
        var response = await app.CreateClient().SendAsync(request, Ct);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Theory]
    [InlineData("/api/account/me")]
    [InlineData("/api/config")]
    [InlineData("/api/account/signin")]
    [InlineData("/odata/Interventions?$top=1")]
    [InlineData("/api/listings/uploads/1")]
    public async Task Cookie_and_other_routes_never_allow_another_origin(string url)
    {
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Options, HttpMethod.Post })
        {
            using var request = new HttpRequestMessage(method, url);
            request.Headers.Add("Origin", "https://partner.example.org");
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Cookie", "blueprint=whatever");
            var response = await app.CreateClient().SendAsync(request, Ct);
            Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"), $"{method} {url}");
            Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"), $"{method} {url}");
        }
    }

    [Fact]
    public async Task A_browser_preflight_to_the_feed_is_answered()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/openreferral/services");
        request.Headers.Add("Origin", "https://partner.example.org");
        request.Headers.Add("Access-Control-Request-Method", "GET");
        var response = await app.CreateClient().SendAsync(request, Ct);
        Assert.True(response.IsSuccessStatusCode, ((int)response.StatusCode).ToString());
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Theory]
    [InlineData("/openreferral/services?per_page=0", "per_page")]
    [InlineData("/openreferral/services?per_page=501", "per_page")]
    [InlineData("/openreferral/services?page=abc", "page")]
    [InlineData("/openreferral/services?page=0", "page")]
    [InlineData("/openreferral/services?taxonomy_term_id=purpose", "taxonomy_term_id")]
    [InlineData("/openreferral/services?organization_id=12", "organization_id")]
    [InlineData("/openreferral/services?modified_after=yesterday", "modified_after")]
    [InlineData("/openreferral/services?format=xml", "format")]
    [InlineData("/openreferral/services?full=maybe", "full")]
    [InlineData("/openreferral/services?minimal=true&full=true", "minimal")]
    [InlineData("/openreferral/services?search=", "search")]
    [InlineData("/openreferral/services?page=1&page=2", "page")]
    [InlineData("/openreferral/services?day=monday", "day")]
    [InlineData("/openreferral/services?colour=blue", "colour")]
    [InlineData("/openreferral/services?postcode=CF10", "postcode")]
    [InlineData("/openreferral/service_at_locations?proximity=500", "proximity")]
    [InlineData("/openreferral/service_at_locations?postcode=CF10&proximity=0", "proximity")]
    [InlineData("/openreferral/service_at_locations?postcode=CF10&proximity=100001", "proximity")]
    [InlineData("/openreferral/service_at_locations?postcode=ZZ99 9ZZ", "ZZ99 9ZZ")]
    [InlineData("/openreferral/service_at_locations?postcode=SW1A 1AA", "SW1A 1AA")]
    [InlineData("/openreferral/organizations?taxonomy_id=0b8a2d0e-2c1f-4c55-9a3e-5f1d2c3b4a59", "taxonomy_id")]
    [InlineData("/openreferral/taxonomies?modified_after=2026-01-01", "modified_after")]
    public async Task A_bad_parameter_is_a_400_that_names_it(string url, string named)
    {
        var response = await app.CreateClient().GetAsync(url, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        Assert.Equal("BadQuery", error.GetProperty("code").GetString());
        Assert.Contains(named, error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("services")]
    [InlineData("organizations")]
    [InlineData("service_at_locations")]
    [InlineData("taxonomies")]
    [InlineData("taxonomy_terms")]
    public async Task An_unknown_or_malformed_id_is_a_404(string list)
    {
        foreach (var id in new[] { Guid.NewGuid().ToString(), "1", "not-an-id" })
        {
            var response = await app.CreateClient().GetAsync($"/openreferral/{list}/{id}", Ct);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("NotFound", JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("error").GetProperty("code").GetString());
        }
    }

    [Fact]
    public async Task Parameters_combine_with_and()
    {
        var known = app.Known;
        var all = await app.GetJsonAsync("/openreferral/services?search=ZZKNOWN");
        Assert.Equal(["ZZKNOWN All Wales Helpline", "ZZKNOWN Cardiff Respect Programme", "ZZKNOWN Gwynedd Approximate Service", "ZZKNOWN Hidden Only Service"], Names(all));

        var ofA = await app.GetJsonAsync($"/openreferral/services?search=ZZKNOWN&organization_id={OrganisationIdOf(known.OrganisationId)}");
        Assert.Equal(["ZZKNOWN All Wales Helpline", "ZZKNOWN Cardiff Respect Programme"], Names(ofA));

        // Welsh is a language of the Cardiff and Gwynedd listings; with organisation A only Cardiff is left. The Welsh term filters as the English one does.
        foreach (var language in new[] { "en", "cy" })
        {
            var welsh = OrukIds.Term("language", "cy", language);
            var both = await app.GetJsonAsync($"/openreferral/services?search=ZZKNOWN&taxonomy_term_id={welsh}&organization_id={OrganisationIdOf(known.OrganisationId)}");
            Assert.Equal(["ZZKNOWN Cardiff Respect Programme"], Names(both));
            var welshOnly = await app.GetJsonAsync($"/openreferral/services?search=ZZKNOWN&taxonomy_term_id={welsh}");
            Assert.Equal(["ZZKNOWN Cardiff Respect Programme", "ZZKNOWN Gwynedd Approximate Service"], Names(welshOnly));
        }
        var words = await app.GetJsonAsync("/openreferral/services?search=ZZKNOWN%20Cardiff");
        Assert.Equal(["ZZKNOWN Cardiff Respect Programme"], Names(words));
        var welshName = await app.GetJsonAsync("/openreferral/services?search=ZZHYSBYS");
        Assert.Equal(["ZZKNOWN Cardiff Respect Programme", "ZZKNOWN Gwynedd Approximate Service"], Names(welshName));
    }

    [Fact]
    public async Task Statuses_map_to_oruks_and_closed_listings_stay_defunct_until_deleted()
    {
        var ids = app.WithDb(db =>
        {
            var listings = new[] { "active", "paused", "closed" }.Select(status => new Intervention
            {
                OrganisationId = app.Known.OrganisationId, Name = $"ZZSTATUS {status}", Status = status, AllWales = true, LastVerified = new DateOnly(2026, 10, 1),
            }).ToList();
            db.Interventions.AddRange(listings);
            db.SaveChanges();
            return listings.ToDictionary(l => l.Status, l => l.PublicId);
        });
        Assert.Equal("active", (await app.GetJsonAsync($"/openreferral/services/{ids["active"]}")).GetProperty("status").GetString());
        Assert.Equal("temporarily closed", (await app.GetJsonAsync($"/openreferral/services/{ids["paused"]}")).GetProperty("status").GetString());
        Assert.Equal("defunct", (await app.GetJsonAsync($"/openreferral/services/{ids["closed"]}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_full_service_carries_areas_languages_attributes_and_its_exact_venue()
    {
        var cardiff = await app.GetJsonAsync($"/openreferral/services/{PublicIdOf(app.Known.CardiffId)}");
        var listing = app.WithDb(db => db.Interventions.Include(i => i.Venues).Include(i => i.Organisation).Single(i => i.Id == app.Known.CardiffId));
        Assert.Equal(listing.PublicId.ToString(), cardiff.GetProperty("id").GetString());
        Assert.Equal(listing.Organisation!.PublicId.ToString(), cardiff.GetProperty("organization_id").GetString());
        Assert.Equal("2026-10-01", cardiff.GetProperty("assured_date").GetString());
        var area = Assert.Single(cardiff.GetProperty("service_areas").EnumerateArray());
        Assert.Equal("http://statistics.data.gov.uk/id/statistical-geography/W06000015", area.GetProperty("uri").GetString());
        Assert.Equal(["cy", "en"], cardiff.GetProperty("languages").EnumerateArray().Select(l => l.GetProperty("code").GetString()!).Order().ToArray());
        var venue = Assert.Single(listing.Venues);
        var located = Assert.Single(cardiff.GetProperty("service_at_locations").EnumerateArray());
        Assert.Equal(OrukIds.ServiceAtLocation(venue.PublicId).ToString(), located.GetProperty("id").GetString());
        Assert.Equal(venue.PublicId.ToString(), located.GetProperty("location").GetProperty("id").GetString());
        Assert.Equal("CF10 1AA", located.GetProperty("location").GetProperty("addresses")[0].GetProperty("postal_code").GetString());
        // Each classification is linked twice, to the English and to the Welsh term of the same code.
        var terms = cardiff.GetProperty("attributes").EnumerateArray().Select(a => a.GetProperty("taxonomy_term")).ToList();
        Assert.Contains(terms, t => t.GetProperty("term").GetString() == "high" && t.GetProperty("language").GetString() == "en" && t.GetProperty("name").GetString() == "High");
        Assert.Contains(terms, t => t.GetProperty("term").GetString() == "high" && t.GetProperty("language").GetString() == "cy" && t.GetProperty("name").GetString() == "Uchel");
    }

    [Fact]
    public async Task An_organisation_without_a_description_gets_a_bilingual_one()
    {
        var organisation = await app.GetJsonAsync($"/openreferral/organizations/{OrganisationIdOf(app.Known.OrganisationId)}");
        var description = organisation.GetProperty("description").GetString()!;
        Assert.StartsWith("Known Test Organisation (", description);
        Assert.Contains("Mae Known Test Organisation", description);
        Assert.Contains(organisation.GetProperty("services").EnumerateArray(), s => s.GetProperty("name").GetString() == "ZZKNOWN Cardiff Respect Programme");
    }

    [Fact]
    public async Task Derived_ids_are_version_5_uuids_stable_across_requests()
    {
        // RFC 9562's example: the DNS namespace and "www.example.com".
        Assert.Equal(new Guid("2ed6657d-e927-568b-95e1-2665a8aea6a2"), OrukIds.Version5(new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "www.example.com"));
        var first = await app.GetJsonAsync("/openreferral/taxonomy_terms?per_page=500");
        var second = await app.GetJsonAsync("/openreferral/taxonomy_terms?per_page=500");
        var ids = first.GetProperty("contents").EnumerateArray().Select(t => t.GetProperty("id").GetString()!).ToList();
        Assert.Equal(ids, second.GetProperty("contents").EnumerateArray().Select(t => t.GetProperty("id").GetString()!).ToList());
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Equal('5', id[14]));
    }

    [Fact]
    public async Task A_postcode_without_a_lookup_uses_its_districts_centre()
    {
        // CF10 1AA is the Cardiff hub's postcode; no lookup is configured in tests, so CF10's centre answers.
        var near = await app.GetJsonAsync("/openreferral/service_at_locations?postcode=CF10%201AA&proximity=3000&per_page=500&search=ZZKNOWN");
        Assert.Equal(["ZZKNOWN Cardiff Hub"], near.GetProperty("contents").EnumerateArray().Select(s => s.GetProperty("location").GetProperty("name").GetString()!).ToList());
        var far = await app.GetJsonAsync("/openreferral/service_at_locations?postcode=LL57%201AA&proximity=3000&per_page=500&search=ZZKNOWN");
        Assert.Equal(0, far.GetProperty("total_items").GetInt32());
        // Without proximity: the listings whose service area holds the postcode.
        var served = await app.GetJsonAsync("/openreferral/service_at_locations?postcode=CF10&per_page=500&search=ZZKNOWN");
        Assert.Equal(1, served.GetProperty("total_items").GetInt32());
        var notServed = await app.GetJsonAsync("/openreferral/service_at_locations?postcode=LL57&per_page=500&search=ZZKNOWN%20Cardiff");
        Assert.Equal(0, notServed.GetProperty("total_items").GetInt32());
    }

    [Fact]
    public async Task Modified_after_returns_what_changed_since()
    {
        var since = DateTime.UtcNow.AddSeconds(-1);
        var id = app.WithDb(db =>
        {
            var listing = db.Interventions.Single(i => i.Id == app.Known.AllWalesId);
            listing.WaitingTimeWeeks = (listing.WaitingTimeWeeks ?? 0) + 1;
            db.SaveChanges();
            return listing.PublicId;
        });
        var changed = await app.GetJsonAsync($"/openreferral/services?minimal=true&per_page=500&modified_after={since:O}");
        Assert.Contains(changed.GetProperty("contents").EnumerateArray(), s => s.GetProperty("id").GetString() == id.ToString());
        var minimal = changed.GetProperty("contents")[0];
        Assert.Equal(["id", "last_modified", "name", "status"], minimal.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
        var future = await app.GetJsonAsync($"/openreferral/services?modified_after={DateTime.UtcNow.AddDays(1):O}");
        Assert.True(future.GetProperty("empty").GetBoolean());
    }
}
