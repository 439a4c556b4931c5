using System.Security.Claims;
using Blueprint.Api.Auth;
using Blueprint.Data.Listings;

namespace Blueprint.Api.Listings;

/// <summary>Who may change which listing, and who the audit trail says did it.</summary>
public static class ListingAccess
{
    /// <summary>The roles that may write listings at all (analysts read only; anonymous callers get 401).</summary>
    public const string WriterRoles = Roles.Admin + "," + Roles.Provider;

    /// <summary>An administrator may change any organisation's listings; a provider only those of the organisations it acts for.</summary>
    public static bool MayEdit(this ClaimsPrincipal user, int organisationId) =>
        user.IsInRole(Roles.Admin) || user.ProviderOrganisations().Contains(organisationId);

    /// <summary>Whether this caller's edits to the organisation wait for an administrator (administrators' own edits never do).</summary>
    public static bool Waits(this ClaimsPrincipal user, bool organisationWaits) => organisationWaits && !user.IsInRole(Roles.Admin);

    /// <summary>The person behind the request (the token's <c>sub</c> and <c>name</c>) acting through <paramref name="route"/>.</summary>
    public static AuditActor Actor(this ClaimsPrincipal user, string route)
    {
        var id = user.FindFirstValue("sub") ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown";
        var name = user.FindFirstValue("name") ?? user.Identity?.Name ?? id;
        return new AuditActor(id, name, route);
    }
}
