using System.Reflection;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Blueprint.Data;
using Blueprint.Data.Directory;
using Blueprint.Data.Listings;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Listings;

public static class ModerationOperations
{
    public const string Create = "create";
    public const string Update = "update";
    public const string Delete = "delete";
}

/// <summary>A queue item as providers and administrators read it, with a field-level diff against the current record.</summary>
public sealed record ModerationView(
    int Id, int OrganisationId, string EntityType, string Operation, int? EntityId, int? InterventionId, string State,
    string SubmittedBy, DateTime SubmittedAt, string? DecidedBy, DateTime? DecidedAt, string? Reason, int? ResultId,
    string Link, JsonNode? Proposed, IReadOnlyList<ModerationDiff> Diff);

/// <summary>One field of a queued change: what the listing holds now and what the provider proposes.</summary>
public sealed record ModerationDiff(string Field, JsonNode? Current, JsonNode? Proposed);

/// <summary>
/// Changes waiting for an administrator. Submitting changes nothing public; approving applies the change through
/// the same <see cref="ListingWriter"/> as a direct write, checked against the version the provider edited (a
/// conflicting change is reported, never applied over a later one); rejecting records a reason the provider reads.
/// </summary>
public sealed class ModerationQueue(BlueprintDb db, ListingWriter writer)
{
    private static readonly JsonSerializerOptions Json = new();

    public async Task<bool> WaitsAsync(int organisationId, CancellationToken ct) =>
        await db.Organisations.Where(o => o.Id == organisationId).Select(o => o.EditsWaitForApproval).FirstOrDefaultAsync(ct);

    /// <summary>Queues the item and answers 202 Accepted with it (and its link in Location).</summary>
    public async Task<IActionResult> SubmitAsync(ModerationItem item, CancellationToken ct)
    {
        item.SubmittedAt = db.Clock.GetUtcNow().UtcDateTime;
        item.State = ModerationStates.Pending;
        db.ModerationItems.Add(item);
        await db.SaveChangesAsync(ct);
        var view = await ViewAsync(item, ct);
        return new AcceptedResult(view.Link, new
        {
            view.Id, view.State, view.Link, view.Operation, view.EntityType, view.EntityId,
            Message = "Your organisation's changes wait for an administrator: nothing is published until one approves it.",
        });
    }

