using System.Net.Mail;
using Blueprint.Api.Auth;
using Blueprint.Api.Mail;
using Blueprint.Data;
using Blueprint.Data.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Blueprint.Api.Accounts;

public sealed record InvitationRequest(string? Email, string? Role, List<int>? Organisations, string? Language);
public sealed record AcceptRequest(string? Code, string? Name, string? Password);
public sealed record InvitationResponse(int Id, string Email, string Role, IReadOnlyList<int> Organisations, string Language, DateTime CreatedAt, DateTime ExpiresAt, bool Expired);

/// <summary>
/// Administrators invite people (<c>/api/admin/invitations</c>: POST, GET the pending ones, DELETE to revoke) choosing
/// role and organisations; the invitee gets a single-use link expiring after <c>Accounts:InvitationDays</c> and
/// creates the account with <c>POST /api/account/invitations/accept</c> (code, name, password).
/// </summary>
public static class InvitationEndpoints
{
    public static void Map(RouteGroupBuilder account, RouteGroupBuilder admin)
    {
        admin.MapPost("/invitations", InviteAsync);
        admin.MapGet("/invitations", ListAsync);
        admin.MapDelete("/invitations/{id:int}", async (int id, BlueprintDb db) =>
            await db.Invitations.Where(i => i.Id == id && i.AcceptedAt == null).ExecuteDeleteAsync() == 1
                ? Results.NoContent()
                : AccountErrors.NotFound("There is no such pending invitation."));
        account.MapPost("/invitations/accept", AcceptAsync);
    }

    private static async Task<IResult> InviteAsync(InvitationRequest body, HttpContext http, BlueprintDb db, UserManager<Person> users, Mailer mailer,
        IOptions<AccountOptions> options, TimeProvider clock)
    {
        var email = body.Email?.Trim() ?? "";
        if (!MailAddress.TryCreate(email, out var parsed) || parsed.Address != email || email.Length > 256)
        {
            return AccountErrors.Invalid("email", "Give one e-mail address, such as name@example.org.");
        }
        if (!AccountPrincipal.IsValidRole(body.Role))
        {
            return AccountErrors.Invalid("role", "The role is admin, analyst or provider.");
        }
        var language = body.Language ?? Person.English;
        if (!AccountPrincipal.IsValidLanguage(language))
        {
            return AccountErrors.Invalid("language", "The language is 'en' or 'cy'.");
        }
        var organisations = (body.Organisations ?? []).Distinct().Order().ToList();
        if (await Organisations.CheckAsync(db, body.Role!, organisations) is { } problem)
        {
            return problem;
        }
        if (await users.FindByEmailAsync(email) is not null)
        {
            return AccountErrors.Error(StatusCodes.Status409Conflict, "AccountExists", "There is already an account with this e-mail address.", "email");
        }
        var secret = PersonalTokenHandler.NewSecret("");
        var now = clock.GetUtcNow().UtcDateTime;
        var invitation = new Invitation
        {
            Email = email, Role = body.Role!, OrganisationIds = organisations, Language = language, Hash = PersonalTokenHandler.Hash(secret),
            InvitedById = http.User.PersonId(), CreatedAt = now, ExpiresAt = now.AddDays(options.Value.InvitationDays),
        };
        db.Invitations.Add(invitation);
        await db.SaveChangesAsync();
        await mailer.SendAsync(AccountMail.Invitation(email, language, AccountLinks.InvitationLink(secret, mailer.Options), options.Value.InvitationDays, invitation.Role), http.RequestAborted);
        return Results.Created($"/api/admin/invitations/{invitation.Id}", Describe(invitation, now));
    }

    private static async Task<IResult> ListAsync(BlueprintDb db, TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var pending = await db.Invitations.AsNoTracking().Where(i => i.AcceptedAt == null).OrderByDescending(i => i.CreatedAt).ToListAsync();
        return Results.Ok(pending.Select(i => Describe(i, now)));
    }

    private static InvitationResponse Describe(Invitation i, DateTime now) =>
        new(i.Id, i.Email, i.Role, i.OrganisationIds, i.Language, i.CreatedAt, i.ExpiresAt, i.ExpiresAt <= now);

    private static async Task<IResult> AcceptAsync(AcceptRequest body, HttpContext http, BlueprintDb db, UserManager<Person> users,
        AccountLimits limits, AccountSnapshot snapshot, TimeProvider clock)
    {
        if (limits.Refuse(http, "accept", null) is { } refused)
        {
            return refused;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = PersonalTokenHandler.Hash(body.Code ?? "");
        var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.Hash == hash);
        if (invitation is null || invitation.AcceptedAt is not null || invitation.ExpiresAt <= now)
        {
            return AccountErrors.Error(StatusCodes.Status400BadRequest, "InvalidLink",
                "This invitation is not valid: it may have been used already, revoked or have expired. Ask an administrator for a new one.", "code");
        }
        var name = body.Name?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            return AccountErrors.Invalid("name", "Give your name (up to 200 characters).");
        }
        if (string.IsNullOrEmpty(body.Password))
        {
            return AccountErrors.Invalid("password", "Choose a password.");
        }
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var person = new Person
            {
                UserName = invitation.Email, Email = invitation.Email, EmailConfirmed = true, DisplayName = name, Role = invitation.Role,
                Language = invitation.Language, CreatedAt = now,
            };
            var created = await users.CreateAsync(person, body.Password);
            if (!created.Succeeded)
            {
                return AccountErrors.FromIdentity(created, created.Errors.Any(e => e.Code.Contains("Password", StringComparison.Ordinal)) ? "password" : "email");
            }
            var existing = await db.Organisations.Where(o => invitation.OrganisationIds.Contains(o.Id)).Select(o => o.Id).ToListAsync();
            db.Memberships.AddRange(existing.Select(o => new Membership { PersonId = person.Id, OrganisationId = o }));
            invitation.AcceptedAt = now;
            invitation.PersonId = person.Id;
            await db.SaveChangesAsync();
            await tx.CommitAsync();
            snapshot.Invalidate();
            return Results.Created("/api/account/me", new { id = person.Id, email = person.Email, name = person.DisplayName, role = person.Role });
        });
    }
}

/// <summary>The organisation rule shared by invitations and role changes: a provider acts for at least one existing organisation.</summary>
public static class Organisations
{
    public static async Task<IResult?> CheckAsync(BlueprintDb db, string role, IReadOnlyList<int> organisations)
    {
        if (role == Roles.Provider && organisations.Count == 0)
        {
            return AccountErrors.Invalid("organisations", "A provider acts for at least one organisation: give its id.");
        }
        var found = await db.Organisations.CountAsync(o => organisations.Contains(o.Id));
        return found == organisations.Count ? null : AccountErrors.Invalid("organisations", "An organisation id does not exist.");
    }
}
