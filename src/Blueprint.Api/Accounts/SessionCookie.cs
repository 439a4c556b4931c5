using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace Blueprint.Api.Accounts;

/// <summary>
/// The page session: an HttpOnly, SameSite=Strict cookie (Secure over HTTPS) holding only the person's id and security
/// stamp. On every request the person's claims are rebuilt from the <see cref="AccountSnapshot"/>, so a role or
/// membership change applies at once, and a lock, a password reset or a two-factor change (a new stamp) ends it.
/// An API never redirects: no session is a 401, not a login page.
/// </summary>
public static class SessionCookie
{
    public const string Name = "blueprint.session";

    public static void Configure(CookieAuthenticationOptions o, AccountOptions accounts)
    {
        o.Cookie.Name = Name;
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Strict;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.Cookie.Path = "/";
        o.ExpireTimeSpan = TimeSpan.FromMinutes(accounts.SessionMinutes);
        o.SlidingExpiration = true;
        o.Events = new CookieAuthenticationEvents
        {
            OnRedirectToLogin = c => Status(c, StatusCodes.Status401Unauthorized),
            OnRedirectToAccessDenied = c => Status(c, StatusCodes.Status403Forbidden),
            OnRedirectToLogout = c => Status(c, StatusCodes.Status204NoContent),
            OnRedirectToReturnUrl = c => Status(c, StatusCodes.Status204NoContent),
            OnValidatePrincipal = ValidateAsync,
        };
    }

    private static Task Status(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var snapshot = await services.GetRequiredService<AccountSnapshot>().GetAsync(context.HttpContext.RequestAborted);
        var principal = context.Principal;
        if (principal is null
            || !int.TryParse(principal.FindFirst(AccountPrincipal.PersonClaim)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || !snapshot.People.TryGetValue(id, out var person)
            || person.Locked
            || principal.FindFirst(AccountPrincipal.StampClaim)?.Value != person.SecurityStamp)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(AccountSchemes.Cookie);
            return;
        }
        var accounts = services.GetRequiredService<IOptions<AccountOptions>>().Value;
        var environment = services.GetRequiredService<IHostEnvironment>();
        context.ReplacePrincipal(AccountPrincipal.Create(person, AccountSchemes.Cookie, accounts.TwoFactorRequiredForAdmins(environment),
            [new(AccountPrincipal.StampClaim, person.SecurityStamp)]));
    }

    /// <summary>Starts (or restarts, after the person's stamp changed) the session for a person.</summary>
    public static Task SignInAsync(HttpContext http, Blueprint.Data.Accounts.Person person) =>
        http.SignInAsync(AccountSchemes.Cookie, new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
        [
            new(AccountPrincipal.PersonClaim, person.Id.ToString(CultureInfo.InvariantCulture)),
            new(AccountPrincipal.StampClaim, person.SecurityStamp ?? ""),
        ], AccountSchemes.Cookie, "name", "roles")));
}
