using System.Text.Json.Nodes;
using Blueprint.Api.Hosting;
using Blueprint.Data;
using Blueprint.Data.Directory;
using Blueprint.Data.Listings;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Formatter;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Listings;

/// <summary>
/// Writes to <c>/odata/Interventions</c>: create, change (a delta of any field, areas served included), delete
/// (close and tombstone) and verify. Administrators change any listing; providers those of their own organisations;
/// analysts and anonymous callers none. Authorisation comes first (401, 403), then If-Match (428, 412), then
/// the listing rules (400 with a problem per field). For an organisation whose edits wait, a provider's change
/// is queued for an administrator (202 with the queue item) and nothing public changes.
/// </summary>
[Authorize(Roles = ListingAccess.WriterRoles)]
[EvictsDirectoryCache]
[RequestSizeLimit(ListingBodies.MaxBytes)]
public sealed class InterventionWritesController(BlueprintDb db, ListingWriter writer, ModerationQueue queue, Staleness staleness) : ODataController
{
    [HttpPost("odata/Interventions")]
    public async Task<IActionResult> Post(CancellationToken ct)
    {
        if (await ListingBodies.ReadAsync(Request, ct) is not { } body)
        {
            return ListingBodies.Unreadable();
        }
        var organisationId = body[nameof(Intervention.OrganisationId)] is JsonValue v && v.TryGetValue<int>(out var org) ? org : (int?)null;
        if (organisationId is { } id && !User.MayEdit(id))
        {
            return ListingErrors.NotAllowed();
        }
        var actor = User.Actor("odata");
        var (listing, problems) = await writer.CreateAsync(body, actor, ct);
        if (problems.Count > 0)
        {
            return ListingErrors.Invalid(problems, RequestLanguage.Of(Request));
        }
        if (!User.MayEdit(listing.OrganisationId))
        {
            return ListingErrors.NotAllowed();
        }
        if (User.Waits(await queue.WaitsAsync(listing.OrganisationId, ct)))
        {
            db.ChangeTracker.Clear();
            return await queue.SubmitAsync(new ModerationItem
            {
                OrganisationId = listing.OrganisationId, EntityType = AuditEntities.Intervention, Operation = ModerationOperations.Create,
                Payload = body.ToJsonString(), SubmittedById = actor.Id, SubmittedByName = actor.Name,
            }, ct);
        }
        db.Interventions.Add(listing);
        db.Actor = actor;
        await db.SaveChangesAsync(ct);
        Response.Headers.ETag = ListingVersions.ETagOf(listing.Version);
        return Created(listing);
    }

    [HttpPatch("odata/Interventions({key})")]
    public async Task<IActionResult> Patch([FromODataUri] int key, CancellationToken ct)
    {
        if (await writer.FindAsync(key, ct) is not { } listing)
        {
            return ListingErrors.Error(404, "NotFound", $"There is no listing {key}.");
        }
        if (!User.MayEdit(listing.OrganisationId))
        {
            return ListingErrors.NotAllowed();
        }
        if (await ListingVersions.CheckAsync(db, Request, AuditEntities.Intervention, key, listing.Version, ct) is { } refused)
        {
            return ListingErrors.Error(refused.Status, refused.Code, refused.Message, refused.Details);
        }
        if (listing.ClosedAt is not null)
        {
            return ListingErrors.Error(409, "Deleted", "This listing was deleted; it can no longer be changed.");
        }
        if (await ListingBodies.ReadAsync(Request, ct) is not { } body)
        {
            return ListingBodies.Unreadable();
        }
        var organisationBefore = listing.OrganisationId;
        var problems = await writer.ApplyAsync(listing, body, ct);
        if (problems.Count > 0)
        {
            return ListingErrors.Invalid(problems, RequestLanguage.Of(Request));
        }
        if (!User.MayEdit(listing.OrganisationId))
        {
            return ListingErrors.Error(403, "Forbidden", "You may move a listing only to an organisation you act for.");
        }
        var actor = User.Actor("odata");
        if (User.Waits(listing.Organisation!.EditsWaitForApproval))
        {
            var version = listing.Version;
            db.ChangeTracker.Clear();
            return await queue.SubmitAsync(new ModerationItem
            {
                OrganisationId = organisationBefore, EntityType = AuditEntities.Intervention, Operation = ModerationOperations.Update,
                EntityId = key, InterventionId = key, BaseVersion = version,
                Payload = body.ToJsonString(), SubmittedById = actor.Id, SubmittedByName = actor.Name,
            }, ct);
        }
        var versionRead = listing.Version;
        db.Actor = actor;
        if (await ListingVersions.SaveAsync(db, AuditEntities.Intervention, key, versionRead, RequestLanguage.Of(Request), ct) is { } conflict)
        {
            return conflict;
        }
        Response.Headers.ETag = ListingVersions.ETagOf(listing.Version);
        return Ok(listing);
    }

