using System.Text;
using Blueprint.Api.Listings;
using Blueprint.Api.Tests.Staleness;
using Blueprint.Data;
using Blueprint.Data.Accounts;
using Blueprint.Data.Directory;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Api.Tests.ListingPages;

/// <summary>
/// A stale listing's reminder reaches the organisation's own address (Welsh and English) and every active
/// provider who acts for the organisation, each once and in their own language; locked people and people of
/// other roles are not sent it.
/// </summary>
[Collection(StalenessCollection.Name)]
public sealed class ReminderRecipientsTests(StaleHosts hosts)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Setup(string Tag, string OrganisationEmail, int OrganisationId);

    private async Task<Setup> OrganisationAsync(string? organisationEmail)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        using var scope = hosts.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var org = new Organisation { Name = $"ZZPEOPLE {tag} Organisation", NameCy = $"ZZPEOPLE {tag} Sefydliad", Type = "specialist-third-sector", Email = organisationEmail };
        org.Interventions.Add(new Intervention
        {
            Name = $"ZZPEOPLE {tag} Stale", NameCy = $"ZZPEOPLE {tag} Hen", AllWales = true, Status = "active",
            LastVerified = hosts.Clock.Today.AddDays(-StaleHosts.StaleAfterDays - 1),
        });
        db.Organisations.Add(org);
        await db.SaveChangesAsync(Ct);
        return new Setup(tag, organisationEmail ?? "", org.Id);
    }

    private async Task PersonAsync(string email, string role, string language, bool locked, params int[] organisations)
    {
        using var scope = hosts.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        var person = new Person
        {
            UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
            EmailConfirmed = true, DisplayName = email, Role = role, Language = language, Locked = locked, CreatedAt = DateTime.UtcNow,
            SecurityStamp = Guid.NewGuid().ToString("N"),
        };
        person.Memberships.AddRange(organisations.Select(o => new Membership { OrganisationId = o }));
        db.Users.Add(person);
        await db.SaveChangesAsync(Ct);
    }

    private async Task SendAsync()
    {
        using var scope = hosts.Host.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<Reminders>().SendDueAsync(Ct);
    }

    /// <summary>(subject, body) of each message sent to the address, letter case aside.</summary>
    private List<(string Subject, string Body)> MailTo(string address)
    {
        var found = new List<(string, string)>();
        if (!Directory.Exists(hosts.App.MailFolder))
        {
            return found;
        }
        foreach (var file in Directory.GetFiles(hosts.App.MailFolder, "*.eml"))
        {
            var text = File.ReadAllText(file);
            if (!text.Contains($"To: {address}", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var subject = text.Split("\r\n").First(l => l.StartsWith("Subject: ", StringComparison.Ordinal))["Subject: ".Length..];
            var body = text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..].Trim();
            found.Add((subject, Encoding.UTF8.GetString(Convert.FromBase64String(body))));
        }
        return found;
    }

    [Fact]
    public async Task Every_active_provider_of_the_organisation_is_reminded_once_in_their_own_language()
    {
        var org = await OrganisationAsync($"office-{Guid.NewGuid():N}@zzpeople.example");
        var other = await OrganisationAsync($"other-{Guid.NewGuid():N}@zzpeople.example");
        var welsh = $"cy-{org.Tag}@zzpeople.example";
        var english = $"en-{org.Tag}@zzpeople.example";
        var locked = $"locked-{org.Tag}@zzpeople.example";
        var analyst = $"analyst-{org.Tag}@zzpeople.example";
        var elsewhere = $"elsewhere-{org.Tag}@zzpeople.example";
        await PersonAsync(welsh, "provider", "cy", locked: false, org.OrganisationId);
        await PersonAsync(english, "provider", "en", locked: false, org.OrganisationId, other.OrganisationId);
        await PersonAsync(locked, "provider", "en", locked: true, org.OrganisationId);
        await PersonAsync(analyst, "analyst", "en", locked: false, org.OrganisationId);
        await PersonAsync(elsewhere, "provider", "en", locked: false, other.OrganisationId);

        await SendAsync();

        var office = Assert.Single(MailTo(org.OrganisationEmail));
        Assert.Contains("[Cymraeg]", office.Body);
        Assert.Contains("[English]", office.Body);

        var cy = Assert.Single(MailTo(welsh));
        Assert.Equal("Ydy'ch rhestrau'n dal yn gywir?", cy.Subject);
        Assert.Contains($"ZZPEOPLE {org.Tag} Hen (dilyswyd ddiwethaf", cy.Body);
        Assert.Contains("Yn dal yn gywir: ", cy.Body);
        Assert.DoesNotContain("Still accurate", cy.Body);
        Assert.DoesNotContain("[English]", cy.Body);

        // One message per organisation: this person acts for both, so gets two, each about its own listing, in English.
        var en = MailTo(english);
        Assert.Equal(2, en.Count);
        Assert.All(en, m => Assert.Equal("Are your listings still accurate?", m.Subject));
        Assert.All(en, m => Assert.DoesNotContain("Yn dal yn gywir", m.Body));
        Assert.Single(en, m => m.Body.Contains($"ZZPEOPLE {org.Tag} Stale (last verified", StringComparison.Ordinal));
        Assert.Single(en, m => m.Body.Contains($"ZZPEOPLE {other.Tag} Stale (last verified", StringComparison.Ordinal));

        Assert.Empty(MailTo(locked));
        Assert.Empty(MailTo(analyst));
        Assert.DoesNotContain(MailTo(elsewhere), m => m.Body.Contains(org.Tag, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_person_with_the_organisations_own_address_gets_one_message_and_an_organisation_without_one_still_reaches_its_people()
    {
        var shared = $"Shared-{Guid.NewGuid():N}@zzpeople.example";
        var org = await OrganisationAsync(shared);
        await PersonAsync(shared.ToLowerInvariant(), "provider", "cy", locked: false, org.OrganisationId);
        var noAddress = await OrganisationAsync(null);
        var person = $"only-{noAddress.Tag}@zzpeople.example";
        await PersonAsync(person, "provider", "en", locked: false, noAddress.OrganisationId);

        await SendAsync();

        var one = Assert.Single(MailTo(shared));
        Assert.Contains("[Cymraeg]", one.Body);
        var only = Assert.Single(MailTo(person));
        Assert.Contains($"ZZPEOPLE {noAddress.Tag} Stale (last verified", only.Body);
    }
}
