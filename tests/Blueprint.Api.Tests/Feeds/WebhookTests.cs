using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Blueprint.Api.Auth;
using Blueprint.Data.Feeds;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using L = Blueprint.Api.Tests.Listings.Listings;

namespace Blueprint.Api.Tests.Feeds;

/// <summary>
/// Webhooks (decision 0035): administrators register partner addresses on the allow-list; each public change
/// reaches them signed, retried after a failure, and logged; nothing goes to an address the list does not name.
/// </summary>
public sealed class WebhookTests : IClassFixture<WebhookHosts>, IDisposable
{
    private readonly BlueprintApp app;
    private readonly WebApplicationFactory<Program> hooks;

    public WebhookTests(WebhookHosts hosts)
    {
        app = hosts.App;
        hooks = hosts.Hooks;
        L.EditsWait(app, false, app.Known.OrganisationId, app.Known.OtherOrganisationId);
    }

    /// <summary>Each test starts with no webhook registered (the webhook host stays up for the next test).</summary>
    public void Dispose() => app.WithDb(db => db.Webhooks.ExecuteDelete());

    private HttpClient Admin => BlueprintApp.WithToken(hooks.CreateClient(), Roles.Admin);

    private async Task<JsonElement> RegisterAsync(string url, string? secret = null)
    {
        var response = await Admin.PostAsJsonAsync("/api/webhooks", new { url, description = "Partner directory test", secret });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement;
    }

    private async Task EditAsync(int listing, string description)
    {
        var response = await L.SendAsync(L.As(app, Roles.Provider, app.Known.OrganisationId), HttpMethod.Patch,
            $"/odata/Interventions({listing})", new { Description = description }, "*");
        Assert.True(response.IsSuccessStatusCode, await L.Describe(response));
    }

    private Guid PublicIdOf(int listing) => app.WithDb(db => db.Interventions.Where(i => i.Id == listing).Select(i => i.PublicId).Single());

    private async Task<JsonElement> DeliveriesAsync(int webhook) =>
        (await app.GetJsonAsync($"/api/webhooks/{webhook}/deliveries", Admin)).GetProperty("value");

