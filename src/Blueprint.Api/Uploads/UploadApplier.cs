using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Blueprint.Api.Auth;
using Blueprint.Api.Listings;
using Blueprint.Data;
using Blueprint.Data.Directory;
using Blueprint.Data.Listings;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Uploads;

/// <summary>
/// Applies a previewed upload: every planned row (changed or new, never an error row) in one save, so one
/// transaction (all or nothing), through the same <see cref="ListingWriter"/> as an API edit, audited as
/// <c>upload N</c>. Rows of an organisation whose edits wait become queue items instead, in the same save.
/// If any listing changed since the preview, nothing is applied (412, naming the rows).
/// </summary>
public sealed class UploadApplier(BlueprintDb db, ListingWriter writer, ModerationQueue queue)
{
    /// <param name="language">"cy" or "en" (<see cref="Hosting.RequestLanguage"/>): the language of the answer's messages.</param>
    public async Task<IResult> ApplyAsync(ListingUpload upload, bool skipErrors, ClaimsPrincipal user, string language, CancellationToken ct)
    {
        var cy = language == "cy";
        var now = db.Clock.GetUtcNow().UtcDateTime;
        if (upload.State != ListingUploadStates.Previewed)
        {
            return ListingErrors.Result(409, "AlreadyDecided", cy
                ? $"Cafodd y ffeil hon ei thrin eisoes ({upload.State}). Llwythwch y ffeil i fyny eto i gael rhagolwg newydd."
                : $"This upload was already {upload.State}. Upload the file again to make a new preview.");
        }
        if (upload.ExpiresAt < now)
        {
            return ListingErrors.Result(410, "Expired", cy
                ? $"Daeth y rhagolwg hwn i ben am {upload.ExpiresAt:yyyy-MM-dd HH:mm} UTC (gweler ListingUploads:PreviewMinutes). Llwythwch y ffeil i fyny eto."
                : $"This preview expired at {upload.ExpiresAt:yyyy-MM-dd HH:mm} UTC (see ListingUploads:PreviewMinutes). Upload the file again.");
        }
        var preview = JsonSerializer.Deserialize<UploadPreview>(upload.Preview, UploadPreviewer.Json)!;
        var plan = JsonSerializer.Deserialize<List<PlannedRow>>(upload.Plan, UploadPreviewer.Json) ?? [];
        if (preview.Totals.Errors > 0 && !skipErrors)
        {
            return ListingErrors.Result(409, "PreviewHasErrors",
                cy
                    ? $"Mae gwallau mewn {preview.Totals.Errors} rhes o'r ffeil hon. Cywirwch y ffeil a'i llwytho i fyny eto, neu cymhwyswch y rhesi eraill gyda {{\"skipErrors\":true}}."
                    : $"{preview.Totals.Errors} row(s) of this upload have errors. Correct the file and upload it again, or apply the other rows with {{\"skipErrors\":true}}.",
                [.. preview.Rows.Where(r => r.Status == UploadRowStatus.Error).Select(r => new ListingErrorDetail("RowError", $"row {r.Row}", string.Join(" ", r.Errors.Select(e => e.Message))))]);
        }
        if (plan.Count == 0)
        {
            return ListingErrors.Result(409, "NothingToApply", cy
                ? "Nid yw'r ffeil hon yn newid dim: nid oes rhes wedi'i newid na rhes newydd."
                : "This upload changes nothing: no row is changed or new.");
        }

        // Every listing as it is now, tracked; any that changed since the preview stops the whole upload.
        var listings = new Dictionary<int, Intervention>();
        var stale = new List<ListingErrorDetail>();
        foreach (var row in plan.Where(p => p.ListingId is not null))
        {
            var listing = await writer.FindAsync(row.ListingId!.Value, ct);
            if (listing is null || listing.ClosedAt is not null || !user.MayEdit(listing.OrganisationId))
            {
                stale.Add(new ListingErrorDetail("Deleted", $"row {row.Row}", cy
                    ? $"Cafodd rhestriad {row.ListingId} ei ddileu ers y rhagolwg."
                    : $"Listing {row.ListingId} was deleted since the preview."));
                continue;
            }
            if (listing.Version != row.BaseVersion)
            {
                var (message, _) = await ListingVersions.ChangedSinceAsync(db, AuditEntities.Intervention, listing.Id, row.BaseVersion ?? 0, listing.Version, language, ct);
                stale.Add(new ListingErrorDetail("ChangedSince", $"row {row.Row}", message));
                continue;
            }
            listings[listing.Id] = listing;
        }
        if (stale.Count > 0)
        {
            db.ChangeTracker.Clear();
            return Stale(stale, cy);
        }

        var actor = user.Actor($"upload {upload.Id}");
        var waits = new Dictionary<int, bool>();
        var results = new List<(PlannedRow Row, Intervention? Listing, ModerationItem? Item)>();
        var problems = new List<ListingErrorDetail>();
        foreach (var row in plan)
        {
            if (!user.MayEdit(row.OrganisationId))
            {
                problems.Add(new ListingErrorDetail("Forbidden", $"row {row.Row}", cy
                    ? "Nid ydych chi'n gweithredu ar ran sefydliad y rhestriad hwn mwyach."
                    : "You no longer act for this listing's organisation."));
                continue;
            }
            if (!waits.TryGetValue(row.OrganisationId, out var wait))
            {
                waits[row.OrganisationId] = wait = user.Waits(await queue.WaitsAsync(row.OrganisationId, ct));
            }
            var body = JsonNode.Parse(row.Body) as JsonObject ?? [];
            if (wait)
            {
                var item = new ModerationItem
                {
                    OrganisationId = row.OrganisationId, EntityType = AuditEntities.Intervention,
                    Operation = row.ListingId is null ? ModerationOperations.Create : ModerationOperations.Update,
                    EntityId = row.ListingId, InterventionId = row.ListingId, BaseVersion = row.BaseVersion, Payload = row.Body,
                    SubmittedById = actor.Id, SubmittedByName = actor.Name, SubmittedAt = now, State = ModerationStates.Pending,
                };
                db.ModerationItems.Add(item);
                results.Add((row, null, item));
                continue;
            }
            List<FieldProblem> found;
            Intervention listing;
            if (row.ListingId is { } id)
            {
                listing = listings[id];
                found = await writer.ApplyAsync(listing, body, ct);
            }
            else
            {
                (listing, found) = await writer.CreateAsync(body, actor, ct);
                if (found.Count == 0)
                {
                    db.Interventions.Add(listing);
                }
            }
            problems.AddRange(found.Select(p => new ListingErrorDetail(p.Code, $"row {row.Row}", p.In(language))));
            results.Add((row, listing, null));
        }
        if (problems.Count > 0)
        {
            db.ChangeTracker.Clear();
            return ListingErrors.Result(409, "NoLongerValid", cy
                ? "Ni chymhwyswyd dim: nid yw rhai rhesi'n bodloni rheolau'r rhestriadau fel y mae'r cyfeiriadur nawr. Llwythwch y ffeil i fyny eto."
                : "Nothing was applied: some rows no longer meet the listing rules as the directory stands now. Upload the file again.", problems);
        }

        upload.State = ListingUploadStates.Applied;
        upload.AppliedAt = now;
        db.Actor = actor;
        try
        {
            // One save: the listings, the queue items, their audit entries and the upload's state commit together or not at all.
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Stale([new ListingErrorDetail("ChangedSince", "upload", cy
                ? "Newidiodd rhestriad tra oedd y ffeil yn cael ei chymhwyso."
                : "A listing changed while the upload was being applied.")], cy);
        }
        var applied = results.Select(r => new AppliedRow(r.Row.Row, r.Listing?.Id ?? r.Row.ListingId, r.Item is null ? "applied" : "waiting", r.Item?.Id)).ToList();
        var result = new UploadResult(upload.Id, upload.State, applied.Count(a => a.Outcome == "applied"), applied.Count(a => a.Outcome == "waiting"),
            preview.Totals.Errors, applied);
        upload.Result = JsonSerializer.Serialize(result, UploadPreviewer.Json);
        db.Actor = actor;
        await db.SaveChangesAsync(ct);
        return Results.Ok(result);
    }

    private static IResult Stale(IReadOnlyList<ListingErrorDetail> details, bool cy) =>
        ListingErrors.Result(412, "PreconditionFailed", cy
            ? $"Ni chymhwyswyd dim: newidiodd {details.Count} rhestriad ers y rhagolwg ({string.Join(", ", details.Select(d => d.Target))}). Lawrlwythwch eich rhestriadau eto, gwnewch eich newidiadau a llwythwch y ffeil i fyny."
            : $"Nothing was applied: {details.Count} listing(s) changed since the preview ({string.Join(", ", details.Select(d => d.Target))}). Download your listings again, make your edits and upload.",
            details);
}
