using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Blueprint.Api.Auth;
using Blueprint.Data.Directory;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Tests.Listings;

/// <summary>Test helpers for listing writes: callers per role (several organisations too), fresh listings, JSON requests with If-Match.</summary>
internal static class Listings
{
    /// <summary>A client for a role acting for the given organisations (none: anonymous when role is null).</summary>
    public static HttpClient As(BlueprintApp app, string? role, params int[] organisations)
    {
        var client = app.CreateClient();
        if (role is not null)
        {
            var auth = new AuthOptions { SigningKey = BlueprintApp.SigningKey };
            var name = $"{role} of {string.Join("+", organisations)}";
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
                auth.MintToken(name, [role], organisations, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(10)));
        }
        return client;
    }

    /// <summary>Edits of both known organisations publish at once (or wait), as a test needs.</summary>
    public static void EditsWait(BlueprintApp app, bool wait, params int[] organisations) => app.WithDb(db =>
        db.Organisations.Where(o => organisations.Contains(o.Id)).ExecuteUpdate(s => s.SetProperty(o => o.EditsWaitForApproval, wait)));

    /// <summary>A fresh listing of an organisation, with one exact and one hidden venue: (listing id, exact venue id, hidden venue id).</summary>
    public static (int Id, int ExactVenue, int HiddenVenue) NewListing(BlueprintApp app, int organisationId, string name) => app.WithDb(db =>
    {
        var listing = new Intervention
        {
            OrganisationId = organisationId, Name = name, Status = "active", Languages = ["en"], Forms = ["domestic-abuse"],
            LastVerified = new DateOnly(2026, 1, 15), VerifiedBy = "seed", Areas = [db.Areas.Single(a => a.Code == "W06000015")],
        };
        var exact = listing.AddVenue(new VenueRecord { Name = name + " hub", Address = "2 Test Street", Postcode = "CF10 1AA", Latitude = 51.4816, Longitude = -3.1791, AreaCode = "W06000015", Visibility = VenueVisibility.Exact });
        var hidden = listing.AddVenue(new VenueRecord { Name = name + " ZZSECRET refuge", Address = "ZZSECRET 3 Hidden Row", Latitude = 51.5, Longitude = -3.2, AreaCode = "W06000015", Visibility = VenueVisibility.Hidden });
        db.Interventions.Add(listing);
        db.Actor = Setup;
        db.SaveChanges();
        return (listing.Id, exact.Id, hidden.Id);
    });

    /// <summary>Who the audit trail says made the test's own records.</summary>
    public static readonly Blueprint.Data.Listings.AuditActor Setup = new("test", "test setup", "test-setup");

    public static string ETag(long version) => Blueprint.Api.Listings.ListingVersions.ETagOf(version);

    public static long VersionOf(BlueprintApp app, int listingId) =>
        app.WithDb(db => db.Interventions.IgnoreQueryFilters().Where(i => i.Id == listingId).Select(i => i.Version).Single());

    public static long VenueVersionOf(BlueprintApp app, int venueId) =>
        app.WithDb(db => db.VenueRecords.Where(v => v.Id == venueId).Select(v => v.Version).Single());

    public static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, object? body = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new StringContent(body as string ?? JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return client.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement;
    }

    public static async Task<string> Describe(HttpResponseMessage response) =>
        $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
}
