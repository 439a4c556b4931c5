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

    /// <summary>The claim holding a provider's organisation id (repeated, or an array, for a provider acting for several).</summary>
    public const string OrganisationClaim = "org";

    public static bool SeesAllVenueDetails(this ClaimsPrincipal user) => user.IsInRole(Admin) || user.IsInRole(Analyst);

    /// <summary>The organisations a provider acts for (an <c>org</c> claim each, or one claim holding an array): none for other roles.</summary>
    public static IReadOnlyList<int> ProviderOrganisations(this ClaimsPrincipal user) => user.IsInRole(Provider)
        ? [.. user.FindAll(OrganisationClaim).Select(c => int.TryParse(c.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : -1).Where(id => id >= 0).Distinct()]
        : [];
}

public static class Policies
{
    public const string Admin = "Admin";
    public const string Analyst = "Analyst";
    public const string VenueDetails = "VenueDetails";
}
