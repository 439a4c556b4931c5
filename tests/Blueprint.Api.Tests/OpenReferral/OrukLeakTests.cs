using System.Buffers;
using System.Globalization;
using Blueprint.Api.Auth;
using Blueprint.Api.OpenReferral;
using Blueprint.Api.Places;
using Blueprint.Data.Directory;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Blueprint.Api.Tests.OpenReferral;

/// <summary>
/// Confidential venues never reach the Open Referral feed (decisions 0003 and 0032): no endpoint, parameter,
/// <c>full</c>, <c>ndjson</c>, <c>modified_after</c> probe or postcode/proximity probe reveals a hidden or
/// approximate venue's address, postcode, point, name or id (nor an id derived from it), whoever asks.
/// </summary>
public sealed class OrukLeakTests(BlueprintApp app, ITestOutputHelper output) : IClassFixture<BlueprintApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Every text that would betray a hidden or approximate venue.</summary>
    private List<string> Secrets()
    {
        var confidential = app.WithDb(db => db.VenueRecords.AsNoTracking()
            .Where(v => v.Visibility != VenueVisibility.Exact).Select(v => v.PublicId).ToList());
        Assert.True(confidential.Count >= 3, "the known records hold hidden and approximate venues");
        return
        [
            KnownRecords.HiddenVenueName, KnownRecords.HiddenAddress, KnownRecords.ApproximateAddress, "ZZSECRET", "ZZAPPROX", "CF14 9ZZ", "LL57 9ZZ",
            .. new[] { KnownRecords.HiddenLatitude, KnownRecords.HiddenLongitude, KnownRecords.ApproxLatitude, KnownRecords.ApproxLongitude }
                .Select(d => d.ToString(CultureInfo.InvariantCulture)),
            .. confidential.SelectMany(id => new[] { id, OrukIds.ServiceAtLocation(id), OrukIds.Address(id) }).Select(id => id.ToString("D")),
        ];
    }

    private List<string> Urls(Func<int, Guid> organisation, Func<int, Guid> listing)
    {
        var known = app.Known;
        string[] lists = ["services", "service_at_locations", "organizations", "taxonomies", "taxonomy_terms"];
        string[] filters =
        [
            "", "per_page=500", "page=2&per_page=3",
            "search=ZZSECRET", "search=Refuge", "search=Hidden", "search=Quiet Road", "search=ZZAPPROX", "search=ZZKNOWN",
            $"organization_id={organisation(known.OrganisationId)}", $"organization_id={organisation(known.OtherOrganisationId)}",
            $"taxonomy_term_id={OrukIds.Term("risk-level", "high", "en")}", $"taxonomy_id={OrukIds.Taxonomy("language")}",
            "modified_after=2000-01-01T00:00:00Z", $"modified_after={DateTime.UtcNow.AddMinutes(-10):O}",
        ];
        string[] shapes = ["", "full=true", "minimal=true", "format=ndjson", "full=true&format=ndjson", "minimal=true&format=ndjson"];
        var urls = new List<string>();
        foreach (var list in lists)
        {
            foreach (var query in from f in filters from shape in shapes select string.Join('&', new[] { f, shape }.Where(p => p.Length > 0)))
            {
                // Only combinations the list takes: each URL must be answered, not refused.
                var names = query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')[0]).ToList();
                if (names.All(OrukQuery.Accepted[list].Contains) && !(names.Contains("format") && names.Contains("page")))
                {
                    urls.Add($"/openreferral/{list}?{query}");
                }
            }
        }
        foreach (var id in new[] { known.CardiffId, known.GwyneddId, known.HiddenOnlyId, known.AllWalesId })
        {
            urls.Add($"/openreferral/services/{listing(id)}");
        }
        urls.Add($"/openreferral/organizations/{organisation(known.OrganisationId)}");
        urls.Add($"/openreferral/organizations/{organisation(known.OtherOrganisationId)}");
        foreach (var postcode in new[] { "CF14 9ZZ", "CF14", "LL57 9ZZ", "LL57", "CF10 1AA" })
        {
            urls.Add($"/openreferral/service_at_locations?postcode={postcode}&full=true");
            foreach (var metres in new[] { 1, 50, 500, 5_000, 100_000 })
            {
                urls.Add($"/openreferral/service_at_locations?postcode={postcode}&proximity={metres}&full=true&per_page=500");
                urls.Add($"/openreferral/service_at_locations?postcode={postcode}&proximity={metres}&format=ndjson");
            }
        }
        return urls;
    }

    private (Func<int, Guid> Organisation, Func<int, Guid> Listing) Ids() => app.WithDb(db =>
    {
        var organisations = db.Organisations.AsNoTracking().ToDictionary(o => o.Id, o => o.PublicId);
        var listings = db.Interventions.IgnoreQueryFilters().AsNoTracking().ToDictionary(i => i.Id, i => i.PublicId);
        return ((Func<int, Guid>)(id => organisations[id]), (Func<int, Guid>)(id => listings[id]));
    });

    [Fact]
    public async Task No_endpoint_or_parameter_reveals_a_hidden_or_approximate_venue_to_any_caller()
    {
        var secrets = Secrets();
        var anySecret = SearchValues.Create(secrets.ToArray(), StringComparison.OrdinalIgnoreCase);
        var (organisation, listing) = Ids();
        var urls = Urls(organisation, listing);
        var callers = new Dictionary<string, HttpClient>
        {
            ["anonymous"] = app.CreateClient(),
            // The feed is public data only: credentials change nothing, not even for the venue's own provider or an administrator.
            ["provider of A"] = app.ClientAs(Roles.Provider, app.Known.OrganisationId),
            ["admin"] = app.ClientAs(Roles.Admin),
        };
        var problems = new List<string>();
        var answered = 0;
        foreach (var (who, client) in callers)
        {
            foreach (var url in urls)
            {
                var response = await client.GetAsync(url, Ct);
                var body = await response.Content.ReadAsStringAsync(Ct);
                if ((int)response.StatusCode >= 500 || (int)response.StatusCode == 400)
                {
                    problems.Add($"{who} {url}: {(int)response.StatusCode} {body}");
                }
                answered++;
                // One pass over the body for all the secrets at once (not one search per secret: hundreds of them over
                // hundreds of large answers); only a body that holds one is searched again to name which.
                if (body.AsSpan().ContainsAny(anySecret))
                {
                    foreach (var secret in secrets.Where(s => body.Contains(s, StringComparison.OrdinalIgnoreCase)))
                    {
                        problems.Add($"{who} {url}: reveals '{secret}'");
                    }
                }
            }
        }
        output.WriteLine($"{answered} answers ({urls.Count} URLs × {callers.Count} callers), {secrets.Count} secrets looked for, {problems.Count} problems");
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(30)));
    }

    [Fact]
    public async Task Confidential_venue_ids_and_their_derived_ids_are_not_found()
    {
        var confidential = app.WithDb(db => db.VenueRecords.AsNoTracking().Where(v => v.Visibility != VenueVisibility.Exact).Select(v => v.PublicId).ToList());
        var client = app.CreateClient();
        foreach (var id in confidential.SelectMany(id => new[] { id, OrukIds.ServiceAtLocation(id) }))
        {
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync($"/openreferral/service_at_locations/{id}", Ct)).StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync($"/openreferral/services/{id}", Ct)).StatusCode);
        }
    }

    [Fact]
    public async Task A_listing_with_only_confidential_venues_shows_its_areas_and_no_location()
    {
        var (_, listing) = Ids();
        foreach (var id in new[] { app.Known.GwyneddId, app.Known.HiddenOnlyId })
        {
            var service = await app.GetJsonAsync($"/openreferral/services/{listing(id)}");
            Assert.Empty(service.GetProperty("service_at_locations").EnumerateArray());
            Assert.NotEmpty(service.GetProperty("service_areas").EnumerateArray());
            var located = await app.GetJsonAsync($"/openreferral/service_at_locations?search={Uri.EscapeDataString(service.GetProperty("name").GetString()!)}");
            Assert.Equal(0, located.GetProperty("total_items").GetInt32());
        }
        var gwynedd = await app.GetJsonAsync($"/openreferral/services/{listing(app.Known.GwyneddId)}");
        Assert.Contains(gwynedd.GetProperty("service_areas").EnumerateArray(), a => a.GetProperty("uri").GetString()!.EndsWith("/W06000002", StringComparison.Ordinal));
    }

    /// <summary>
    /// With a postcode lookup that knows the hidden and approximate venues' own postcodes at their exact points,
    /// proximity probes around those points find nothing closer than the nearest exact venue, at any radius.
    /// </summary>
    [Fact]
    public async Task Proximity_probes_at_a_confidential_venues_own_point_find_no_trace_of_it()
    {
        var file = Path.Combine(Path.GetTempPath(), $"oruk-postcodes-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "postcode,latitude,longitude\n"
            + FormattableString.Invariant($"CF14 9ZZ,{KnownRecords.HiddenLatitude},{KnownRecords.HiddenLongitude}\n")
            + FormattableString.Invariant($"LL57 9ZZ,{KnownRecords.ApproxLatitude},{KnownRecords.ApproxLongitude}\n"), Ct);
        try
        {
            using var host = app.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton(
                new PostcodeLookup(new PlacesOptions { PostcodeFile = file }, Path.GetTempPath(), NullLogger<PostcodeLookup>.Instance))));
            var client = host.CreateClient();
            var secrets = Secrets();
            var exact = app.WithDb(db => db.Venues.AsNoTracking().Where(v => v.Visibility == VenueVisibility.Exact)
                .Select(v => new { v.PublicId, v.Latitude, v.Longitude }).ToList());
            foreach (var (postcode, lat, lon) in new[] { ("CF14 9ZZ", KnownRecords.HiddenLatitude, KnownRecords.HiddenLongitude), ("LL57 9ZZ", KnownRecords.ApproxLatitude, KnownRecords.ApproxLongitude) })
            {
                foreach (var metres in new[] { 1, 10, 100, 1_000, 10_000, 100_000 })
                {
                    var url = $"/openreferral/service_at_locations?postcode={Uri.EscapeDataString(postcode)}&proximity={metres}&per_page=500";
                    var response = await client.GetAsync(url, Ct);
                    var body = await response.Content.ReadAsStringAsync(Ct);
                    Assert.True(response.IsSuccessStatusCode, $"{url}: {body}");
                    Assert.DoesNotContain(secrets, s => body.Contains(s, StringComparison.OrdinalIgnoreCase));
                    // Exactly the exact venues within the radius: nothing is counted for the confidential venue at the centre.
                    var expected = exact.Count(v => Blueprint.Data.Geography.Spatial.DistanceKm(lat, lon, v.Latitude!.Value, v.Longitude!.Value) <= metres / 1000.0);
                    var json = System.Text.Json.JsonDocument.Parse(body).RootElement;
                    Assert.Equal(expected, json.GetProperty("total_items").GetInt32());
                }
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>A change to a hidden venue is not a public change: the listing's last_modified and modified_after do not move.</summary>
    [Fact]
    public async Task Editing_a_hidden_venue_does_not_show_through_modified_after()
    {
        var (_, listing) = Ids();
        var id = listing(app.Known.CardiffId);
        var before = (await app.GetJsonAsync($"/openreferral/services/{id}")).GetProperty("last_modified").GetString()!;
        var editedAfter = DateTime.UtcNow;
        await Task.Delay(20, Ct);
        app.WithDb(db =>
        {
            var hidden = db.VenueRecords.Single(v => v.InterventionId == app.Known.CardiffId && v.Visibility == VenueVisibility.Hidden);
            hidden.Address = KnownRecords.HiddenAddress + " (moved)";
            return db.SaveChanges();
        });
        var after = (await app.GetJsonAsync($"/openreferral/services/{id}")).GetProperty("last_modified").GetString()!;
        Assert.Equal(before, after);
        var changed = await app.GetJsonAsync($"/openreferral/services?minimal=true&per_page=500&modified_after={editedAfter:O}");
        Assert.DoesNotContain(changed.GetProperty("contents").EnumerateArray(), s => s.GetProperty("id").GetString() == id.ToString("D"));
    }
}
