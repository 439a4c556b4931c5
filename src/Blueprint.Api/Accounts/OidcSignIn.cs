using System.Security.Claims;
using Blueprint.Data.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;

namespace Blueprint.Api.Accounts;

/// <summary>
/// Configuration section <c>Auth:Oidc</c>: sign-in to the pages through an OpenID Connect provider (Microsoft Entra ID,
/// GOV.UK One Login, …), off while <c>Authority</c> is empty.
/// </summary>
public sealed class OidcSettings
{
    public const string Section = "Auth:Oidc";
    public string Authority { get; set; } = "";
    public string ClientId { get; set; } = "";
    public string ClientSecret { get; set; } = "";
    /// <summary>Providers that put the e-mail address only in the user-info answer (GOV.UK One Login) need this on.</summary>
    public bool GetClaimsFromUserInfoEndpoint { get; set; }
}

/// <summary>
/// Page sign-in through an OpenID Connect provider (authorisation code flow with PKCE). The provider says who someone
/// is, never what they may do: the person is found by the provider's subject (linked on first sign-in) or else by an
/// e-mail address the provider marks verified (<c>email_verified</c>), and their role and organisations come from our
/// tables like any other session. Someone without an account is not let in (they need an invitation).
/// </summary>
public static class OidcSignIn
{
    public const string Scheme = "Oidc";
    public const string ExternalScheme = "OidcExternal";
    public const string LoginProvider = "oidc";

    public static bool Configured(IConfiguration config) => config[$"{OidcSettings.Section}:Authority"] is { Length: > 0 };

    public static void Add(AuthenticationBuilder authentication, IConfiguration config)
    {
        var settings = config.GetSection(OidcSettings.Section).Get<OidcSettings>() ?? new OidcSettings();
        if (settings.Authority.Length == 0)
        {
            return;
        }
        // Holds the provider's answer for the few seconds between the callback and the session being started.
        authentication.AddCookie(ExternalScheme, o =>
        {
            o.Cookie.Name = "blueprint.oidc";
            o.Cookie.HttpOnly = true;
            // Lax: it is set in answer to the provider's cross-site callback and read on the redirect that follows.
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromMinutes(10);
        });
        authentication.AddOpenIdConnect(Scheme, o =>
        {
            o.Authority = settings.Authority;
            o.ClientId = settings.ClientId;
            o.ClientSecret = settings.ClientSecret;
            o.ResponseType = "code";
            o.UsePkce = true;
            o.SignInScheme = ExternalScheme;
            o.MapInboundClaims = false;
            o.SaveTokens = false;
            o.GetClaimsFromUserInfoEndpoint = settings.GetClaimsFromUserInfoEndpoint;
            o.Scope.Clear();
            o.Scope.Add("openid");
            o.Scope.Add("email");
            o.Scope.Add("profile");
        });
    }

    public static void Map(RouteGroupBuilder account)
    {
        account.MapGet("/oidc/signin", (string? returnUrl) => Results.Challenge(
            new AuthenticationProperties { RedirectUri = "/api/account/oidc/complete?returnUrl=" + Uri.EscapeDataString(Local(returnUrl)) }, [Scheme]));
        account.MapGet("/oidc/complete", CompleteAsync);
    }

    private static async Task<IResult> CompleteAsync(string? returnUrl, HttpContext http, UserManager<Person> users, AccountSnapshot snapshot, ILoggerFactory logs)
    {
        var external = await http.AuthenticateAsync(ExternalScheme);
        await http.SignOutAsync(ExternalScheme);
        if (!external.Succeeded || external.Principal.FindFirst("sub") is not { Value.Length: > 0 } subject)
        {
            return Results.Redirect("/?signin=failed");
        }
        var person = await FindAsync(users, external.Principal, subject.Value);
        if (person is null || person.Locked)
        {
            // The subject is the provider's opaque id, not personal data.
            logs.CreateLogger("Blueprint.Accounts").LogInformation("OpenID Connect sign-in of subject {Subject} matched no account", subject.Value);
            return Results.Redirect("/?signin=no-account");
        }
        await SessionCookie.SignInAsync(http, person);
        snapshot.Invalidate();
        return Results.Redirect(Local(returnUrl));
    }

    /// <summary>By the linked subject; else by a verified e-mail address, linking the subject for next time. Nothing else the provider sends is used.</summary>
    private static async Task<Person?> FindAsync(UserManager<Person> users, ClaimsPrincipal external, string subject)
    {
        if (await users.FindByLoginAsync(LoginProvider, subject) is { } linked)
        {
            return linked;
        }
        var verified = string.Equals(external.FindFirst("email_verified")?.Value, "true", StringComparison.OrdinalIgnoreCase);
        if (!verified || external.FindFirst("email")?.Value is not { Length: > 0 } email || await users.FindByEmailAsync(email) is not { } person)
        {
            return null;
        }
        var linkedNow = await users.AddLoginAsync(person, new UserLoginInfo(LoginProvider, subject, "OpenID Connect"));
        return linkedNow.Succeeded ? person : null;
    }

    /// <summary>Only a path on this site (never <c>//host</c> or an absolute URL): no open redirect.</summary>
    private static string Local(string? url) =>
        url is { Length: > 0 } u && u[0] == '/' && !u.StartsWith("//", StringComparison.Ordinal) && !u.StartsWith("/\\", StringComparison.Ordinal) ? u : "/";
}
