using Blueprint.Api.Auth;
using Blueprint.Api.Mail;
using Blueprint.Data;
using Blueprint.Data.Accounts;
using Blueprint.Data.Listings;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Listings;

/// <summary>
/// Sends each organisation one reminder about its stale listings (not closed, not verified for
/// <c>Listings:StaleAfterDays</c>) that have had none in their current staleness period. A reminder row per
/// listing and period is saved before the mail goes (a unique index keeps two hosts from both sending) and
/// removed again if the mail cannot be sent, so the next run tries again. The message goes to the organisation's
/// own address (in Welsh and English) and to each of its active providers (in that person's language).
/// </summary>
public sealed class Reminders(BlueprintDb db, Staleness staleness, Mailer mailer, StillAccurateLinks links, ILogger<Reminders> log)
{
    public sealed record Run(int Messages, int Listings, int OrganisationsWithoutAddress);

    internal sealed record DueListing(int Id, string Name, string? NameCy, DateOnly LastVerified, int OrganisationId);

    internal sealed record Recipient(int Id, string Name, string? NameCy, string? Email);

    /// <summary>A person who acts for an organisation: their address and language (<c>en</c> or <c>cy</c>).</summary>
    internal sealed record Member(int OrganisationId, string? Email, string Language);

    /// <summary>Where one copy of a reminder goes, and in which language (null: both, Welsh first).</summary>
    internal sealed record Address(string Email, string? Language);

    public async Task<Run> SendDueAsync(CancellationToken ct = default)
    {
        var staleBefore = staleness.StaleBefore;
        var due = await db.Interventions.AsNoTracking()
            .Where(i => i.LastVerified < staleBefore && i.Status != "closed"
                && !db.ListingReminders.Any(r => r.InterventionId == i.Id && r.ForVerifiedOn == i.LastVerified))
            .OrderBy(i => i.OrganisationId).ThenBy(i => i.Name)
            .Select(i => new DueListing(i.Id, i.Name, i.NameCy, i.LastVerified, i.OrganisationId))
            .ToListAsync(ct);
        var organisationIds = due.Select(d => d.OrganisationId).Distinct().ToList();
        var organisations = await db.Organisations.AsNoTracking().Where(o => organisationIds.Contains(o.Id))
            .Select(o => new Recipient(o.Id, o.Name, o.NameCy, o.Email)).ToDictionaryAsync(o => o.Id, ct);
        var members = (await db.Memberships.AsNoTracking()
            .Where(m => organisationIds.Contains(m.OrganisationId) && m.Person.Role == Roles.Provider && !m.Person.Locked)
            .OrderBy(m => m.PersonId)
            .Select(m => new Member(m.OrganisationId, m.Person.Email, m.Person.Language))
            .ToListAsync(ct)).ToLookup(m => m.OrganisationId);

        int messages = 0, listings = 0, withoutAddress = 0;
        foreach (var group in due.GroupBy(d => d.OrganisationId))
        {
            var organisation = organisations[group.Key];
            var addresses = AddressesOf(organisation, members[group.Key]);
            if (addresses.Count == 0)
            {
                withoutAddress++;
                log.LogWarning("Organisation {Organisation} has {Count} stale listings but no e-mail address for a reminder", organisation.Id, group.Count());
                continue;
            }
            var rows = group.Select(l => new ListingReminder { InterventionId = l.Id, ForVerifiedOn = l.LastVerified, SentAt = staleness.Now }).ToList();
            db.ListingReminders.AddRange(rows);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another host recorded (and sends) these reminders at the same moment.
                db.ChangeTracker.Clear();
                continue;
            }
            try
            {
                List<(DueListing, string)> linked = [.. group.Zip(rows, (l, r) => (l, links.Link(r.Id)))];
                foreach (var address in addresses)
                {
                    var message = ReminderMessage.Compose(organisation, linked, staleness, links.ExpiresOn, address.Language);
                    await mailer.SendAsync(message with { To = address.Email }, ct);
                    messages++;
                }
                listings += rows.Count;
            }
            catch (Exception e) when (e is System.Net.Mail.SmtpException or IOException or InvalidOperationException or FormatException)
            {
                log.LogError(e, "Could not send the reminder to organisation {Organisation}; it will be tried again on the next run", organisation.Id);
                db.ListingReminders.RemoveRange(rows);
                await db.SaveChangesAsync(ct);
            }
            db.ChangeTracker.Clear();
        }
        return new Run(messages, listings, withoutAddress);
    }

    /// <summary>
    /// Who is told about an organisation's stale listings: its own e-mail address (both languages), then each
    /// active provider who acts for it (their own language), each address once (letter case aside).
    /// </summary>
    internal static IReadOnlyList<Address> AddressesOf(Recipient organisation, IEnumerable<Member> members)
    {
        var addresses = new List<Address>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        void Add(string? email, string? language)
        {
            if (email?.Trim() is { Length: > 3 } address && address.Contains('@', StringComparison.Ordinal) && seen.Add(address))
            {
                addresses.Add(new Address(address, language));
            }
        }
        Add(organisation.Email, null);
        foreach (var member in members)
        {
            Add(member.Email, member.Language == Person.Welsh ? Person.Welsh : Person.English);
        }
        return addresses;
    }
}
