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
            if (round is null)
            {
                var (choices, choicesCy) = await ChoicesAsync(db, ct);
                throw new IngestFileException($"There is no survey round '{text}'. {choices}", $"Nid oes cylch arolwg '{text}'. {choicesCy}");
            }
            return round;
        }
        var today = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
        var open = (await db.SurveyRounds.AsNoTracking().Where(r => r.OpensOn != null && r.OpensOn <= today).ToListAsync(ct))
            .Where(r => r.IsOpenOn(today)).ToList();
        if (open is [var only])
        {
            return only;
        }
        var (listed, listedCy) = await ChoicesAsync(db, ct);
        throw open.Count == 0
            ? new IngestFileException($"No survey round is open today, so name the round this export belongs to. {listed}",
                $"Nid oes cylch arolwg ar agor heddiw, felly enwch y cylch y mae'r allforyn hwn yn perthyn iddo. {listedCy}")
            : new IngestFileException($"{open.Count} survey rounds are open today, so name the round this export belongs to. {listed}",
                $"Mae {open.Count} cylch arolwg ar agor heddiw, felly enwch y cylch y mae'r allforyn hwn yn perthyn iddo. {listedCy}");
    }

    /// <summary>The rounds to choose from, in English and in Welsh.</summary>
    private static async Task<(string En, string Cy)> ChoicesAsync(BlueprintDb db, CancellationToken ct)
    {
        var rounds = await db.SurveyRounds.AsNoTracking().OrderByDescending(r => r.Id).Take(10).Select(r => new { r.Id, r.Name }).ToListAsync(ct);
        if (rounds.Count == 0)
        {
            return ("There are no rounds yet: add one (round add NAME --tool T --opens DATE --closes DATE, or POST /api/rounds).",
                "Nid oes cylchoedd eto: ychwanegwch un (round add ENW --tool T --opens DYDDIAD --closes DYDDIAD, neu POST /api/rounds).");
        }
        var list = string.Join(", ", rounds.Select(r => FormattableString.Invariant($"{r.Id} '{r.Name}'")));
        return ($"Rounds: {list} (round=ID, or --round NAME-or-ID).", $"Cylchoedd: {list} (round=ID, neu --round ENW-neu-ID).");
    }
}
