using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Blueprint.Api.Auth;
using Blueprint.Api.Tests.Limits;
using Blueprint.Data.Listings;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Tests.Problems;

/// <summary>
/// "Report a problem with this listing": anonymous, validated, rate-limited per client address, storing
/// nothing about the sender; admins see and close every report, a provider sees its own listings' only.
/// </summary>
public sealed class ProblemReportTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Guid PublicIdOf(int id) => app.WithDb(db => db.Interventions.Single(i => i.Id == id).PublicId);

    private static Task<HttpResponseMessage> ReportAsync(HttpClient client, Guid listing, object report) =>
        client.PostAsJsonAsync($"/api/listings/{listing}/problems", report, Ct);

    private async Task<List<JsonElement>> ReportsSeenBy(HttpClient client) =>
        [.. (await app.GetJsonAsync("/api/problems", client)).EnumerateArray()];

    [Fact]
    public async Task Anyone_can_report_a_problem_and_nothing_about_them_is_stored()
    {
        var marker = $"ZZPROBLEM {Guid.NewGuid():N}";
        const string Peer = "10.77.66.55", Agent = "ZZAGENT/1.0 (reporter's browser)";
        await using var host = LimitedHosts.Limited(app, []);
        var client = LimitedHosts.Client(host, Peer);
        client.DefaultRequestHeaders.UserAgent.ParseAdd(Agent);
        var versionBefore = app.WithDb(db => db.Interventions.Single(i => i.Id == app.Known.CardiffId).Version);

        var response = await ReportAsync(client, PublicIdOf(app.Known.CardiffId), new { category = "closed", details = marker });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var stored = app.WithDb(db => db.ProblemReports.AsNoTracking().Single(r => r.Details == marker));
        Assert.Equal((app.Known.CardiffId, "closed", "open"), (stored.InterventionId, stored.Category, stored.Status));
        Assert.Null(stored.ContactEmail);
        foreach (var property in typeof(ProblemReport).GetProperties().Where(p => p.PropertyType == typeof(string)))
        {
            var value = (string?)property.GetValue(stored) ?? "";
            Assert.DoesNotContain(Peer, value);
            Assert.DoesNotContain("ZZAGENT", value);
        }
        // A report never changes the listing.
        Assert.Equal(versionBefore, app.WithDb(db => db.Interventions.Single(i => i.Id == app.Known.CardiffId).Version));
    }

    [Theory]
    [InlineData("""{"category":"moved"}""", 400, "BadCategory")]
    [InlineData("""{"details":"no category"}""", 400, "BadCategory")]
    [InlineData("""{"category":"other"}""", 400, "DetailsRequired")]
    [InlineData("""{"category":"wrong-contact","contactEmail":"not an address"}""", 400, "BadContactEmail")]
    [InlineData("""{"category":"wrong-area","details":"LONG"}""", 400, "DetailsTooLong")]
    public async Task A_bad_report_gets_a_4xx_naming_the_field(string json, int status, string code)
    {
        json = json.Replace("LONG", new string('x', ProblemReport.MaxDetails + 1), StringComparison.Ordinal);
        var response = await app.CreateClient().PostAsync($"/api/listings/{PublicIdOf(app.Known.CardiffId)}/problems",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains($"\"code\":\"{code}\"", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_report_about_an_unknown_listing_is_a_404()
    {
        var response = await ReportAsync(app.CreateClient(), Guid.NewGuid(), new { category = "closed" });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("UnknownListing", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Admins_see_every_report_and_a_provider_only_those_about_its_own_listings()
    {
        var tag = Guid.NewGuid().ToString("N");
        Assert.Equal(HttpStatusCode.Accepted, (await ReportAsync(app.CreateClient(), PublicIdOf(app.Known.CardiffId),
            new { category = "wrong-contact", details = $"A {tag}", contactEmail = "reporter@example.org" })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await ReportAsync(app.CreateClient(), PublicIdOf(app.Known.GwyneddId),
            new { category = "wrong-area", details = $"B {tag}" })).StatusCode);
        List<string> Mine(List<JsonElement> seen) =>
            [.. seen.Select(r => r.GetProperty("details").GetString() ?? "").Where(d => d.EndsWith(tag, StringComparison.Ordinal)).Order()];

        Assert.Equal([$"A {tag}", $"B {tag}"], Mine(await ReportsSeenBy(app.ClientAs(Roles.Admin))));
        var own = await ReportsSeenBy(app.ClientAs(Roles.Provider, app.Known.OrganisationId));
        Assert.Equal([$"A {tag}"], Mine(own));
        Assert.All(own, r => Assert.Equal(app.Known.OrganisationId, r.GetProperty("organisationId").GetInt32()));
        Assert.Equal("reporter@example.org", own.Single(r => r.GetProperty("details").GetString() == $"A {tag}").GetProperty("contactEmail").GetString());
        Assert.Equal([$"B {tag}"], Mine(await ReportsSeenBy(app.ClientAs(Roles.Provider, app.Known.OtherOrganisationId))));
        Assert.Empty(await ReportsSeenBy(app.ClientAs(Roles.Provider, 999_999)));

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/problems", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(Roles.Analyst).GetAsync("/api/problems", Ct)).StatusCode);
    }

    [Fact]
    public async Task Only_an_admin_closes_a_report_as_resolved_or_dismissed_with_a_note()
    {
        var tag = Guid.NewGuid().ToString("N");
        await ReportAsync(app.CreateClient(), PublicIdOf(app.Known.CardiffId), new { category = "closed", details = tag });
        var id = app.WithDb(db => db.ProblemReports.Single(r => r.Details == tag).Id);
        var close = new { status = "dismissed", note = "Still running: checked by phone." };

        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(Roles.Provider, app.Known.OrganisationId).PostAsJsonAsync($"/api/problems/{id}/close", close, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().PostAsJsonAsync($"/api/problems/{id}/close", close, Ct)).StatusCode);
        var bad = await app.ClientAs(Roles.Admin).PostAsJsonAsync($"/api/problems/{id}/close", new { status = "deleted" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientAs(Roles.Admin).PostAsJsonAsync($"/api/problems/{id}/close", close, Ct)).StatusCode);

        var seen = (await ReportsSeenBy(app.ClientAs(Roles.Provider, app.Known.OrganisationId))).Single(r => r.GetProperty("id").GetInt32() == id);
        Assert.Equal(("dismissed", close.note), (seen.GetProperty("status").GetString(), seen.GetProperty("resolutionNote").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientAs(Roles.Admin).PostAsJsonAsync("/api/problems/99999999/close", close, Ct)).StatusCode);
    }

    [Fact]
    public async Task A_client_address_may_send_only_a_few_reports_an_hour()
    {
        await using var host = LimitedHosts.Limited(app, new() { ["RateLimits:ProblemReportsPerHour"] = "3" });
        var client = LimitedHosts.Client(host, "10.77.1.1");
        var listing = PublicIdOf(app.Known.AllWalesId);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await ReportAsync(client, listing, new { category = "closed" })).StatusCode);
        }

        var refused = await ReportAsync(client, listing, new { category = "closed" });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("problem reports", await refused.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.Accepted, (await ReportAsync(LimitedHosts.Client(host, "10.77.1.2"), listing, new { category = "closed" })).StatusCode);
        // Reading the directory is not spent by reports.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/odata/Interventions?$top=1&$select=Id", Ct)).StatusCode);
    }
}
