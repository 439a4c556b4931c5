using System.Security.Claims;
using Blueprint.Api.Auth;
using Blueprint.Data;
using Blueprint.Data.Listings;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Listings;

/// <summary>
/// <c>GET /api/listings/last-edited</c>: when each listing's content (its fields or its venues) was last changed and
/// by whom, from the audit trail, verification left out. <c>UpdatedAt</c> cannot tell this: a "still accurate"
/// moves it too, and an edit is not a verification (nor the other way round). Administrators read every listing
/// (or one organisation's, <c>?organisation=3</c>); a provider those of its own organisations; a listing
/// with no recorded edit is absent.
/// </summary>
public static class LastEdits
{
    public sealed record LastEdit(int Id, DateTime At, string By);

    public static void MapLastEdits(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/listings/last-edited", GetAsync).RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Provider)).WithTags("Audit");

    private static async Task<IResult> GetAsync(ClaimsPrincipal user, BlueprintDb db, int? organisation, CancellationToken ct)
    {
        var listings = db.Interventions.IgnoreQueryFilters().AsQueryable();
        if (!user.IsInRole(Roles.Admin))
        {
            var organisations = user.ProviderOrganisations().ToArray();
            listings = listings.Where(i => organisations.Contains(i.OrganisationId));
        }
        if (organisation is { } org)
        {
            listings = listings.Where(i => i.OrganisationId == org);
        }
        var ids = listings.Select(i => i.Id);
        var edits = await ListingEdits.Latest(db, ids)
            .OrderBy(a => a.InterventionId)
            .Select(a => new LastEdit(a.InterventionId!.Value, a.At, a.ActorName))
            .ToListAsync(ct);
        return Results.Ok(new { listings = edits });
    }
}
