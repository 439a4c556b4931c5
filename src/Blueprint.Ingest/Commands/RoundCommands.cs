using System.Globalization;
using Blueprint.Data.Listings;
using Blueprint.Data.Survey;
using Blueprint.Ingest.Profiles;
using Blueprint.Ingest.Reading;
using Blueprint.Ingest.Staging;
using Microsoft.EntityFrameworkCore;
using static System.FormattableString;

namespace Blueprint.Ingest.Commands;

/// <summary>The command-line face of survey rounds and erasure: <c>rounds</c>, <c>round add</c>, <c>erase</c>.</summary>
public static class RoundCommands
{
    public static async Task<int> ListAsync(IngestContext ctx, string[] args, CancellationToken ct)
    {
        if (args.Length > 0)
        {
            return Usage(ctx.Output, "rounds");
        }
        var rounds = await ctx.Db.SurveyRounds.AsNoTracking().OrderBy(r => r.Id)
            .Select(r => new { Round = r, Imports = ctx.Db.SurveyImports.Count(i => i.RoundId == r.Id) }).ToListAsync(ct);
        var today = DateOnly.FromDateTime(ctx.Db.Clock.GetUtcNow().UtcDateTime);
        ctx.Output.WriteLine("  id  opens       closes      imports  profile            tool               name");
        foreach (var (r, imports) in rounds.Select(x => (x.Round, x.Imports)))
        {
            ctx.Output.WriteLine(Invariant($"{r.Id,4}  {Day(r.OpensOn),-10}  {Day(r.ClosesOn),-10}  {imports,7:N0}  {r.Profile ?? "(by header)",-17}  {r.Tool ?? "",-17}  {r.Name}{(r.IsOpenOn(today) ? "  (open today)" : "")}"));
        }
        return 0;
    }

    /// <summary><c>round add NAME --tool T --opens DATE --closes DATE [--profile P]</c>.</summary>
    public static async Task<int> RoundAsync(IngestContext ctx, string[] args, CancellationToken ct)
    {
        if (args is not ["add", var name, .. var rest] || name.StartsWith("--", StringComparison.Ordinal))
        {
            return Usage(ctx.Output, "round");
        }
        var round = new SurveyRound { Name = name.Trim() };
        for (var i = 0; i < rest.Length; i++)
        {
            switch (rest[i])
            {
                case "--tool" when i + 1 < rest.Length: round.Tool = rest[++i]; break;
                case "--profile" when i + 1 < rest.Length: round.Profile = rest[++i]; break;
                case "--opens" when i + 1 < rest.Length && TryDay(rest[i + 1], out var opens): round.OpensOn = opens; i++; break;
                case "--closes" when i + 1 < rest.Length && TryDay(rest[i + 1], out var closes): round.ClosesOn = closes; i++; break;
                default: return Usage(ctx.Output, "round");
            }
        }
        if (round.Tool is null || round.OpensOn is null || round.ClosesOn is null)
        {
            return Usage(ctx.Output, "round");
        }
        if (round.Check() is [var (_, message), ..])
        {
            ctx.Output.WriteLine(message);
            return 1;
        }
        if (round.Profile is { } profile)
        {
            try
            {
                new ProfileCatalog(ctx.DataRoot).Get(profile);
            }
            catch (IngestFileException e)
            {
                ctx.Output.WriteLine(e.Message);
                return 1;
            }
        }
        if (await ctx.Db.SurveyRounds.AnyAsync(r => r.Name == round.Name, ct))
        {
            ctx.Output.WriteLine($"There is already a round named '{round.Name}'.");
            return 1;
        }
        ctx.Db.SurveyRounds.Add(round);
        await ctx.Db.SaveChangesAsync(ct);
        ctx.Output.WriteLine(Invariant($"Added round {round.Id}: {round.Name} ({round.Tool}, {Day(round.OpensOn)} to {Day(round.ClosesOn)}). Import into it with: import FILE --round {round.Id}"));
        return 0;
    }

    /// <summary><c>erase --import N [--force]</c>.</summary>
    public static async Task<int> EraseAsync(IngestContext ctx, string[] args, CancellationToken ct)
    {
        int? importId = null;
        var force = false;
        var expired = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--import" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var id): importId = id; i++; break;
                case "--force": force = true; break;
                case "--expired": expired = true; break;
                default: return Usage(ctx.Output, "erase");
            }
        }
        if (expired && importId is null)
        {
            return await EraseExpiredAsync(ctx, ct);
        }
        if (importId is not { } import || expired)
        {
            return Usage(ctx.Output, "erase");
        }
        var result = await ImportErasure.EraseAsync(ctx.Db, import, force, new AuditActor(ctx.User, ctx.User, "command-line"), "erased on request", ImportErasure.ProfilesIn(ctx.DataRoot), ct);
        if (!result.Found)
        {
            ctx.Output.WriteLine(Invariant($"There is no import {import}."));
            return 1;
        }
        if (!result.Erased)
        {
            ctx.Output.WriteLine(Invariant($"Import {import} still has {result.WaitingToPublish:N0} accepted response(s) waiting to be published: publish them first (publish --import {import}), or erase anyway with --force (their evidence is then lost)."));
            return 1;
        }
        if (result.ErasedBefore is { } before)
        {
            ctx.Output.WriteLine(Invariant($"Import {import} ({result.FileName}) was already erased on {before:yyyy-MM-dd HH:mm} UTC; nothing changed."));
            return 0;
        }
        ctx.Output.WriteLine(Invariant($"Erased the respondents' personal data from import {import} ({result.FileName}): {result.Responses:N0} staged rows keep only their anonymised answers, which the round's analyses still count. Published listings are unchanged."));
        return 0;
    }

    /// <summary><c>erase --expired</c>: the retention period (Survey:KeepResponsesMonthsAfterClose) counts from the round's close.</summary>
    private static async Task<int> EraseExpiredAsync(IngestContext ctx, CancellationToken ct)
    {
        var months = ctx.KeepResponsesMonthsAfterClose;
        var due = await ImportErasure.EraseExpiredAsync(ctx.Db, months, new AuditActor(ctx.User, ctx.User, "retention"), ImportErasure.ProfilesIn(ctx.DataRoot), ct);
        foreach (var (id, round, closed, result) in due)
        {
            ctx.Output.WriteLine(Invariant($"Erased import {id} ({result.FileName}, round '{round}', closed {closed:yyyy-MM-dd}): {result.Responses:N0} staged rows anonymised."));
        }
        ctx.Output.WriteLine(Invariant($"{due.Count:N0} import(s) past the retention period ({months} months after their round closed) erased."));
        return 0;
    }

    private static string Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-";

    private static bool TryDay(string text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    private static int Usage(TextWriter output, string command)
    {
        output.WriteLine("Usage: " + IngestCommands.All.First(c => c.Name == command).Usage);
        return 2;
    }
}
