using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Blueprint.Api.Auth;
using Blueprint.Api.Tests.Accounts;
using Blueprint.Data.Directory;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Tests.Security;

/// <summary>
/// Every write route and every sensitive read route, for every kind of caller: anonymous, a provider of
/// organisation A, of B, of both, an analyst, an administrator, a revoked personal token, an expired token
/// and a locked account. A caller who may not act gets 401 (no valid credential) or 403/404 and changes
/// nothing; a caller who may read gets only what its role unlocks (never another organisation's
/// confidential venue). The size and the result are printed with the test output.
/// </summary>
public sealed class SecurityMatrixTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Text only organisation A's confidential venue holds (its postcode), and text only B's holds.</summary>
    private const string SecretOfA = "CF14 9ZZ";
    private const string SecretOfB = "Co-location 2";

    private enum Outcome { Allowed, Unauthenticated, Refused }

    private sealed record Persona(string Name, HttpClient Client, Func<int, bool> MayWriteFor, bool Admin, bool Analyst, int[] Organisations);

    /// <param name="Inspect">For an allowed answer, what is wrong with its body for this caller (null: nothing).</param>
    private sealed record Route(string Name, Func<Task<HttpRequestMessage>> Request, Func<Persona, Outcome> Expected, bool Writes, Func<Persona, string, string?>? Inspect = null);

    [Fact]
    public async Task No_caller_reads_or_changes_what_its_role_and_organisations_do_not_allow_by_any_route()
    {
        var known = app.Known;
        int a = known.OrganisationId, b = known.OtherOrganisationId;
        var personas = await PersonasAsync(a, b);
        var routes = Routes(a, b);
        var failures = new List<string>();
        var cells = 0;
        foreach (var route in routes)
        {
            foreach (var persona in personas)
            {
                cells++;
                using var request = await route.Request();
                var before = Snapshot();
                using var response = await persona.Client.SendAsync(request, Ct);
                var body = await response.Content.ReadAsStringAsync(Ct);
                var expected = route.Expected(persona);
                var status = (int)response.StatusCode;
                var actual = status switch
                {
                    401 => Outcome.Unauthenticated,
                    403 or 404 => Outcome.Refused,
                    >= 200 and < 300 => Outcome.Allowed,
                    // A refusal of the request's content (400, 409, 412, 428) is past the authorisation check: it counts as allowed.
                    >= 400 and < 500 => Outcome.Allowed,
                    _ => (Outcome)(-1),
                };
                if (actual != expected)
                {
                    failures.Add($"{route.Name} as {persona.Name}: expected {expected}, got {status} {Trim(body)}");
                    continue;
                }
                if (actual == Outcome.Allowed && route.Inspect?.Invoke(persona, body) is { } wrong)
                {
                    failures.Add($"{route.Name} as {persona.Name}: {wrong}");
                }
                if (actual != Outcome.Allowed && route.Writes && Snapshot() != before)
                {
                    failures.Add($"{route.Name} as {persona.Name}: refused ({status}) but the data changed");
                }
                if (!persona.Admin && !persona.Analyst && !persona.Organisations.Contains(a) && body.Contains(SecretOfA, StringComparison.Ordinal))
                {
                    failures.Add($"{route.Name} as {persona.Name}: organisation A's confidential venue leaked");
                }
                if (!persona.Admin && !persona.Analyst && !persona.Organisations.Contains(b) && body.Contains(SecretOfB, StringComparison.Ordinal))
                {
                    failures.Add($"{route.Name} as {persona.Name}: organisation B's confidential venue leaked");
                }
            }
        }
        var summary = $"Security matrix: {routes.Count} routes × {personas.Count} callers = {cells} cells; {cells - failures.Count} as expected, {failures.Count} not.";
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
        Console.WriteLine(summary);
        Assert.True(failures.Count == 0, summary + "\n" + string.Join("\n", failures));
        Assert.True(cells >= 200, summary);
    }

    private static string Trim(string body) => body.Length > 200 ? body[..200] + "…" : body;

    /// <summary>What a refused write must leave alone: every listing's and venue record's version, the moderation queue, people and invitations.</summary>
    private string Snapshot() => app.WithDb(db =>
    {
        var text = new StringBuilder();
        foreach (var i in db.Interventions.IgnoreQueryFilters().AsNoTracking().OrderBy(i => i.Id).Select(i => new { i.Id, i.Version, i.LastVerified, i.Status }))
        {
            text.Append(i.Id).Append(':').Append(i.Version).Append(i.LastVerified).Append(i.Status).Append(';');
        }
        text.Append('|').Append(db.VenueRecords.Count()).Append('|').Append(db.VenueRecords.Sum(v => v.Version));
        text.Append('|').Append(db.ModerationItems.Count()).Append('|').Append(db.ModerationItems.Count(m => m.State != "pending"));
        text.Append('|').Append(db.Invitations.Count()).Append('|').Append(db.Users.Count(u => u.LockoutEnd != null));
        text.Append('|').Append(db.Organisations.Count(o => o.EditsWaitForApproval));
        return text.ToString();
    });

    private async Task<List<Persona>> PersonasAsync(int a, int b)
    {
        var auth = new AuthOptions { SigningKey = BlueprintApp.SigningKey };
        HttpClient Bearer(string token)
        {
            var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return client;
        }
        var now = DateTime.UtcNow;
        var both = auth.MintToken("test-provider-both", [Roles.Provider], [a, b], now.AddMinutes(-1), now.AddMinutes(10));
        var expired = auth.MintToken("test-provider-expired", [Roles.Provider], [a], now.AddHours(-2), now.AddHours(-1));

        // A provider of A whose personal token was revoked, and one whose account an administrator locked.
        var revoked = await PersonalTokenAsync("revoked", a);
        var revokedPerson = await People.SignInAsync(app, revoked.Email);
        var listed = await revokedPerson.GetFromJsonAsync<List<TokenRow>>("/api/account/tokens", Ct);
        Assert.Equal(HttpStatusCode.NoContent, (await revokedPerson.DeleteAsync($"/api/account/tokens/{listed!.Single().Id}", Ct)).StatusCode);
        var locked = await PersonalTokenAsync("locked", a);
        var lockIt = await app.ClientAs(Roles.Admin).PatchAsJsonAsync($"/api/admin/people/{locked.PersonId}", new { locked = true }, Ct);
        Assert.True(lockIt.IsSuccessStatusCode, await lockIt.Content.ReadAsStringAsync(Ct));

        return
        [
            new("anonymous", app.CreateClient(), _ => false, false, false, []),
            new("provider of A", app.ClientAs(Roles.Provider, a), org => org == a, false, false, [a]),
            new("provider of B", app.ClientAs(Roles.Provider, b), org => org == b, false, false, [b]),
            new("provider of A and B", Bearer(both), org => org == a || org == b, false, false, [a, b]),
            new("analyst", app.ClientAs(Roles.Analyst), _ => false, false, true, []),
            new("admin", app.ClientAs(Roles.Admin), _ => true, true, false, []),
            new("revoked personal token", Bearer(revoked.Token), _ => false, false, false, []),
            new("expired token", Bearer(expired), _ => false, false, false, []),
            new("locked account's token", Bearer(locked.Token), _ => false, false, false, []),
        ];
    }

    private sealed record TokenRow(int Id, string Name);

    private async Task<(string Email, int PersonId, string Token)> PersonalTokenAsync(string who, int organisation)
    {
        var email = People.NewEmail(who);
        var person = await People.CreateAsync(app, email, Roles.Provider, organisation);
        var session = await People.SignInAsync(app, email);
        var created = await session.PostAsJsonAsync("/api/account/tokens", new { name = who, scope = "write", expiresInDays = 30 }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var token = (await People.JsonAsync(created)).GetProperty("token").GetString()!;
        return (email, person.Id, token);
    }

    private static Outcome Anyone(Persona p) => Outcome.Allowed;

    /// <summary>An administrator's action on an item that does not exist: 404 for the administrator, a refusal for everyone else (the moderation, problem and people tests cover the action itself).</summary>
    private static Outcome NoSuchItem(Persona p) => Credentialed(p, false);

    private static Outcome Credentialed(Persona p, bool allowed) =>
        p.Name is "anonymous" or "revoked personal token" or "expired token" or "locked account's token" ? Outcome.Unauthenticated
        : allowed ? Outcome.Allowed : Outcome.Refused;

    private List<Route> Routes(int a, int b)
    {
        var sampleRound = app.WithDb(db => db.SurveyRounds.AsNoTracking().Single(r => r.Name == Blueprint.Data.Sample.SampleDirectory.SampleRoundName));
        var known = app.Known;
        var (venueOfA, venueOfB) = app.WithDb(db => (
            db.VenueRecords.Single(v => v.InterventionId == known.CardiffId && v.Visibility == VenueVisibility.Hidden).Id,
            db.VenueRecords.Single(v => v.InterventionId == known.HiddenOnlyId).Id));
        var listingOf = new Dictionary<int, int> { [a] = known.CardiffId, [b] = known.HiddenOnlyId };
        var venueOf = new Dictionary<int, int> { [a] = venueOfA, [b] = venueOfB };

        static HttpRequestMessage Json(HttpMethod method, string url, object? body, bool ifMatch = false)
        {
            var request = new HttpRequestMessage(method, url);
            if (body is not null)
            {
                // OData property names as the model spells them (PascalCase), not the web default's camelCase.
                request.Content = JsonContent.Create(body, options: new System.Text.Json.JsonSerializerOptions());
            }
            if (ifMatch)
            {
                request.Headers.TryAddWithoutValidation("If-Match", "*");
            }
            return request;
        }
        Task<HttpRequestMessage> Now(HttpRequestMessage request) => Task.FromResult(request);
        static HttpRequestMessage Upload(string csv)
        {
            var form = new MultipartFormDataContent();
            form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "listings.csv");
            return new HttpRequestMessage(HttpMethod.Post, "/api/listings/uploads") { Content = form };
        }
        static HttpRequestMessage SurveyForm(string url, string? profileJson)
        {
            var form = new MultipartFormDataContent();
            form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes("Organisation name,Name of the intervention\nMatrix Org (synthetic),Matrix Programme\n")), "file", "matrix-survey.csv");
            if (profileJson is not null)
            {
                form.Add(new StringContent(profileJson), "profileJson");
            }
            return new HttpRequestMessage(HttpMethod.Post, url) { Content = form };
        }

        var routes = new List<Route>();
        foreach (var org in new[] { a, b })
        {
            var name = org == a ? "A" : "B";
            var listing = listingOf[org];
            var venue = venueOf[org];
            Outcome Writer(Persona p) => Credentialed(p, p.MayWriteFor(org));
            routes.AddRange(
            [
                new($"create a listing for {name}", () => Now(Json(HttpMethod.Post, "/odata/Interventions",
                    new { OrganisationId = org, Name = $"Matrix listing {Guid.NewGuid():N}", Status = "active", Purposes = new[] { "behaviour-change" }, Forms = new[] { "domestic-abuse" }, AllWales = true })), Writer, true),
                new($"edit {name}'s listing", () => Now(Json(HttpMethod.Patch, $"/odata/Interventions({listing})", new { WaitingTimeWeeks = 3 }, ifMatch: true)), Writer, true),
                new($"pause {name}'s listing", () => Now(Json(HttpMethod.Patch, $"/odata/Interventions({listing})", new { Status = "paused" }, ifMatch: true)), Writer, true),
                new($"verify {name}'s listing", () => Now(Json(HttpMethod.Post, $"/odata/Interventions({listing})/Verify", null)), Writer, true),
                new($"delete a listing of {name}", async () => Json(HttpMethod.Delete, $"/odata/Interventions({await FreshListingAsync(org)})", null, ifMatch: true), Writer, true),
                new($"add a venue to {name}'s listing", () => Now(Json(HttpMethod.Post, "/odata/VenueRecords",
                    new { InterventionId = listing, Visibility = "hidden", Name = "Matrix venue", Latitude = 51.48, Longitude = -3.18 })), Writer, true),
                new($"edit {name}'s confidential venue", () => Now(Json(HttpMethod.Patch, $"/odata/VenueRecords({venue})", new { Name = "Renamed" }, ifMatch: true)), Writer, true),
                new($"delete a venue of {name}", async () => Json(HttpMethod.Delete, $"/odata/VenueRecords({await FreshVenueAsync(listing)})", null, ifMatch: true), Writer, true),
                new($"read {name}'s confidential venue by filter", () => Now(Json(HttpMethod.Get, $"/odata/VenueRecords?$filter=Id eq {venue}", null)),
                    p => Credentialed(p, p.Admin || p.Analyst || p.Organisations.Length > 0), false,
                    (p, body) => (p.Admin || p.Analyst || p.Organisations.Contains(org)) == body.Contains($"\"Id\":{venue},", StringComparison.Ordinal) ? null
                        : p.Organisations.Contains(org) || p.Admin || p.Analyst ? "its own venue record is missing" : "another organisation's venue record was listed"),
                new($"read {name}'s venues through the listing", () => Now(Json(HttpMethod.Get, $"/odata/Interventions({listing})?$expand=VenueRecords", null)),
                    // VenueRecords is not part of the public model: the expansion is a 400 for everyone, never a leak.
                    _ => Outcome.Allowed, false),
                // Another organisation's trail is a 403, never its entries.
                new($"read {name}'s listing's audit trail", () => Now(Json(HttpMethod.Get, $"/api/audit?intervention={listing}", null)),
                    p => Credentialed(p, p.Admin || p.Organisations.Contains(org)), false,
                    (p, body) => p.Admin || p.Organisations.Contains(org) || body.Contains("\"entries\":[]", StringComparison.Ordinal) ? null : "another organisation's audit entries were listed"),
                new($"read {name}'s audit trail as CSV", () => Now(Json(HttpMethod.Get, $"/api/audit?organisation={org}&format=csv", null)),
                    p => Credentialed(p, p.Admin || p.Organisations.Contains(org)), false,
                    (p, body) => p.Admin || p.Organisations.Contains(org) || body.Trim().Split('\n').Length == 1 ? null : "another organisation's audit rows were exported"),
                new($"set {name}'s moderation setting", () => Now(Json(HttpMethod.Put, $"/api/moderation/organisations/{org}", new { EditsWaitForApproval = true })),
                    p => Credentialed(p, p.Admin), true),
                // An upload only previews; a row of another organisation's listing is an error row, never a change.
                new($"upload an edited copy of {name}'s listing", () => Now(Upload($"Organisation id,Id,Name,Status\n{org},{listing},Renamed by matrix upload,paused\n")),
                    p => Credentialed(p, p.Admin || p.Organisations.Length > 0), true,
                    (p, body) => p.MayWriteFor(org) == body.Contains("\"status\":\"changed\"", StringComparison.Ordinal) ? null
                        : p.MayWriteFor(org) ? "its own listing's change was not previewed" : "another organisation's listing was previewed as a change"),
            ]);
        }
        routes.AddRange(
        [
            new("list venue records", () => Now(Json(HttpMethod.Get, "/odata/VenueRecords", null)), p => Credentialed(p, p.Admin || p.Analyst || p.Organisations.Length > 0), false),
            new("list the moderation queue", () => Now(Json(HttpMethod.Get, "/api/moderation", null)), p => Credentialed(p, p.Admin || p.Organisations.Length > 0), false),
            new("approve a queued change", () => Now(Json(HttpMethod.Post, "/api/moderation/2147483000/approve", null)), NoSuchItem, true),
            new("reject a queued change", () => Now(Json(HttpMethod.Post, "/api/moderation/2147483000/reject", new { reason = "no" })), NoSuchItem, true),
            new("list problem reports", () => Now(Json(HttpMethod.Get, "/api/problems", null)), p => Credentialed(p, p.Admin || p.Organisations.Length > 0), false),
            new("close a problem report", () => Now(Json(HttpMethod.Post, "/api/problems/2147483000/close", new { status = "resolved", note = "x" })), NoSuchItem, true),
            new("read the stale report", () => Now(Json(HttpMethod.Get, "/api/admin/stale", null)), p => Credentialed(p, p.Admin), false),
            new("list people", () => Now(Json(HttpMethod.Get, "/api/admin/people", null)), p => Credentialed(p, p.Admin), false),
            new("invite a person", () => Now(Json(HttpMethod.Post, "/api/admin/invitations", new { email = People.NewEmail("invitee"), role = "admin", organisations = Array.Empty<int>() })), p => Credentialed(p, p.Admin), true),
            new("lock a person", () => Now(Json(HttpMethod.Patch, "/api/admin/people/2147483000", new { locked = true })), NoSuchItem, true),
            new("read survey evidence", () => Now(Json(HttpMethod.Get, "/odata/survey/SurveyResponses?$top=5", null)), p => Credentialed(p, p.Admin || p.Analyst), false),
            new("list survey imports", () => Now(Json(HttpMethod.Get, "/api/imports", null)), p => Credentialed(p, p.Admin || p.Analyst), false),
            new("draft a survey profile", () => Now(SurveyForm("/api/imports/profile-suggestion", null)), p => Credentialed(p, p.Admin || p.Analyst), false),
            new("dry-run a survey export with a sent profile", () => Now(SurveyForm("/api/imports?dryRun=true",
                """{"name":"matrix","fields":{"organisationName":{"column":"Organisation name"},"interventionName":{"column":"Name of the intervention"}}}""")),
                p => Credentialed(p, p.Admin || p.Analyst), false),
            new("read the provision analysis", () => Now(Json(HttpMethod.Get, "/odata/survey/analysis/ProvisionByArea?$top=5", null)), p => Credentialed(p, p.Admin || p.Analyst), false),
            new("export the gaps analysis", () => Now(Json(HttpMethod.Get, "/api/analysis/gaps.csv", null)), p => Credentialed(p, p.Admin || p.Analyst), false),
            new("read search demand", () => Now(Json(HttpMethod.Get, "/odata/survey/analysis/SearchDemand?$top=5", null)), p => Credentialed(p, p.Admin || p.Analyst), false),
            new("search the public directory", () => Now(Json(HttpMethod.Get, "/odata/Interventions?$expand=Venues&$top=400", null)), Anyone, false),
            new("read public venues", () => Now(Json(HttpMethod.Get, "/odata/Venues?$top=1000", null)), Anyone, false),
            new("read map markers", () => Now(Json(HttpMethod.Get, "/api/geo/markers?area=W06000015", null)), Anyone, false),
            new("apply an upload", () => Now(Json(HttpMethod.Post, "/api/listings/uploads/2147483000/apply", null)), NoSuchItem, true),
            new("read an upload", () => Now(Json(HttpMethod.Get, "/api/listings/uploads/2147483000", null)), NoSuchItem, false),
            new("read the change feed", () => Now(Json(HttpMethod.Get, "/api/changes?since=2026-01-01T00:00:00Z", null)), Anyone, false),
            new("read the data standard", () => Now(Json(HttpMethod.Get, "/standard/cy", null)), Anyone, false),
            new("read the standard's schema", () => Now(Json(HttpMethod.Get, "/standard/schema.json", null)), Anyone, false),
            new("read the standard's template", () => Now(Json(HttpMethod.Get, "/standard/template.csv", null)), Anyone, false),
            // Webhooks are off in this host: administrators get 404 WebhooksDisabled, everyone else 401/403 (tests/…/Feeds/WebhookTests turn them on).
            new("register a webhook", () => Now(Json(HttpMethod.Post, "/api/webhooks", new { url = "http://127.0.0.1/hook" })), NoSuchItem, true),
            new("list webhooks", () => Now(Json(HttpMethod.Get, "/api/webhooks", null)), NoSuchItem, false),
            new("delete a webhook", () => Now(Json(HttpMethod.Delete, "/api/webhooks/2147483000", null)), NoSuchItem, true),
            new("read a webhook's deliveries", () => Now(Json(HttpMethod.Get, "/api/webhooks/2147483000/deliveries", null)), NoSuchItem, false),
            // The Open Referral feed: public data only, to everyone, with or without credentials.
            new("read the Open Referral services", () => Now(Json(HttpMethod.Get, "/openreferral/services?full=true&per_page=500", null)), Anyone, false),
            new("read the Open Referral locations", () => Now(Json(HttpMethod.Get, "/openreferral/service_at_locations?full=true&per_page=500", null)), Anyone, false),
            new("stream the Open Referral services", () => Now(Json(HttpMethod.Get, "/openreferral/services?full=true&format=ndjson", null)), Anyone, false),
            new("read the Open Referral organisations", () => Now(Json(HttpMethod.Get, "/openreferral/organizations?full=true&per_page=500", null)), Anyone, false),
            new("list survey rounds", () => Now(Json(HttpMethod.Get, "/api/rounds", null)), p => Credentialed(p, p.Admin || p.Analyst), false),
            new("add a survey round", () => Now(Json(HttpMethod.Post, "/api/rounds", new { name = $"Matrix round {Guid.NewGuid():N}", tool = "Forms", opensOn = "2020-01-01", closesOn = "2020-02-01" })),
                p => Credentialed(p, p.Admin), true),
            new("change a survey round", () => Now(Json(HttpMethod.Put, $"/api/rounds/{sampleRound.Id}", new { sampleRound.Name, sampleRound.Tool, sampleRound.OpensOn, sampleRound.ClosesOn })),
                p => Credentialed(p, p.Admin), true),
            new("preview a survey publish", () => Now(Json(HttpMethod.Post, "/api/imports/2147483000/publish?preview=true", null)), NoSuchItem, false),
            new("erase a survey import", () => Now(Json(HttpMethod.Delete, "/api/imports/2147483000", null)), NoSuchItem, true),
        ]);
        return routes;
    }

    /// <summary>A listing made for one DELETE, so each caller's attempt meets a listing that is still there.</summary>
    private Task<int> FreshListingAsync(int organisation) => Task.FromResult(app.WithDb(db =>
    {
        var listing = new Intervention { OrganisationId = organisation, Name = $"Matrix deletable {Guid.NewGuid():N}", Status = "active", AllWales = true, LastVerified = new DateOnly(2026, 10, 1) };
        db.Interventions.Add(listing);
        db.SaveChanges();
        return listing.Id;
    }));

    private Task<int> FreshVenueAsync(int listingId) => Task.FromResult(app.WithDb(db =>
    {
        var listing = db.Interventions.IgnoreQueryFilters().Include(i => i.VenueRecords).Include(i => i.Venues).Single(i => i.Id == listingId);
        var record = listing.AddVenue(new VenueRecord { Name = "Matrix deletable venue", Visibility = VenueVisibility.Hidden, Latitude = 51.48, Longitude = -3.18 });
        db.SaveChanges();
        return record.Id;
    }));
}