    /// <summary>Closes and tombstones the listing (soft delete): out of search, still at its key with status closed.</summary>
    [HttpDelete("odata/Interventions({key})")]
    public async Task<IActionResult> Delete([FromODataUri] int key, CancellationToken ct)
    {
        if (await writer.FindAsync(key, ct) is not { } listing)
        {
            return ListingErrors.Error(404, "NotFound", $"There is no listing {key}.");
        }
        if (!User.MayEdit(listing.OrganisationId))
        {
            return ListingErrors.NotAllowed();
        }
        if (await ListingVersions.CheckAsync(db, Request, AuditEntities.Intervention, key, listing.Version, ct) is { } refused)
        {
            return ListingErrors.Error(refused.Status, refused.Code, refused.Message, refused.Details);
        }
        if (listing.ClosedAt is not null)
        {
            return NoContent();
        }
        var actor = User.Actor("odata");
        if (User.Waits(listing.Organisation!.EditsWaitForApproval))
        {
            var version = listing.Version;
            db.ChangeTracker.Clear();
            return await queue.SubmitAsync(new ModerationItem
            {
                OrganisationId = listing.OrganisationId, EntityType = AuditEntities.Intervention, Operation = ModerationOperations.Delete,
                EntityId = key, InterventionId = key, BaseVersion = version, Payload = "{}",
                SubmittedById = actor.Id, SubmittedByName = actor.Name,
            }, ct);
        }
        var versionRead = listing.Version;
        await writer.DeleteAsync(listing, ct);
        db.Actor = actor;
        if (await ListingVersions.SaveAsync(db, AuditEntities.Intervention, key, versionRead, RequestLanguage.Of(Request), ct) is { } conflict)
        {
            return conflict;
        }
        return NoContent();
    }

    /// <summary>"Still accurate": sets LastVerified (today) and VerifiedBy, and nothing else. No If-Match: it changes no content.</summary>
    [HttpPost("odata/Interventions({key})/Verify")]
    [HttpPost("odata/Interventions({key})/Blueprint.Verify")]
    public async Task<IActionResult> Verify([FromODataUri] int key, CancellationToken ct)
    {
        var organisation = await db.Interventions.IgnoreQueryFilters().Where(i => i.Id == key).Select(i => (int?)i.OrganisationId).FirstOrDefaultAsync(ct);
        if (organisation is null)
        {
            return ListingErrors.Error(404, "NotFound", $"There is no listing {key}.");
        }
        if (!User.MayEdit(organisation.Value))
        {
            return ListingErrors.NotAllowed();
        }
        var (outcome, listing) = await ListingVerification.VerifyAsync(db, key, User.Actor("verify"), staleness.Today, ct);
        if (outcome == ListingVerification.Outcome.Deleted)
        {
            return ListingErrors.Error(409, "Deleted", "This listing was deleted; it cannot be verified.");
        }
        Response.Headers.ETag = ListingVersions.ETagOf(listing!.Version);
        return Ok(listing);
    }
}
