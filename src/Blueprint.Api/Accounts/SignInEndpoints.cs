using Blueprint.Data;
using Blueprint.Data.Accounts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Blueprint.Api.Accounts;

public sealed record SignInRequest(string? Email, string? Password, string? Code);
public sealed record ProfileRequest(string? Name, string? Language);
public sealed record OrganisationName(int Id, string Name);
public sealed record MeResponse(int Id, string Email, string Name, string Role, string Language, IReadOnlyList<OrganisationName> Organisations,
    bool TwoFactorEnabled, bool MustEnrolTwoFactor);

/// <summary>
/// Page sign-in: <c>POST /api/account/signin</c> (e-mail, password and, once enrolled, a TOTP or recovery code) starts
/// a cookie session; <c>signout</c> ends it; <c>me</c> says who is signed in; <c>antiforgery</c> gives the token every
/// cookie-authenticated change must send. Every failure looks the same (no account enumeration) and counts towards
/// the lockout.
/// </summary>
public static class SignInEndpoints
{
    public const string Failed = "The e-mail address, password or code is not right, or the account is locked for a while after repeated failures.";

    public static void Map(RouteGroupBuilder account)
    {
        account.MapPost("/signin", SignInAsync);
        account.MapPost("/signout", async (HttpContext http) =>
        {
            await http.SignOutAsync(AccountSchemes.Cookie);
            return Results.NoContent();
        });
        account.MapGet("/me", MeAsync).RequireAuthorization(AccountsRegistration.PersonPolicy);
        account.MapPatch("/me", UpdateProfileAsync).RequireAuthorization(AccountsRegistration.SessionPolicy);
        account.MapGet("/antiforgery", (HttpContext http, IAntiforgery antiforgery) =>
        {
            var tokens = antiforgery.GetAndStoreTokens(http);
            http.Response.Headers.CacheControl = "no-store";
            return Results.Ok(new { token = tokens.RequestToken, headerName = RequestGuards.HeaderName });
        });
    }

    private static async Task<IResult> SignInAsync(SignInRequest body, HttpContext http, UserManager<Person> users, AccountLimits limits, BlueprintDb db)
    {
        if (limits.Refuse(http, "signin", body.Email) is { } refused)
        {
            return refused;
        }
        if (string.IsNullOrWhiteSpace(body.Email) || string.IsNullOrEmpty(body.Password))
        {
            return AccountErrors.Invalid(string.IsNullOrWhiteSpace(body.Email) ? "email" : "password", "Give your e-mail address and your password.");
        }
        var person = await users.FindByEmailAsync(body.Email.Trim());
        if (person is null)
        {
            // The same work as a wrong password, so the time taken does not tell whether the address has an account.
            users.PasswordHasher.VerifyHashedPassword(Unknown, UnknownHash, body.Password);
            return SignInFailed();
        }
        if (person.Locked || await users.IsLockedOutAsync(person))
        {
            return SignInFailed();
        }
        if (!await users.CheckPasswordAsync(person, body.Password))
        {
            await users.AccessFailedAsync(person);
            return SignInFailed();
        }
        if (person.TwoFactorEnabled)
        {
            if (string.IsNullOrWhiteSpace(body.Code))
            {
                return AccountErrors.Error(StatusCodes.Status401Unauthorized, "TwoFactorRequired",
                    "Enter the 6-digit code from your authenticator app, or one of your recovery codes.", "code");
            }
            var code = body.Code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
            var verified = await users.VerifyTwoFactorTokenAsync(person, users.Options.Tokens.AuthenticatorTokenProvider, code)
                || (await users.RedeemTwoFactorRecoveryCodeAsync(person, body.Code.Trim())).Succeeded;
            if (!verified)
            {
                await users.AccessFailedAsync(person);
                return SignInFailed();
            }
        }
        await users.ResetAccessFailedCountAsync(person);
        await SessionCookie.SignInAsync(http, person);
        var requireTwoFactor = http.RequestServices.GetRequiredService<IOptions<AccountOptions>>().Value
            .TwoFactorRequiredForAdmins(http.RequestServices.GetRequiredService<IHostEnvironment>());
        return Results.Ok(await DescribeAsync(db, Entry(person, await OrganisationsOfAsync(db, person.Id)), requireTwoFactor));
    }

    private static IResult SignInFailed() => AccountErrors.Error(StatusCodes.Status401Unauthorized, "SignInFailed", Failed);

    private static readonly Person Unknown = new() { UserName = "unknown@invalid", Email = "unknown@invalid" };
    private static readonly string UnknownHash = new PasswordHasher<Person>().HashPassword(Unknown, Guid.NewGuid().ToString());

    private static async Task<IResult> MeAsync(HttpContext http, AccountSnapshot snapshot, BlueprintDb db, IOptions<AccountOptions> options, IHostEnvironment environment)
    {
        var state = await snapshot.GetAsync(http.RequestAborted);
        return http.User.PersonId() is { } id && state.People.TryGetValue(id, out var person)
            ? Results.Ok(await DescribeAsync(db, person, options.Value.TwoFactorRequiredForAdmins(environment)))
            : AccountErrors.NotFound("This credential is not a person's account.");
    }

    private static async Task<IResult> UpdateProfileAsync(ProfileRequest body, HttpContext http, UserManager<Person> users, AccountSnapshot snapshot)
    {
        if (body.Language is not null && !AccountPrincipal.IsValidLanguage(body.Language))
        {
            return AccountErrors.Invalid("language", "The language is 'en' or 'cy'.");
        }
        if (body.Name is not null && (body.Name.Trim().Length is 0 or > 200))
        {
            return AccountErrors.Invalid("name", "Give a name of 1 to 200 characters.");
        }
        var person = await users.FindByIdAsync(http.User.PersonId()!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (person is null)
        {
            return AccountErrors.NotFound("There is no such account.");
        }
        person.DisplayName = body.Name?.Trim() ?? person.DisplayName;
        person.Language = body.Language ?? person.Language;
        await users.UpdateAsync(person);
        snapshot.Invalidate();
        return Results.NoContent();
    }

    public static PersonEntry Entry(Person person, IReadOnlyList<int> organisations) => new(person.Id, person.Email ?? "", person.DisplayName, person.Role,
        organisations, person.Locked, person.SecurityStamp ?? "", person.TwoFactorEnabled, person.Language);

    public static async Task<IReadOnlyList<int>> OrganisationsOfAsync(BlueprintDb db, int personId) =>
        await db.Memberships.Where(m => m.PersonId == personId).Select(m => m.OrganisationId).OrderBy(id => id).ToListAsync();

    public static async Task<MeResponse> DescribeAsync(BlueprintDb db, PersonEntry person, bool requireTwoFactorForAdmins)
    {
        var ids = person.Organisations.ToList();
        var names = await db.Organisations.Where(o => ids.Contains(o.Id)).OrderBy(o => o.Id).Select(o => new OrganisationName(o.Id, o.Name)).ToListAsync();
        return new MeResponse(person.Id, person.Email, person.DisplayName, person.Role, person.Language, names, person.TwoFactorEnabled,
            AccountPrincipal.MustEnrol(person, requireTwoFactorForAdmins));
    }
}
