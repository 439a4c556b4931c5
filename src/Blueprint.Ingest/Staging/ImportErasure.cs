using System.Text.Json.Nodes;
using Blueprint.Data;
using Blueprint.Data.Listings;
using Blueprint.Data.Survey;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Ingest.Staging;

/// <summary>What an erasure did, or why it did not.</summary>
public sealed record ErasureResult(int ImportId, bool Found, bool Erased, int Responses, int WaitingToPublish, string? FileName);

/// <summary>
/// Erasure of an import (the right to erasure, and retention): its staged rows, which hold respondents' names,
/// job titles and e-mails beside their raw answers, and the import record go; the listings published from it
/// stay (they hold nothing personal). Refused while accepted responses still wait to be published, unless forced:
/// erasing those loses evidence no listing holds yet. Recorded in the audit trail (entity <c>survey-import</c>,
/// action <c>erased</c>, counts only).
/// </summary>
public static class ImportErasure
{
    public const string Action = "erased";

    public static async Task<ErasureResult> EraseAsync(BlueprintDb db, int importId, bool force, AuditActor actor, string reason, CancellationToken ct = default)
    {
        if (await db.SurveyImports.AsNoTracking().FirstOrDefaultAsync(i => i.Id == importId, ct) is not { } import)
        {
            return new(importId, false, false, 0, 0, null);
        }
        var waiting = await db.SurveyResponses.CountAsync(r => r.ImportId == importId && r.Outcome == SurveyOutcomes.Accepted && r.PublishedInterventionId == null, ct);
        if (waiting > 0 && !force)
        {
            return new(importId, true, false, 0, waiting, import.FileName);
        }
        var erased = 0;
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            erased = await db.SurveyResponses.Where(r => r.ImportId == importId).ExecuteDeleteAsync(ct);
            await db.SurveyImports.Where(i => i.Id == importId).ExecuteDeleteAsync(ct);
            var changes = new JsonArray
            {
                new JsonObject { ["field"] = "Responses", ["before"] = erased, ["after"] = 0 },
                new JsonObject { ["field"] = "Round", ["before"] = import.RoundId, ["after"] = null },
                new JsonObject { ["field"] = "FileHash", ["before"] = import.FileHash, ["after"] = null },
                new JsonObject { ["field"] = "Reason", ["before"] = null, ["after"] = reason },
            };
            db.AuditEntries.Add(new AuditEntry
            {
                At = db.Clock.GetUtcNow().UtcDateTime,
                ActorId = Bounded(actor.Id, 200), ActorName = Bounded(actor.Name, 200), Route = Bounded(actor.Route, 40),
                EntityType = AuditEntities.SurveyImport, Action = Action, EntityId = importId,
                Fields = "Responses,Round,FileHash,Reason", Changes = changes.ToJsonString(),
            });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
        db.ChangeTracker.Clear();
        return new(importId, true, true, erased, waiting, import.FileName);
    }

    /// <summary>
    /// Imports whose staged rows have been kept their time: their round closed more than <paramref name="months"/>
    /// months before <paramref name="today"/>. A round with no closing date keeps its imports.
    /// </summary>
    public static async Task<List<(int ImportId, string Round, DateOnly ClosedOn)>> ExpiredAsync(BlueprintDb db, int months, DateOnly today, CancellationToken ct = default)
    {
        var limit = today.AddMonths(-months);
        var imports = await db.SurveyImports.AsNoTracking().Where(i => i.Round!.ClosesOn != null)
            .Select(i => new { i.Id, i.Round!.Name, i.Round.ClosesOn }).ToListAsync(ct);
        return [.. imports.Where(i => i.ClosesOn!.Value < limit).OrderBy(i => i.Id).Select(i => (i.Id, i.Name, i.ClosesOn!.Value))];
    }

    private static string Bounded(string text, int max) => text.Length <= max ? text : text[..max];
}
