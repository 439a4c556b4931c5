using System.Globalization;
using System.Security.Claims;
using Blueprint.Api.Auth;
using Blueprint.Data.Accounts;

namespace Blueprint.Api.Accounts;

/// <summary>
/// The claims a signed-in person carries, whichever way they came (cookie, personal token, OpenID Connect): exactly
/// those of a local-key token for the same role and organisations (<c>roles</c>, one <c>org</c> each, <c>name</c>,
/// <c>sub</c>), taken from our own tables. An administrator who must enrol in two-factor sign-in first carries no role.
/// </summary>
public static class AccountPrincipal
{
    /// <summary>The person's id.</summary>
    public const string PersonClaim = "sub";
    /// <summary>The security stamp the session cookie was issued with: a password reset, a lock or a 2FA change ends the session.</summary>
    public const string StampClaim = "stamp";
    /// <summary>A personal token's scope: <c>read</c> or <c>write</c>.</summary>
    public const string ScopeClaim = "scope";
    /// <summary>Present when a role is withheld until the person enrols in two-factor sign-in.</summary>
    public const string EnrolClaim = "enrol-2fa";

    public static ClaimsPrincipal Create(PersonEntry person, string scheme, bool requireTwoFactorForAdmins, IEnumerable<Claim>? extra = null)
    {
        var claims = new List<Claim>
        {
            new(PersonClaim, person.Id.ToString(CultureInfo.InvariantCulture)),
            new("name", person.DisplayName.Length > 0 ? person.DisplayName : person.Email),
            new("email", person.Email),
        };
        if (MustEnrol(person, requireTwoFactorForAdmins))
        {
            claims.Add(new Claim(EnrolClaim, "true"));
        }
        else
        {
            claims.Add(new Claim("roles", person.Role));
            claims.AddRange(person.Organisations.Select(o => new Claim(Roles.OrganisationClaim, o.ToString(CultureInfo.InvariantCulture))));
        }
        if (extra is not null)
        {
            claims.AddRange(extra);
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, "name", "roles"));
    }

    public static bool MustEnrol(PersonEntry person, bool requireTwoFactorForAdmins) =>
        requireTwoFactorForAdmins && person.Role == Roles.Admin && !person.TwoFactorEnabled;

    /// <summary>The signed-in person's id, when the caller is a person (not a local-key or identity-provider token).</summary>
    public static int? PersonId(this ClaimsPrincipal user) =>
        user.Identity?.AuthenticationType is AccountSchemes.Cookie or AccountSchemes.PersonalToken
        && int.TryParse(user.FindFirst(PersonClaim)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    public static bool IsValidRole(string? role) => role is Roles.Admin or Roles.Analyst or Roles.Provider;

    public static bool IsValidLanguage(string? language) => language is Person.English or Person.Welsh;
}

/// <summary>The authentication schemes a person signs in with (beside the bearer schemes in Auth).</summary>
public static class AccountSchemes
{
    public const string Cookie = "Session";
    public const string PersonalToken = "PersonalToken";

    /// <summary>Personal tokens start with this, so the scheme is chosen without a lookup.</summary>
    public const string TokenPrefix = "bp_";
}
