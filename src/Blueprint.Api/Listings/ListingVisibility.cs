using Blueprint.Api.Auth;
using Blueprint.Data;

namespace Blueprint.Api.Listings;

/// <summary>
/// Who sees overdue listings: administrators and analysts all of them, a provider those of its own
/// organisations, the public none (when <c>Listings:HideOverdue</c> is on). Set on the request's context
/// before any endpoint runs, so every public route (OData sets, functions, navigations, <c>$count</c>,
/// the map's GeoJSON, markers and counts) leaves them out with no code of its own.
/// </summary>
public static class ListingVisibility
{
    public static void UseListingVisibility(this WebApplication app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        // The Open Referral feed is public data only: everyone gets the public view there, whatever credentials come with the request.
        var publicFeed = OpenReferral.OpenReferralEndpoints.IsFeed(path);
        if (!publicFeed && !path.StartsWithSegments("/odata", StringComparison.OrdinalIgnoreCase) && !path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            await next();
            return;
        }
        var db = context.RequestServices.GetRequiredService<BlueprintDb>();
        var staleness = context.RequestServices.GetRequiredService<Staleness>();
        var user = context.User;
        var seesAll = !staleness.HidesOverdue || (!publicFeed && (user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Analyst)));
        db.ShowOverdueListingsOnlyTo(seesAll ? null : staleness.HiddenBefore, publicFeed ? [] : user.ProviderOrganisations());
        try
        {
            await next();
        }
        finally
        {
            // The context is pooled: the next borrower (a command, a background run) must see everything again.
            db.ShowOverdueListingsOnlyTo(null, []);
        }
    });
}
