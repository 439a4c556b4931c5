using System.Globalization;
using Blueprint.Data;
using Blueprint.Data.Survey;
using Blueprint.Ingest.Reading;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Ingest.Rounds;

/// <summary>
/// Which survey round an import belongs to: the one named (by id or by name), or, when none is named,
/// the one round open today. Anything else is refused with the choice spelled out.
/// </summary>
public static class RoundChoice
{
    public static async Task<SurveyRound> ResolveAsync(BlueprintDb db, string? nameOrId, CancellationToken ct = default)
    {
        if (!string.IsNullOrWhiteSpace(nameOrId))
        {
            var text = nameOrId.Trim();
            var round = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? await db.SurveyRounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct)
                : await db.SurveyRounds.AsNoTracking().FirstOrDefaultAsync(r => r.Name == text, ct);
            return round ?? throw new IngestFileException($"There is no survey round '{text}'. {await ChoicesAsync(db, ct)}");
        }
        var today = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
        var open = (await db.SurveyRounds.AsNoTracking().Where(r => r.OpensOn != null && r.OpensOn <= today).ToListAsync(ct))
            .Where(r => r.IsOpenOn(today)).ToList();
        return open switch
        {
            [var only] => only,
            [] => throw new IngestFileException($"No survey round is open today, so name the round this export belongs to. {await ChoicesAsync(db, ct)}"),
            _ => throw new IngestFileException($"{open.Count} survey rounds are open today, so name the round this export belongs to. {await ChoicesAsync(db, ct)}"),
        };
    }

    private static async Task<string> ChoicesAsync(BlueprintDb db, CancellationToken ct)
    {
        var rounds = await db.SurveyRounds.AsNoTracking().OrderByDescending(r => r.Id).Take(10).Select(r => new { r.Id, r.Name }).ToListAsync(ct);
        return rounds.Count == 0
            ? "There are no rounds yet: add one (round add NAME --tool T --opens DATE --closes DATE, or POST /api/rounds)."
            : "Rounds: " + string.Join(", ", rounds.Select(r => FormattableString.Invariant($"{r.Id} '{r.Name}'"))) + " (round=ID, or --round NAME-or-ID).";
    }
}
