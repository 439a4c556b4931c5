using Blueprint.Api.OData;
using Blueprint.Data;
using Blueprint.Data.Directory;
using Blueprint.Data.Listings;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Listings;

/// <summary>
/// POST /api/listings/still-accurate {"token":"…"}: the "still accurate" link of a reminder, posted by the
/// front end's /still-accurate page (a GET never changes anything). Sets the listing's LastVerified to
/// today, once per link.
/// </summary>
internal static class StillAccurateEndpoint
{
    public sealed record Request(string? Token);

    public static async Task<IResult> ConfirmAsync(Request? request, BlueprintDb db, StillAccurateLinks links, Staleness staleness, CancellationToken ct)
    {
        var reminder = links.ReminderId(request?.Token) is { } id
            ? await db.ListingReminders.SingleOrDefaultAsync(r => r.Id == id, ct)
            : null;
        if (reminder is null)
        {
            return ErrorBody.Result(400, "LinkNotValid",
                $"This link is not valid or has expired (links work for {staleness.Options.ReminderLinkDays} days). Sign in to verify the listing, or wait for the next reminder.");
        }
        if (reminder.UsedAt is { } used)
        {
            return ErrorBody.Result(409, "LinkUsed", $"This link was already used on {used:yyyy-MM-dd}: the listing is verified.");
        }
        // The listing may already be hidden from the public: the link reaches it all the same. The link is
        // used up in the same save that verifies the listing.
        reminder.UsedAt = staleness.Now;
        var actor = new AuditActor($"reminder {reminder.Id}", "still-accurate link", "still-accurate-link");
        Intervention? listing;
        try
        {
            (var outcome, listing) = await ListingVerification.VerifyAsync(db, reminder.InterventionId, actor, staleness.Today, ct);
            if (outcome != ListingVerification.Outcome.Verified)
            {
                return ErrorBody.Result(410, "ListingClosed", "This listing has been closed, so there is nothing to verify.");
            }
        }
        catch (DbUpdateConcurrencyException)
        {
            return ErrorBody.Result(409, "LinkUsed", "The listing changed at the same moment; open the link again.");
        }
        return TypedResults.Ok(new { name = listing!.Name, nameCy = listing.NameCy, lastVerified = listing.LastVerified });
    }

}
