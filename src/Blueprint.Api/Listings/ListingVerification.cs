using Blueprint.Data;
using Blueprint.Data.Directory;
using Blueprint.Data.Listings;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Listings;

/// <summary>
/// "Still accurate": the one thing that sets a listing's <see cref="Intervention.LastVerified"/> (an edit never
/// does). Used by the OData action <c>Verify</c> and by any other route that confirms a listing (a one-click
/// link in a reminder): authorise the caller first, then call <see cref="VerifyAsync"/>.
/// </summary>
public static class ListingVerification
{
    public enum Outcome { Verified, NotFound, Deleted }

    /// <summary>
    /// Sets LastVerified to <paramref name="today"/> and VerifiedBy to the actor's name, audited under <paramref name="actor"/>,
    /// and saves. Verification is not an edit of the content: it applies at once, also for organisations whose
    /// edits wait for an administrator. A deleted listing cannot be verified.
    /// </summary>
    /// <param name="today">The day the listing is confirmed on: <see cref="Staleness.Today"/>, the clock staleness is counted by.</param>
    public static async Task<(Outcome Outcome, Intervention? Listing)> VerifyAsync(BlueprintDb db, int interventionId, AuditActor actor, DateOnly today, CancellationToken ct = default)
    {
        var listing = await db.Interventions.IgnoreQueryFilters().FirstOrDefaultAsync(i => i.Id == interventionId, ct);
        if (listing is null)
        {
            return (Outcome.NotFound, null);
        }
        if (listing.ClosedAt is not null)
        {
            return (Outcome.Deleted, listing);
        }
        listing.LastVerified = today;
        listing.VerifiedBy = actor.Name.Length <= 200 ? actor.Name : actor.Name[..200];
        db.Actor = actor;
        // Saved even when the date is already today's (the version moves; the audit trail records only changed values).
        db.Entry(listing).Property(i => i.LastVerified).IsModified = true;
        await db.SaveChangesAsync(ct);
        return (Outcome.Verified, listing);
    }
}
