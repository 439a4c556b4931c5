using System.Security.Claims;

namespace Blueprint.Api.Auth;

/// <summary>
/// Who may do what. Anyone (professionals, the public) reads the public directory. A provider edits and
/// sees the full venue details of its own organisation only. Analysts see survey evidence and every
/// venue's details. Administrators do everything.
/// </summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Analyst = "analyst";
    public const string Provider = "provider";

    /// <summary>The claim holding a provider's organisation id.</summary>
    public const string OrganisationClaim = "org";

    public static bool SeesAllVenueDetails(this ClaimsPrincipal user) => user.IsInRole(Admin) || user.IsInRole(Analyst);

    /// <summary>The organisation a provider acts for, or null.</summary>
    public static int? ProviderOrganisation(this ClaimsPrincipal user) =>
        user.IsInRole(Provider) && int.TryParse(user.FindFirstValue(OrganisationClaim), out var id) ? id : null;
}

public static class Policies
{
    public const string Admin = "Admin";
    public const string Analyst = "Analyst";
    public const string VenueDetails = "VenueDetails";
}