    /// <summary>
    /// Applies a pending item as <paramref name="admin"/>. Null when it was applied; otherwise the status, code and
    /// message to answer (409 when the record changed since the provider read it, or the change no longer fits),
    /// worded in <paramref name="language"/> ("cy" or "en").
    /// </summary>
    public async Task<(int Status, string Code, string Message, IReadOnlyList<ListingErrorDetail>? Details)?> ApproveAsync(
        ModerationItem item, ClaimsPrincipal admin, string language, CancellationToken ct)
    {
        var cy = language == "cy";
        if (item.State != ModerationStates.Pending)
        {
            return (409, "AlreadyDecided", AlreadyDecided(item, language), null);
        }
        var payload = JsonNode.Parse(item.Payload) as JsonObject ?? [];
        var submitter = new AuditActor(item.SubmittedById, item.SubmittedByName, "odata");
        List<FieldProblem> problems;
        int? result;
        switch (item.EntityType, item.Operation)
        {
            case (AuditEntities.Intervention, ModerationOperations.Create):
            {
                var (listing, found) = await writer.CreateAsync(payload, submitter, ct);
                problems = found;
                if (problems.Count == 0)
                {
                    db.Interventions.Add(listing);
                }
                await SaveAsync(item, admin, problems, ct);
                result = problems.Count == 0 ? listing.Id : null;
                break;
            }
            case (AuditEntities.Intervention, _):
            {
                var listing = await writer.FindAsync(item.EntityId ?? 0, ct);
                if (await Stale(listing?.ClosedAt is null ? listing?.Version : null, item, AuditEntities.Intervention, language, ct) is { } stale)
                {
                    return stale;
                }
                if (item.Operation == ModerationOperations.Delete)
                {
                    await writer.DeleteAsync(listing!, ct);
                    problems = [];
                }
                else
                {
                    problems = await writer.ApplyAsync(listing!, payload, ct);
                    if (problems.Count == 0 && listing!.OrganisationId != item.OrganisationId)
                    {
                        problems.Add(new(nameof(Intervention.OrganisationId), "Forbidden", "A queued change cannot move a listing to another organisation.",
                            "Ni all newid sy'n aros mewn ciw symud rhestriad i sefydliad arall."));
                    }
                }
                await SaveAsync(item, admin, problems, ct);
                result = listing!.Id;
                break;
            }
            case (AuditEntities.Venue, ModerationOperations.Create):
            {
                var listing = await writer.FindAsync(item.InterventionId ?? 0, ct);
                if (listing is null || listing.ClosedAt is not null)
                {
                    return (409, "Deleted", cy ? "Nid yw'r rhestriad yr oedd y lleoliad hwn ar ei gyfer yn bod mwyach." : "The listing this venue was for no longer exists.", null);
                }
                var venue = new VenueRecord { Visibility = "" };
                problems = writer.ApplyVenue(venue, payload, creating: true);
                if (problems.Count == 0)
                {
                    venue.InterventionId = listing.Id;
                    db.VenueRecords.Add(venue);
                    writer.RefreshFace(venue, listing);
                }
                await SaveAsync(item, admin, problems, ct);
                result = problems.Count == 0 ? venue.Id : null;
                break;
            }
            default:
            {
                var found = await writer.FindVenueAsync(item.EntityId ?? 0, ct);
                if (await Stale(found?.Venue.Version, item, AuditEntities.Venue, language, ct) is { } stale)
                {
                    return stale;
                }
                var (venue, listing) = found!.Value;
                problems = [];
                if (item.Operation == ModerationOperations.Delete)
                {
                    writer.DeleteVenue(venue);
                }
                else
                {
                    problems = writer.ApplyVenue(venue, payload, creating: false);
                    if (problems.Count == 0)
                    {
                        writer.RefreshFace(venue, listing);
                    }
                }
                await SaveAsync(item, admin, problems, ct);
                result = venue.Id;
                break;
            }
        }
        if (problems.Count > 0)
        {
            return (409, "NoLongerValid", cy
                ? "Nid yw'r newid sy'n aros yn bodloni rheolau'r rhestriadau fel y mae'r cofnod nawr: gwrthodwch ef gan roi rheswm."
                : "The queued change does not meet the listing rules as the record stands now: reject it with a reason.", ListingErrors.Details(problems, language));
        }
        item.ResultId = result;
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>Saves the approved change and the item's decision together (one transaction, audited as the administrator through this item).</summary>
    private async Task SaveAsync(ModerationItem item, ClaimsPrincipal admin, List<FieldProblem> problems, CancellationToken ct)
    {
        if (problems.Count > 0)
        {
            return;
        }
        Decide(item, admin, ModerationStates.Approved, null);
        db.Actor = admin.Actor($"moderation {item.Id}");
        await db.SaveChangesAsync(ct);
    }

    private async Task<(int, string, string, IReadOnlyList<ListingErrorDetail>?)?> Stale(long? current, ModerationItem item, string entityType, string language, CancellationToken ct)
    {
        var cy = language == "cy";
        if (current is null)
        {
            return (409, "Deleted", cy
                ? "Nid yw'r cofnod yr oedd y newid hwn ar ei gyfer yn bod mwyach (neu fe'i dilëwyd): gwrthodwch ef gan roi rheswm."
                : "The record this change was for no longer exists (or was deleted): reject it with a reason.", null);
        }
        if (item.BaseVersion is { } basis && basis != current)
        {
            var (message, details) = await ListingVersions.ChangedSinceAsync(db, entityType, item.EntityId!.Value, basis, current.Value, language, ct);
            return (409, "Conflict", (cy ? "Ni chymhwyswyd: " : "Not applied: ") + message, details);
        }
        return null;
    }

    /// <summary>Why an item already decided cannot be decided again.</summary>
    public static string AlreadyDecided(ModerationItem item, string language) => language != "cy"
        ? $"This change was already {item.State}."
        : item.State == ModerationStates.Approved ? "Roedd y newid hwn wedi'i gymeradwyo eisoes."
        : item.State == ModerationStates.Rejected ? "Roedd y newid hwn wedi'i wrthod eisoes."
        : $"Roedd y newid hwn eisoes yn {item.State}.";

    public async Task RejectAsync(ModerationItem item, ClaimsPrincipal admin, string reason, CancellationToken ct)
    {
        Decide(item, admin, ModerationStates.Rejected, reason);
        await db.SaveChangesAsync(ct);
    }

    private void Decide(ModerationItem item, ClaimsPrincipal admin, string state, string? reason)
    {
        var actor = admin.Actor("moderation");
        item.State = state;
        item.DecidedById = actor.Id;
        item.DecidedByName = actor.Name;
        item.DecidedAt = db.Clock.GetUtcNow().UtcDateTime;
        item.Reason = reason;
    }

    /// <summary>The item with a diff of each proposed field against the record as it is now.</summary>
    public async Task<ModerationView> ViewAsync(ModerationItem item, CancellationToken ct)
    {
        var proposed = JsonNode.Parse(item.Payload) as JsonObject ?? [];
        object? current = (item.EntityType, item.Operation) switch
        {
            (_, ModerationOperations.Create) => null,
            (AuditEntities.Intervention, _) => await db.Interventions.IgnoreQueryFilters().AsNoTracking().Include(i => i.Areas).FirstOrDefaultAsync(i => i.Id == item.EntityId, ct),
            _ => await db.VenueRecords.AsNoTracking().FirstOrDefaultAsync(v => v.Id == item.EntityId, ct),
        };
        var diff = new List<ModerationDiff>();
        if (item.Operation == ModerationOperations.Delete)
        {
            diff.Add(new("(record)", current is null ? null : JsonValue.Create("exists"), JsonValue.Create("deleted")));
        }
        foreach (var (field, value) in proposed.Where(p => !p.Key.Contains('@', StringComparison.Ordinal)))
        {
            var now = ValueOf(current, field);
            if (!JsonNode.DeepEquals(now, value))
            {
                diff.Add(new(field, now, value?.DeepClone()));
            }
        }
        return new ModerationView(item.Id, item.OrganisationId, item.EntityType, item.Operation, item.EntityId, item.InterventionId, item.State,
            item.SubmittedByName, item.SubmittedAt, item.DecidedByName, item.DecidedAt, item.Reason, item.ResultId,
            $"/api/moderation/{item.Id}", proposed, diff);
    }

    private static JsonNode? ValueOf(object? record, string field)
    {
        if (record is null)
        {
            return null;
        }
        if (record is Intervention listing && field == ListingFields.Areas)
        {
            return JsonSerializer.SerializeToNode(listing.Areas.Select(a => a.Code).Order(StringComparer.Ordinal).ToList(), Json);
        }
        var property = record.GetType().GetProperty(field, BindingFlags.Public | BindingFlags.Instance);
        return property is null || property.PropertyType.IsClass && property.PropertyType != typeof(string) && property.PropertyType != typeof(List<string>)
            ? null
            : JsonSerializer.SerializeToNode(property.GetValue(record), property.PropertyType, Json);
    }
}
