using Blueprint.Api.Mail;
using Blueprint.Data.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Blueprint.Api.Accounts;

public sealed record ForgotRequest(string? Email);
public sealed record ResetRequest(string? Code, string? Password);
public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

/// <summary>
/// <c>POST /api/account/password/forgot</c> always answers 202 (it never says whether an address has an account) and
/// mails a single-use, expiring link to the account's address; <c>password/reset</c> sets the password from the link's
/// code (ending every other session); <c>POST /api/account/password</c> changes it for the signed-in person.
/// </summary>
public static class PasswordEndpoints
{
    public static void Map(RouteGroupBuilder account)
    {
        account.MapPost("/password/forgot", ForgotAsync);
        account.MapPost("/password/reset", ResetAsync);
        account.MapPost("/password", ChangeAsync).RequireAuthorization(AccountsRegistration.SessionPolicy);
    }

    private static async Task<IResult> ForgotAsync(ForgotRequest body, HttpContext http, UserManager<Person> users, Mailer mailer,
        AccountLimits limits, IOptions<AccountOptions> options)
    {
        if (limits.Refuse(http, "forgot", body.Email) is { } refused)
        {
            return refused;
        }
        if (string.IsNullOrWhiteSpace(body.Email))
        {
            return AccountErrors.Invalid("email", "Give the e-mail address of your account.");
        }
        var person = await users.FindByEmailAsync(body.Email.Trim());
        if (person is { Locked: false, Email: { } email })
        {
            var link = await AccountLinks.ResetLinkAsync(users, person, mailer.Options);
            await mailer.SendAsync(AccountMail.Reset(email, person.Language, link, options.Value.ResetLinkHours), http.RequestAborted);
        }
        return Results.Accepted(value: new { message = "If that address has an account, a link to reset its password is on its way." });
    }

    private static async Task<IResult> ResetAsync(ResetRequest body, HttpContext http, UserManager<Person> users, AccountLimits limits, AccountSnapshot snapshot)
    {
        var code = AccountLinks.ReadResetCode(body.Code);
        if (limits.Refuse(http, "reset", code?.PersonId.ToString(System.Globalization.CultureInfo.InvariantCulture)) is { } refused)
        {
            return refused;
        }
        if (string.IsNullOrEmpty(body.Password))
        {
            return AccountErrors.Invalid("password", "Choose a new password.");
        }
        var person = code is null ? null : await users.FindByIdAsync(code.Value.PersonId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (person is null || person.Locked || !await users.VerifyUserTokenAsync(person, users.Options.Tokens.PasswordResetTokenProvider,
                UserManager<Person>.ResetPasswordTokenPurpose, code!.Value.Token))
        {
            return InvalidLink();
        }
        var result = await users.ResetPasswordAsync(person, code.Value.Token, body.Password);
        if (!result.Succeeded)
        {
            return result.Errors.Any(e => e.Code == "InvalidToken") ? InvalidLink() : AccountErrors.FromIdentity(result, "password");
        }
        // A reset also ends a temporary lockout; the new security stamp ends every session.
        await users.SetLockoutEndDateAsync(person, null);
        await users.ResetAccessFailedCountAsync(person);
        snapshot.Invalidate();
        return Results.NoContent();
    }

    private static IResult InvalidLink() => AccountErrors.Error(StatusCodes.Status400BadRequest, "InvalidLink",
        "This link is not valid: it may have been used already or have expired. Ask for a new one.", "code");

    private static async Task<IResult> ChangeAsync(ChangePasswordRequest body, HttpContext http, UserManager<Person> users, AccountSnapshot snapshot)
    {
        if (string.IsNullOrEmpty(body.CurrentPassword) || string.IsNullOrEmpty(body.NewPassword))
        {
            return AccountErrors.Invalid(string.IsNullOrEmpty(body.CurrentPassword) ? "currentPassword" : "newPassword", "Give your current password and a new one.");
        }
        var person = await users.FindByIdAsync(http.User.PersonId()!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (person is null)
        {
            return AccountErrors.NotFound("There is no such account.");
        }
        var result = await users.ChangePasswordAsync(person, body.CurrentPassword, body.NewPassword);
        if (!result.Succeeded)
        {
            return AccountErrors.FromIdentity(result, result.Errors.Any(e => e.Code == "PasswordMismatch") ? "currentPassword" : "newPassword");
        }
        snapshot.Invalidate();
        await SessionCookie.SignInAsync(http, person);
        return Results.NoContent();
    }
}
