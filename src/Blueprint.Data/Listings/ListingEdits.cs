using Microsoft.EntityFrameworkCore;

namespace Blueprint.Data.Listings;

/// <summary>
/// When a listing's content (its fields or its venues) was last changed, from the audit trail, verifications left
/// out (decision 0022). The one query behind <c>GET /api/listings/last-edited</c> and the survey publish's
/// "newer evidence" check.
/// </summary>
public static class ListingEdits
{
    /// <summary>The newest edit entry of each of <paramref name="listingIds"/> that has one.</summary>
    /// <param name="surveyPublishes">
    /// Count survey publishes as edits. The publish's own check leaves them out: the evidence a survey publish
    /// brought is dated by the listing's last verification (the response's completion), not by when it ran.
    /// </param>
    public static IQueryable<AuditEntry> Latest(BlueprintDb db, IQueryable<int> listingIds, bool surveyPublishes = true)
    {
        var entries = db.AuditEntries.AsNoTracking()
            .Where(a => a.InterventionId != null && a.Action != "verified" && listingIds.Contains(a.InterventionId.Value));
        if (!surveyPublishes)
        {
            entries = entries.Where(a => a.Route != SurveyPublishRoute);
        }
        var latest = entries.GroupBy(a => a.InterventionId!.Value).Select(g => g.Max(a => a.Id));
        return db.AuditEntries.AsNoTracking().Where(a => latest.Contains(a.Id));
    }

    /// <summary>The route <see cref="AuditActor.SurveyImport"/> records.</summary>
    public const string SurveyPublishRoute = "survey-publish";
}
