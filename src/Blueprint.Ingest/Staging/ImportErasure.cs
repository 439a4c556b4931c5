using System.Text.Json;
using System.Text.Json.Nodes;
using Blueprint.Data;
using Blueprint.Data.Listings;
using Blueprint.Data.Survey;
using Blueprint.Ingest.Profiles;
using Blueprint.Ingest.Reading;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Ingest.Staging;

/// <summary>What an erasure did, or why it did not.</summary>
public sealed record ErasureResult(int ImportId, bool Found, bool Erased, int Responses, int WaitingToPublish, string? FileName, DateTime? ErasedBefore = null);

/// <summary>
/// Erasure of an import (the right to erasure, and retention), docs/decisions/0028: in every staged row the respondent's
/// personal data goes (<see cref="ErasureRules"/>: names, e-mails, identifiers, contact details, free texts, and the raw
/// answers of those columns) and the answers the analyses count stay, so a round's figures do not change. The import record
/// stays, marked erased (when, by whom, what went); an erased import is never published and its file is not staged
/// again. Refused while accepted responses still wait to be published, unless forced. Recorded in the audit trail
/// (entity <c>survey-import</c>, action <c>erased</c>, counts only).
/// </summary>
public static class ImportErasure
{
    public const string Action = "erased";
    private const int Chunk = 500;

    /// <param name="profiles">The profile an import was read with, by name (null when its file is gone).</param>
    public static async Task<ErasureResult> EraseAsync(BlueprintDb db, int importId, bool force, AuditActor actor, string reason,
        Func<string, MappingProfile?> profiles, CancellationToken ct = default)
    {
        if (await db.SurveyImports.AsNoTracking().FirstOrDefaultAsync(i => i.Id == importId, ct) is not { } import)
        {
            return new(importId, false, false, 0, 0, null);
        }
        if (import.ErasedAt is { } before)
        {
            return new(importId, true, true, 0, 0, import.FileName, before);
        }
        var waiting = await db.SurveyResponses.CountAsync(r => r.ImportId == importId && r.Outcome == SurveyOutcomes.Accepted && r.PublishedInterventionId == null, ct);
        if (waiting > 0 && !force)
        {
            return new(importId, true, false, 0, waiting, import.FileName);
        }
        var header = import.Header is null ? [] : JsonSerializer.Deserialize<List<string>>(import.Header) ?? [];
        var rules = ErasureRules.For(header, profiles(import.Profile));
        var erased = 0;
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            erased = 0;
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            for (long after = 0; ;)
            {
                var rows = await db.SurveyResponses.Where(r => r.ImportId == importId && r.Id > after).OrderBy(r => r.Id).Take(Chunk).ToListAsync(ct);
                if (rows.Count == 0)
                {
                    break;
                }
                foreach (var row in rows)
                {
                    var (normalised, withOthers) = rules.Normalised(row.Normalised);
                    row.Normalised = normalised;
                    row.RawRow = rules.Raw(row.RawRow, withOthers);
                    row.Problems = rules.Problems(row.Problems, withOthers);
                    row.ContentHash = ErasureRules.Hash(row.RawRow);
                    (row.RespondentName, row.RespondentJobTitle, row.RespondentEmail) = (null, null, null);
                }
                erased += rows.Count;
                after = rows[^1].Id;
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }
            var now = db.Clock.GetUtcNow().UtcDateTime;
            await db.SurveyImports.Where(i => i.Id == importId).ExecuteUpdateAsync(u => u
                .SetProperty(i => i.ErasedAt, now)
                .SetProperty(i => i.ErasedBy, Bounded(actor.Name, 200))
                .SetProperty(i => i.Erasure, Bounded($"{rules.Summary} Reason: {reason}.", 2000)), ct);
            var changes = new JsonArray
            {
                new JsonObject { ["field"] = "Responses", ["before"] = erased, ["after"] = erased },
                new JsonObject { ["field"] = "Round", ["before"] = import.RoundId, ["after"] = import.RoundId },
                new JsonObject { ["field"] = "FileHash", ["before"] = import.FileHash, ["after"] = import.FileHash },
                new JsonObject { ["field"] = "Erasure", ["before"] = null, ["after"] = rules.Summary },
                new JsonObject { ["field"] = "Reason", ["before"] = null, ["after"] = reason },
            };
            db.AuditEntries.Add(new AuditEntry
            {
                At = now,
                ActorId = Bounded(actor.Id, 200), ActorName = Bounded(actor.Name, 200), Route = Bounded(actor.Route, 40),
                EntityType = AuditEntities.SurveyImport, Action = Action, EntityId = importId,
                Fields = "Responses,Round,FileHash,Erasure,Reason", Changes = changes.ToJsonString(),
            });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
        db.ChangeTracker.Clear();
        return new(importId, true, true, erased, waiting, import.FileName);
    }

    /// <summary>The profiles of data/profiles by name, null for one that is gone or no longer reads.</summary>
    public static Func<string, MappingProfile?> ProfilesIn(string dataRoot) => name =>
    {
        try
        {
            return new ProfileCatalog(dataRoot).Get(name);
        }
        catch (IngestFileException)
        {
            return null;
        }
    };

    /// <summary>
    /// Imports whose personal data has been kept its time and is not yet erased: their round closed more than
    /// <paramref name="months"/> months before <paramref name="today"/>. A round with no closing date keeps its imports.
    /// </summary>
    public static async Task<List<(int ImportId, string Round, DateOnly ClosedOn)>> ExpiredAsync(BlueprintDb db, int months, DateOnly today, CancellationToken ct = default)
    {
        var limit = today.AddMonths(-months);
        var imports = await db.SurveyImports.AsNoTracking().Where(i => i.Round!.ClosesOn != null && i.ErasedAt == null)
            .Select(i => new { i.Id, i.Round!.Name, i.Round.ClosesOn }).ToListAsync(ct);
        return [.. imports.Where(i => i.ClosesOn!.Value < limit).OrderBy(i => i.Id).Select(i => (i.Id, i.Name, i.ClosesOn!.Value))];
    }

    /// <summary>
    /// Erases (forced) every import past the retention period: what <c>erase --expired</c> and the web host's daily
    /// clean-up both run. Each import in its own transaction, so one that fails leaves the others done.
    /// </summary>
    public static async Task<List<(int ImportId, string Round, DateOnly ClosedOn, ErasureResult Result)>> EraseExpiredAsync(
        BlueprintDb db, int months, AuditActor actor, Func<string, MappingProfile?> profiles, CancellationToken ct = default)
    {
        var today = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
        var erased = new List<(int, string, DateOnly, ErasureResult)>();
        foreach (var (id, round, closed) in await ExpiredAsync(db, months, today, ct))
        {
            var reason = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"retention: kept {months} months after round '{round}' closed on {closed:yyyy-MM-dd}");
            erased.Add((id, round, closed, await EraseAsync(db, id, force: true, actor, reason, profiles, ct)));
        }
        return erased;
    }

    private static string Bounded(string text, int max) => text.Length <= max ? text : text[..max];
}
