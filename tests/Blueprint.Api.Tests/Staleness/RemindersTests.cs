using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Blueprint.Api.Listings;
using Blueprint.Data;
using Blueprint.Data.Directory;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Api.Tests.Staleness;

/// <summary>
/// Each stale listing's organisation gets one bilingual reminder per staleness period, by the mailer, with a
/// "still accurate" link that verifies the listing once; an expired or forged link changes nothing.
/// </summary>
[Collection(StalenessCollection.Name)]
public sealed partial class RemindersTests(StaleHosts hosts)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>An organisation of its own (so no other test's reminders mix in) with a stale and an overdue listing and a fresh one.</summary>
    private async Task<(string Email, int Stale, int Overdue, int Fresh)> OrganisationAsync()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var email = $"remind-{tag}@zzstale.example";
        using var scope = hosts.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var org = new Organisation { Name = $"ZZREMIND {tag} Organisation", NameCy = $"ZZREMIND {tag} Sefydliad", Type = "specialist-third-sector", Email = email };
        Intervention Listing(string name, int daysAgo) => new()
        {
            Name = $"ZZREMIND {tag} {name}", NameCy = $"ZZREMIND {tag} {name} (cy)", AllWales = true, Status = "active",
            LastVerified = hosts.Clock.Today.AddDays(-daysAgo),
        };
        var stale = Listing("Stale", StaleHosts.StaleAfterDays + 1);
        var overdue = Listing("Overdue", StaleHosts.StaleAfterDays + StaleHosts.HideAfterOverdueDays + 10);
        var fresh = Listing("Fresh", 5);
        org.Interventions.AddRange([stale, overdue, fresh]);
        db.Organisations.Add(org);
        await db.SaveChangesAsync(Ct);
        return (email, stale.Id, overdue.Id, fresh.Id);
    }

    private async Task<Reminders.Run> SendAsync()
    {
        using var scope = hosts.Host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<Reminders>().SendDueAsync(Ct);
    }

    /// <summary>The decoded bodies of the messages sent to <paramref name="address"/>.</summary>
    private List<string> MailTo(string address)
    {
        if (!Directory.Exists(hosts.App.MailFolder))
        {
            return [];
        }
        var bodies = new List<string>();
        foreach (var file in Directory.GetFiles(hosts.App.MailFolder, "*.eml"))
        {
            var text = File.ReadAllText(file);
            if (!text.Contains($"To: {address}", StringComparison.Ordinal))
            {
                continue;
            }
            var body = text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..].Trim();
            bodies.Add(Encoding.UTF8.GetString(Convert.FromBase64String(body)));
        }
        return bodies;
    }

    [GeneratedRegex(@"Still accurate: \S+/still-accurate#(\S+)")]
    private static partial Regex LinkPattern();

    private static List<string> Tokens(string body) => [.. LinkPattern().Matches(body).Select(m => m.Groups[1].Value)];

    /// <summary>The link under the listing whose English name ends in <paramref name="suffix"/>.</summary>
    private static string TokenFor(string body, string suffix)
    {
        var english = body[body.IndexOf("[English]", StringComparison.Ordinal)..].Split('\n');
        var line = Array.FindIndex(english, l => l.StartsWith("- ZZREMIND", StringComparison.Ordinal) && l.Contains($" {suffix} (last verified", StringComparison.Ordinal));
        return LinkPattern().Match(english[line + 1]).Groups[1].Value;
    }

    private DateOnly LastVerified(int id) =>
        hosts.App.WithDb(db => db.Interventions.AsNoTracking().Single(i => i.Id == id).LastVerified);

    private async Task<HttpResponseMessage> ConfirmAsync(string token) =>
        await hosts.ClientAs(null).PostAsJsonAsync("/api/listings/still-accurate", new { token }, Ct);

    [Fact]
    public async Task Each_stale_listing_is_reminded_once_per_staleness_period_in_Welsh_then_English()
    {
        var (email, staleId, overdueId, _) = await OrganisationAsync();

        await SendAsync();
        var mail = Assert.Single(MailTo(email));
        Assert.True(mail.IndexOf("[Cymraeg]", StringComparison.Ordinal) < mail.IndexOf("[English]", StringComparison.Ordinal));
        Assert.Contains("Stale (cy) (dilyswyd ddiwethaf", mail);
        Assert.Contains("Overdue (last verified", mail);
        Assert.DoesNotContain("Fresh", mail);
        Assert.Equal(2, Tokens(mail).Count);

        await SendAsync(); // the next hourly run
        Assert.Single(MailTo(email));

        // Verified, then stale again a period later: a new period, so a new reminder about it (and about the
        // listing that was fresh and is stale by then), but none again about the overdue one.
        Assert.Equal(HttpStatusCode.OK, (await ConfirmAsync(TokenFor(mail, "Stale"))).StatusCode);
        hosts.Clock.Now = hosts.Clock.Now.AddDays(StaleHosts.StaleAfterDays + 1);
        try
        {
            await SendAsync();
            await SendAsync();
        }
        finally
        {
            hosts.Clock.Now = hosts.Clock.Now.AddDays(-StaleHosts.StaleAfterDays - 1);
        }
        var mails = MailTo(email);
        Assert.Equal(2, mails.Count);
        var second = mails.Single(m => m != mail);
        Assert.Equal(2, Tokens(second).Count);
        Assert.Contains(" Stale (last verified", second);
        Assert.Contains(" Fresh (last verified", second);
        Assert.DoesNotContain("Overdue", second);
    }

    [Fact]
    public async Task The_link_verifies_the_listing_once_and_brings_an_overdue_one_back_to_public_search()
    {
        var (email, _, overdueId, _) = await OrganisationAsync();
        await SendAsync();
        var mail = Assert.Single(MailTo(email));
        var token = TokenFor(mail, "Overdue");
        var anonymous = hosts.ClientAs(null);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/odata/Interventions({overdueId})", Ct)).StatusCode);

        // Opening the page (a GET) changes nothing; only the page's POST does.
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await anonymous.GetAsync($"/api/listings/still-accurate?token={Uri.EscapeDataString(token)}", Ct)).StatusCode);
        Assert.NotEqual(hosts.Clock.Today, LastVerified(overdueId));

        var confirmed = await ConfirmAsync(token);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("Overdue", await confirmed.Content.ReadAsStringAsync(Ct));
        Assert.Equal(hosts.Clock.Today, LastVerified(overdueId));
        await Freshness.Freshness.Until(async () => (await anonymous.GetAsync($"/odata/Interventions({overdueId})", Ct)).StatusCode == HttpStatusCode.OK,
            "the verified listing back in public search");

        var again = await ConfirmAsync(token);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("LinkUsed", await again.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task An_expired_or_forged_link_changes_nothing()
    {
        var (email, staleId, _, _) = await OrganisationAsync();
        await SendAsync();
        var reminderId = hosts.App.WithDb(db => db.ListingReminders.Single(r => r.InterventionId == staleId).Id);
        var before = LastVerified(staleId);

        // The same kind of token the mail carries, but past its expiry.
        var protector = hosts.Host.Services.GetRequiredService<IDataProtectionProvider>()
            .CreateProtector(StillAccurateLinks.Purpose).ToTimeLimitedDataProtector();
        var expired = protector.Protect(reminderId.ToString(System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-1));
        var valid = protector.Protect(reminderId.ToString(System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(10));
        var forged = valid[..^4] + (valid.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");

        foreach (var token in new[] { expired, forged, "", reminderId.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            var response = await ConfirmAsync(token);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("LinkNotValid", await response.Content.ReadAsStringAsync(Ct));
        }
        Assert.Equal(before, LastVerified(staleId));
        Assert.Null(hosts.App.WithDb(db => db.ListingReminders.Single(r => r.Id == reminderId).UsedAt));
    }
}
