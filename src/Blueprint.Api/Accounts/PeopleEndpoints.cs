using Blueprint.Api.Auth;
using Blueprint.Data;
using Blueprint.Data.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Accounts;

public sealed record PersonChange(string? Role, List<int>? Organisations, bool? Locked);
public sealed record PersonSummary(int Id, string Email, string Name, string Role, IReadOnlyList<int> Organisations, string Language,
    bool Locked, DateTimeOffset? LockedOutUntil, bool TwoFactorEnabled, DateTime CreatedAt);

/// <summary>
/// Administrators list people (<c>GET /api/admin/people</c>, <c>/{id}</c>) and change a person's role, organisations or
/// lock (<c>PATCH /api/admin/people/{id}</c>). Changes move the data version, so every host's snapshot applies them
/// to the person's sessions and tokens at once. An administrator cannot demote or lock themself (someone must remain).
/// </summary>
public static class PeopleEndpoints
{
    public static void Map(RouteGroupBuilder admin)
    {
        admin.MapGet("/people", async (BlueprintDb db) => Results.Ok(await Summaries(db.Users.OrderBy(p => p.Email)).ToListAsync()));
        admin.MapGet("/people/{id:int}", async (int id, BlueprintDb db) =>
            await Summaries(db.Users.Where(p => p.Id == id)).FirstOrDefaultAsync() is { } person ? Results.Ok(person) : AccountErrors.NotFound("There is no such person."));
        admin.MapPatch("/people/{id:int}", ChangeAsync);
    }

    private static IQueryable<PersonSummary> Summaries(IQueryable<Person> people) => people.AsNoTracking().Select(p => new PersonSummary(p.Id, p.Email ?? "", p.DisplayName, p.Role,
        p.Memberships.OrderBy(m => m.OrganisationId).Select(m => m.OrganisationId).ToList(), p.Language, p.Locked, p.LockoutEnd, p.TwoFactorEnabled, p.CreatedAt));

    private static async Task<IResult> ChangeAsync(int id, PersonChange body, HttpContext http, BlueprintDb db, UserManager<Person> users, AccountSnapshot snapshot)
    {
        var person = await db.Users.Include(p => p.Memberships).FirstOrDefaultAsync(p => p.Id == id);
        if (person is null)
        {
            return AccountErrors.NotFound("There is no such person.");
        }
        if (body.Role is not null && !AccountPrincipal.IsValidRole(body.Role))
        {
            return AccountErrors.Invalid("role", "The role is admin, analyst or provider.");
        }
        var self = http.User.PersonId() == id;
        if (self && ((body.Role is not null && body.Role != Roles.Admin) || body.Locked == true))
        {
            return AccountErrors.Error(StatusCodes.Status409Conflict, "CannotChangeSelf", "Administrators cannot demote or lock themselves: ask another administrator.");
        }
        var role = body.Role ?? person.Role;
        var organisations = (body.Organisations ?? [.. person.Memberships.Select(m => m.OrganisationId)]).Distinct().Order().ToList();
        if (await Organisations.CheckAsync(db, role, organisations) is { } problem)
        {
            return problem;
        }
        person.Role = role;
        person.Memberships.RemoveAll(m => !organisations.Contains(m.OrganisationId));
        person.Memberships.AddRange(organisations.Where(o => person.Memberships.All(m => m.OrganisationId != o))
            .Select(o => new Membership { PersonId = person.Id, OrganisationId = o }));
        if (body.Locked is { } locked && locked != person.Locked)
        {
            person.Locked = locked;
            // Locked: no sign-in (Identity's lockout, for ever) and a new stamp, so every session ends; unlocked: a fresh start.
            person.LockoutEnabled = true;
            person.LockoutEnd = locked ? DateTimeOffset.MaxValue : null;
            person.AccessFailedCount = 0;
            await users.UpdateSecurityStampAsync(person);
        }
        await db.SaveChangesAsync();
        snapshot.Invalidate();
        return Results.Ok(await Summaries(db.Users.Where(p => p.Id == id)).FirstAsync());
    }
}
