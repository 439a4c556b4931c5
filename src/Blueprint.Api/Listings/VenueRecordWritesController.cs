using Blueprint.Api.Hosting;
using Blueprint.Data;
using Blueprint.Data.Directory;
using Blueprint.Data.Listings;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Formatter;
using Microsoft.AspNetCore.OData.Routing.Controllers;

namespace Blueprint.Api.Listings;

/// <summary>
/// Writes to <c>/odata/VenueRecords</c>, the private venue records (decision 0003): the public <c>Venues</c> are
/// never written, only re-derived from the record (its local authority found from its point) on every change.
/// A venue of another organisation is answered 404, as if it did not exist: a hidden venue's existence is not told.
/// </summary>
[Authorize(Roles = ListingAccess.WriterRoles)]
[EvictsDirectoryCache]
[RequestSizeLimit(ListingBodies.MaxBytes)]
public sealed class VenueRecordWritesController(BlueprintDb db, ListingWriter writer, ModerationQueue queue) : ODataController
{
    [HttpPost("odata/VenueRecords")]
    public async Task<IActionResult> Post(CancellationToken ct)
    {
        if (await ListingBodies.ReadAsync(Request, ct) is not { } body)
        {
            return ListingBodies.Unreadable();
        }
        var venue = new VenueRecord { Visibility = "" };
        var problems = writer.ApplyVenue(venue, body, creating: true);
        var listing = venue.InterventionId > 0 ? await writer.FindAsync(venue.InterventionId, ct) : null;
        if (listing is null)
        {
            problems.RemoveAll(p => p.Target == nameof(VenueRecord.InterventionId));
            problems.Add(new(nameof(VenueRecord.InterventionId), "UnknownListing", "Name the listing the venue belongs to (InterventionId).",
                "Enwch y rhestriad y mae'r lleoliad yn perthyn iddo (InterventionId)."));
        }
        else if (!User.MayEdit(listing.OrganisationId))
        {
            return ListingErrors.NotAllowed();
        }
        if (problems.Count > 0)
        {
            return ListingErrors.Invalid(problems, RequestLanguage.Of(Request));
        }
        if (listing!.ClosedAt is not null)
        {
            return ListingErrors.Error(409, "Deleted", "This listing was deleted; it can no longer be changed.");
        }
        var actor = User.Actor("odata");
        if (User.Waits(listing.Organisation!.EditsWaitForApproval))
        {
            db.ChangeTracker.Clear();
            return await queue.SubmitAsync(new ModerationItem
            {
                OrganisationId = listing.OrganisationId, EntityType = AuditEntities.Venue, Operation = ModerationOperations.Create,
                InterventionId = listing.Id, Payload = body.ToJsonString(), SubmittedById = actor.Id, SubmittedByName = actor.Name,
            }, ct);
        }
        db.VenueRecords.Add(venue);
        writer.RefreshFace(venue, listing);
        db.Actor = actor;
        await db.SaveChangesAsync(ct);
        Response.Headers.ETag = ListingVersions.ETagOf(venue.Version);
        return Created(venue);
    }

    [HttpPatch("odata/VenueRecords({key})")]
    public async Task<IActionResult> Patch([FromODataUri] int key, CancellationToken ct)
    {
        if (await FindAsync(key, ct) is not { } found)
        {
            return NotFound(key);
        }
        var (venue, listing) = found;
        if (await ListingVersions.CheckAsync(db, Request, AuditEntities.Venue, key, venue.Version, ct) is { } refused)
        {
            return ListingErrors.Error(refused.Status, refused.Code, refused.Message, refused.Details);
        }
        if (await ListingBodies.ReadAsync(Request, ct) is not { } body)
        {
            return ListingBodies.Unreadable();
        }
        var problems = writer.ApplyVenue(venue, body, creating: false);
        if (problems.Count > 0)
        {
            return ListingErrors.Invalid(problems, RequestLanguage.Of(Request));
        }
        var actor = User.Actor("odata");
        if (User.Waits(listing.Organisation!.EditsWaitForApproval))
        {
            var version = venue.Version;
            db.ChangeTracker.Clear();
            return await queue.SubmitAsync(new ModerationItem
            {
                OrganisationId = listing.OrganisationId, EntityType = AuditEntities.Venue, Operation = ModerationOperations.Update,
                EntityId = key, InterventionId = listing.Id, BaseVersion = version,
                Payload = body.ToJsonString(), SubmittedById = actor.Id, SubmittedByName = actor.Name,
            }, ct);
        }
        var versionRead = venue.Version;
        writer.RefreshFace(venue, listing);
        db.Actor = actor;
        if (await ListingVersions.SaveAsync(db, AuditEntities.Venue, key, versionRead, RequestLanguage.Of(Request), ct) is { } conflict)
        {
            return conflict;
        }
        Response.Headers.ETag = ListingVersions.ETagOf(venue.Version);
        return Ok(venue);
    }

    [HttpDelete("odata/VenueRecords({key})")]
    public async Task<IActionResult> Delete([FromODataUri] int key, CancellationToken ct)
    {
        if (await FindAsync(key, ct) is not { } found)
        {
            return NotFound(key);
        }
        var (venue, listing) = found;
        if (await ListingVersions.CheckAsync(db, Request, AuditEntities.Venue, key, venue.Version, ct) is { } refused)
        {
            return ListingErrors.Error(refused.Status, refused.Code, refused.Message, refused.Details);
        }
        var actor = User.Actor("odata");
        if (User.Waits(listing.Organisation!.EditsWaitForApproval))
        {
            var version = venue.Version;
            db.ChangeTracker.Clear();
            return await queue.SubmitAsync(new ModerationItem
            {
                OrganisationId = listing.OrganisationId, EntityType = AuditEntities.Venue, Operation = ModerationOperations.Delete,
                EntityId = key, InterventionId = listing.Id, BaseVersion = version, Payload = "{}",
                SubmittedById = actor.Id, SubmittedByName = actor.Name,
            }, ct);
        }
        var versionRead = venue.Version;
        writer.DeleteVenue(venue);
        db.Actor = actor;
        if (await ListingVersions.SaveAsync(db, AuditEntities.Venue, key, versionRead, RequestLanguage.Of(Request), ct) is { } conflict)
        {
            return conflict;
        }
        return NoContent();
    }

    /// <summary>The venue and its listing when the caller may change them; otherwise nothing (answered 404 alike).</summary>
    private async Task<(VenueRecord, Intervention)?> FindAsync(int key, CancellationToken ct) =>
        await writer.FindVenueAsync(key, ct) is { } found && User.MayEdit(found.Listing.OrganisationId) ? found : null;

    private ObjectResult NotFound(int key) => ListingErrors.Error(404, "NotFound", $"There is no venue record {key} that you may change.");
}
