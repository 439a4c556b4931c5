using System.Globalization;
using Blueprint.Data.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Blueprint.Api.Accounts;

public sealed record CodeRequest(string? Code);

/// <summary>
/// Two-factor sign-in with an authenticator app (TOTP, Identity's authenticator token provider):
/// <c>2fa/enrol</c> gives a new key and its <c>otpauth://</c> URI, <c>2fa/confirm</c> turns it on with a first code
/// and returns ten single-use recovery codes, <c>2fa/disable</c> turns it off with a current code. Each changes the
/// person's security stamp, so the session cookie is issued again and other sessions end.
/// </summary>
public static class TwoFactorEndpoints
{
    public const string Issuer = "Blueprint";

    public static void Map(RouteGroupBuilder account)
    {
        var twoFactor = account.MapGroup("/2fa").RequireAuthorization(AccountsRegistration.SessionPolicy);
        twoFactor.MapPost("/enrol", EnrolAsync);
        twoFactor.MapPost("/confirm", ConfirmAsync);
        twoFactor.MapPost("/disable", DisableAsync);
    }

    private static async Task<IResult> EnrolAsync(HttpContext http, UserManager<Person> users, AccountSnapshot snapshot)
    {
        if (await CurrentAsync(http, users) is not { } person)
        {
            return AccountErrors.NotFound("There is no such account.");
        }
        if (person.TwoFactorEnabled)
        {
            return AccountErrors.Error(StatusCodes.Status409Conflict, "AlreadyEnrolled", "Two-factor sign-in is already on. Turn it off first to enrol a new authenticator.");
        }
        await users.ResetAuthenticatorKeyAsync(person);
        var key = await users.GetAuthenticatorKeyAsync(person) ?? "";
        await RestartSessionAsync(http, users, snapshot, person);
        var label = Uri.EscapeDataString($"{Issuer}:{person.Email}");
        return Results.Ok(new
        {
            key,
            uri = $"otpauth://totp/{label}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6&period=30",
        });
    }

    private static async Task<IResult> ConfirmAsync(CodeRequest body, HttpContext http, UserManager<Person> users, AccountSnapshot snapshot)
    {
        if (await CurrentAsync(http, users) is not { } person)
        {
            return AccountErrors.NotFound("There is no such account.");
        }
        if (person.TwoFactorEnabled)
        {
            return AccountErrors.Error(StatusCodes.Status409Conflict, "AlreadyEnrolled", "Two-factor sign-in is already on.");
        }
        if (await users.GetAuthenticatorKeyAsync(person) is null)
        {
            return AccountErrors.Error(StatusCodes.Status409Conflict, "NotEnrolling", "Start with POST /api/account/2fa/enrol.");
        }
        if (!await ValidCodeAsync(users, person, body.Code))
        {
            return WrongCode();
        }
        await users.SetTwoFactorEnabledAsync(person, true);
        var recoveryCodes = await users.GenerateNewTwoFactorRecoveryCodesAsync(person, 10);
        await RestartSessionAsync(http, users, snapshot, person);
        return Results.Ok(new { recoveryCodes });
    }

    private static async Task<IResult> DisableAsync(CodeRequest body, HttpContext http, UserManager<Person> users, AccountSnapshot snapshot)
    {
        if (await CurrentAsync(http, users) is not { } person)
        {
            return AccountErrors.NotFound("There is no such account.");
        }
        if (!person.TwoFactorEnabled)
        {
            return Results.NoContent();
        }
        if (!await ValidCodeAsync(users, person, body.Code))
        {
            return WrongCode();
        }
        await users.SetTwoFactorEnabledAsync(person, false);
        await users.ResetAuthenticatorKeyAsync(person);
        await RestartSessionAsync(http, users, snapshot, person);
        return Results.NoContent();
    }

    private static async Task<bool> ValidCodeAsync(UserManager<Person> users, Person person, string? code) =>
        !string.IsNullOrWhiteSpace(code) && await users.VerifyTwoFactorTokenAsync(person, users.Options.Tokens.AuthenticatorTokenProvider,
            code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal));

    private static IResult WrongCode() => AccountErrors.Invalid("code", "That code is not right: enter the 6-digit code your authenticator app shows now.");

    private static Task<Person?> CurrentAsync(HttpContext http, UserManager<Person> users) =>
        users.FindByIdAsync(http.User.PersonId()!.Value.ToString(CultureInfo.InvariantCulture));

    /// <summary>The stamp changed: this host's snapshot must know the new one before the new cookie is used.</summary>
    private static async Task RestartSessionAsync(HttpContext http, UserManager<Person> users, AccountSnapshot snapshot, Person person)
    {
        snapshot.Invalidate();
        await SessionCookie.SignInAsync(http, await users.FindByIdAsync(person.Id.ToString(CultureInfo.InvariantCulture)) ?? person);
    }
}