    private async Task<JsonElement> WaitForDeliveryAsync(int webhook, Func<JsonElement, bool> done)
    {
        for (var i = 0; i < 1200; i++)
        {
            var found = (await DeliveriesAsync(webhook)).EnumerateArray().FirstOrDefault(done);
            if (found.ValueKind != JsonValueKind.Undefined)
            {
                return found;
            }
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        throw new TimeoutException($"No delivery reached the expected state within 60 s: {await DeliveriesAsync(webhook)}");
    }

    [Fact]
    public async Task A_public_edit_reaches_the_partner_signed_over_timestamp_and_body()
    {
        using var partner = new WebhookReceiver();
        var created = await RegisterAsync(partner.Url);
        var secret = created.GetProperty("secret").GetString()!;
        var listing = L.NewListing(app, app.Known.OrganisationId, "ZZHOOK signed");

        await EditAsync(listing.Id, "Now also online.");
        var id = PublicIdOf(listing.Id).ToString();
        var received = await partner.WaitForAsync(r => r.Body.Contains(id, StringComparison.Ordinal));

        var timestamp = received.Headers["Blueprint-Timestamp"];
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{received.Body}")));
        Assert.Equal(expected, received.Headers["Blueprint-Signature"]);
        Assert.InRange(long.Parse(timestamp, CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());
        var body = JsonDocument.Parse(received.Body).RootElement;
        Assert.Equal(received.Headers["Blueprint-Webhook-Id"], body.GetProperty("id").GetString());
        Assert.Contains(body.GetProperty("interventions").EnumerateArray(), v => v.GetString() == id);
        Assert.DoesNotContain("ZZSECRET", received.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_secret_is_shown_once_and_stored_protected()
    {
        using var partner = new WebhookReceiver();
        var secret = new string('s', 40);
        var created = await RegisterAsync(partner.Url, secret);
        Assert.Equal(secret, created.GetProperty("secret").GetString());

        var listed = await (await Admin.GetAsync("/api/webhooks")).Content.ReadAsStringAsync();
        var log = await (await Admin.GetAsync($"/api/webhooks/{created.GetProperty("id").GetInt32()}/deliveries")).Content.ReadAsStringAsync();
        Assert.Contains(partner.Url, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, log, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, app.WithDb(db => db.Webhooks.Single().ProtectedSecret), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_delivery_is_retried_and_the_log_shows_each_outcome()
    {
        using var partner = new WebhookReceiver { Answer = call => call == 1 ? 500 : 200 };
        var webhook = (await RegisterAsync(partner.Url)).GetProperty("id").GetInt32();
        var listing = L.NewListing(app, app.Known.OrganisationId, "ZZHOOK retried");

        await EditAsync(listing.Id, "Retried.");
        // Other tests' edits notify this webhook too, so the refused first call may be another change's delivery:
        // wait for the delivery that was refused once and then delivered.
        var delivered = await WaitForDeliveryAsync(webhook, d => d.GetProperty("status").GetString() == "delivered"
            && d.GetProperty("attempts").GetInt32() == 2);

        Assert.Equal(2, delivered.GetProperty("attempts").GetInt32());
        Assert.Equal(200, delivered.GetProperty("lastStatusCode").GetInt32());
        // The refused first call is sent again with the same notification id.
        var first = await partner.WaitForAsync(_ => true, 1);
        var again = await partner.WaitForAsync(c => c.Headers["Blueprint-Webhook-Id"] == first.Headers["Blueprint-Webhook-Id"], 2);
        Assert.Equal(first.Body, again.Body);
    }

    [Fact]
    public async Task A_redirect_is_not_followed_and_counts_as_a_failure()
    {
        using var partner = new WebhookReceiver { Answer = _ => 302 };
        var webhook = (await RegisterAsync(partner.Url)).GetProperty("id").GetInt32();
        var listing = L.NewListing(app, app.Known.OrganisationId, "ZZHOOK redirected");

        await EditAsync(listing.Id, "Redirected.");
        var failed = await WaitForDeliveryAsync(webhook, d => d.GetProperty("status").GetString() == "failed");

        Assert.Equal(3, failed.GetProperty("attempts").GetInt32());
        Assert.Contains("Redirects", failed.GetProperty("lastError").GetString());
        Assert.All(partner.Requests, r => Assert.DoesNotContain("elsewhere", r.Body, StringComparison.Ordinal));
        // The listing's creation may have been notified on its own before the edit: count this delivery's attempts.
        var eventId = failed.GetProperty("eventId").ToString();
        Assert.Equal(3, partner.Requests.Count(r => r.Headers["Blueprint-Webhook-Id"] == eventId));
    }

    [Theory]
    [InlineData("http://example.org/hook")]
    [InlineData("http://127.0.0.2/hook")]
    [InlineData("ftp://127.0.0.1/hook")]
    [InlineData("http://user:pass@127.0.0.1/hook")]
    [InlineData("/relative/hook")]
    public async Task An_address_off_the_allow_list_is_refused_at_registration(string url)
    {
        var response = await Admin.PostAsJsonAsync("/api/webhooks", new { url });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("AddressNotAllowed", error.GetProperty("code").GetString());
        Assert.Empty(app.WithDb(db => db.Webhooks.ToList()));
    }

    [Fact]
    public async Task An_address_off_the_allow_list_is_refused_at_sending_too()
    {
        var webhook = app.WithDb(db =>
        {
            var hook = new Webhook { Url = "http://10.1.2.3/hook", ProtectedSecret = "x", CreatedBy = "a configuration since changed", NotifiedUpTo = DateTime.UtcNow };
            hook.Deliveries.Add(new WebhookDelivery { Body = "{}", Status = WebhookDeliveryStatus.Pending, EventId = Guid.NewGuid(), NextAttemptAt = DateTime.UtcNow.AddSeconds(-1) });
            db.Webhooks.Add(hook);
            db.SaveChanges();
            return hook.Id;
        });
        _ = hooks.Server;

        var failed = await WaitForDeliveryAsync(webhook, d => d.GetProperty("status").GetString() == "failed");
        Assert.Equal(1, failed.GetProperty("attempts").GetInt32());
        Assert.Contains("allow-list", failed.GetProperty("lastError").GetString());
    }

    [Fact]
    public async Task A_host_name_that_resolves_to_a_private_address_is_never_called()
    {
        using var partner = new WebhookReceiver();
        var webhook = (await RegisterAsync($"http://localhost:{partner.Port}/hook/")).GetProperty("id").GetInt32();
        var listing = L.NewListing(app, app.Known.OrganisationId, "ZZHOOK private name");

        await EditAsync(listing.Id, "Private name.");
        var failed = await WaitForDeliveryAsync(webhook, d => d.GetProperty("status").GetString() == "failed");

        Assert.Contains("private or local", failed.GetProperty("lastError").GetString());
        Assert.Empty(partner.Requests);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData(Roles.Provider, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Analyst, HttpStatusCode.Forbidden)]
    public async Task Only_administrators_reach_webhooks(string? role, HttpStatusCode expected)
    {
        var client = BlueprintApp.WithToken(hooks.CreateClient(), role, role == Roles.Provider ? app.Known.OrganisationId : null);

        Assert.Equal(expected, (await client.GetAsync("/api/webhooks")).StatusCode);
        Assert.Equal(expected, (await client.PostAsJsonAsync("/api/webhooks", new { url = "http://127.0.0.1/hook" })).StatusCode);
        Assert.Equal(expected, (await client.DeleteAsync("/api/webhooks/1")).StatusCode);
        Assert.Equal(expected, (await client.GetAsync("/api/webhooks/1/deliveries")).StatusCode);
        Assert.Empty(app.WithDb(db => db.Webhooks.ToList()));
    }

    [Fact]
    public async Task While_webhooks_are_off_even_an_administrator_gets_a_clear_404()
    {
        var response = await app.ClientAs(Roles.Admin).GetAsync("/api/webhooks");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("WebhooksDisabled", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
