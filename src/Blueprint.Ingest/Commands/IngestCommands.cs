using System.Globalization;
using Blueprint.Data;
using Blueprint.Data.Geography;
using Blueprint.Data.Vocabularies;
using Blueprint.Ingest.Publishing;
using Blueprint.Ingest.Reading;
using Blueprint.Ingest.Sample;
using Blueprint.Ingest.Staging;
using Microsoft.EntityFrameworkCore;
using static System.FormattableString;

namespace Blueprint.Ingest.Commands;

/// <summary>
/// The command-line face of the ingest: <c>import</c>, <c>publish</c>, <c>imports</c>, <c>survey-sample</c>, and the rounds'
/// <c>rounds</c>, <c>round add</c> and <c>erase</c> (<see cref="RoundCommands"/>).
/// Exit codes: 0 when the work was done (an import with rejected rows included), 1 when it could not
/// be, 2 for a usage mistake. The host lists and dispatches them from <see cref="All"/>.
/// </summary>
public static class IngestCommands
{
    /// <summary>A command: its name, its usage line, what it does (one line, for <c>help</c>) and how it runs.</summary>
    public sealed record Command(string Name, string Usage, string Summary, Func<IngestContext, string[], CancellationToken, Task<int>> Run);

    /// <summary>The ingest's commands; the host's command table takes them from here, so dispatch and help come from this one list.</summary>
    public static readonly IReadOnlyList<Command> All =
    [
        new("import", "import FILE [--round NAME-or-ID] [--profile NAME-or-PATH] [--dry-run] [--report REPORT.csv]", "stage a survey export for review (nothing is published)", ImportAsync),
        new("imports", "imports", "list past survey imports with their counts", (ctx, _, ct) => ImportsAsync(ctx.Db, ctx.Output, ct)),
        new("publish", "publish [--import ID] [--responses 1,2,3] [--overwrite-newer 4,5] [--preview]", "publish consented, clean staged responses to the directory (older than a listing's evidence: listed, not applied)", PublishAsync),
        new("survey-sample", "survey-sample [--rows N]", "rewrite the synthetic survey exports data/sample/survey-*.csv", (ctx, rest, _) => Task.FromResult(Sample(ctx, rest))),
        new("profile", Profiles.Suggesting.SuggestCommand.Usage, "draft a mapping profile for a survey export's header and print what to check", Profiles.Suggesting.SuggestCommand.RunAsync),
        new("rounds", "rounds", "list the survey rounds with their dates and imports", RoundCommands.ListAsync),
        new("round", "round add NAME --tool T --opens YYYY-MM-DD --closes YYYY-MM-DD [--profile P]", "add a survey round (every import belongs to one)", RoundCommands.RoundAsync),
        new("erase", "erase --import N [--force] | erase --expired", "erase the respondents' personal data from an import's staged rows (its anonymised answers stay for analysis), or from every import past the retention period; published listings stay", RoundCommands.EraseAsync),
    ];

    /// <summary>Runs the command named by <paramref name="args"/>[0] (for tests and tools; the host dispatches from its own table).</summary>
    public static Task<int> RunAsync(string[] args, IngestContext ctx, CancellationToken ct = default) =>
        args.Length > 0 && All.FirstOrDefault(c => c.Name == args[0]) is { } command
            ? command.Run(ctx, args[1..], ct)
            : Task.FromResult(Usage(ctx.Output));

    private static int Usage(TextWriter output)
    {
        output.WriteLine("Usage:");
        foreach (var command in All)
        {
            output.WriteLine("  " + command.Usage);
        }
        return 2;
    }

    public static Task<int> ImportAsync(IngestContext ctx, string[] args, CancellationToken ct)
    {
        string? file = null, profile = null, reportPath = null, round = null;
        var dryRun = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--profile" when i + 1 < args.Length: profile = args[++i]; break;
                case "--round" when i + 1 < args.Length: round = args[++i]; break;
                case "--report" when i + 1 < args.Length: reportPath = args[++i]; break;
                case "--dry-run": dryRun = true; break;
                case var a when !a.StartsWith("--", StringComparison.Ordinal) && file is null: file = a; break;
                default:
                    return Task.FromResult(Usage(ctx.Output));
            }
        }
        return file is null ? Task.FromResult(Usage(ctx.Output)) : ImportAsync(ctx, file, profile, dryRun, reportPath, ct, round);
    }

    public static async Task<int> ImportAsync(IngestContext ctx, string file, string? profile, bool dryRun, string? reportPath, CancellationToken ct = default, string? round = null)
    {
        var output = ctx.Output;
        ReportCsv? reportCsv = null;
        try
        {
            if (reportPath is not null)
            {
                reportCsv = new ReportCsv(new FileStream(reportPath, FileMode.Create, FileAccess.Write, FileShare.Read));
            }
            var size = File.Exists(file) ? new FileInfo(file).Length : 0;
            var showProgress = size > 5 * 1024 * 1024;
            var importer = new SurveyImporter(ctx.Db, ctx.Areas, ctx.Vocabularies, ctx.DataRoot, ctx.Postcodes);
            var report = await importer.ImportAsync(file, new ImportOptions
            {
                Profile = profile,
                Round = round,
                DryRun = dryRun,
                ImportedBy = ctx.User,
                MaxFileBytes = ctx.MaxFileBytes,
                OnRow = reportCsv is null ? null : reportCsv.Add,
                Progress = showProgress ? new Progress(output) : null,
                RollbackJournalWhenAlone = true,
            }, ct);
            reportCsv?.Dispose();
            reportCsv = null;
            Summarise(output, report, reportPath);
            return report.Processed ? 0 : 1;
        }
        catch (IOException e)
        {
            output.WriteLine($"Could not write the report: {e.Message}");
            return 1;
        }
        finally
        {
            reportCsv?.Dispose();
        }
    }

    private sealed class Progress(TextWriter output) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress p) =>
            output.WriteLine(Invariant($"  … {p.Rows:N0} rows, {100.0 * p.BytesRead / Math.Max(1, p.FileSize):0}% of the file"));
    }

    public static void Summarise(TextWriter output, ImportReport report, string? reportPath = null)
    {
        if (report.Error is not null)
        {
            output.WriteLine($"Could not import {report.FileName}: {report.Error}");
            output.WriteLine("Nothing was stored.");
            return;
        }
        if (report.Profile is not null)
        {
            output.WriteLine(report.ProfileChosen
                ? $"Profile: {report.Profile} (chosen because its columns match the file's header)"
                : $"Profile: {report.Profile}");
        }
        if (report.AlreadyImported)
        {
            output.WriteLine(Invariant($"{report.FileName} was already imported as import {report.ImportId}; nothing changed."));
        }
        if (report.RoundName is not null)
        {
            output.WriteLine(Invariant($"Round: {report.RoundName} ({report.RoundId})"));
        }
        output.WriteLine(Invariant($"{report.FileName} ({report.Encoding}): {report.RowsRead:N0} rows read"));
        if (report.EncodingEvidence is not null)
        {
            output.WriteLine($"  encoding: {report.EncodingEvidence}");
        }
        if (report.Separator is { } separator and not "comma")
        {
            output.WriteLine($"  separator: {separator}");
        }
        output.WriteLine(Invariant($"  accepted               {report.Accepted,8:N0}"));
        output.WriteLine(Invariant($"  not for publication    {report.NotForPublication,8:N0}"));
        output.WriteLine(Invariant($"  rejected               {report.Rejected,8:N0}"));
        output.WriteLine(Invariant($"  duplicates             {report.Duplicates,8:N0}"));
        output.WriteLine(Invariant($"  needs an area (held)   {report.NeedsArea,8:N0}"));
        output.WriteLine(Invariant($"  blank rows skipped     {report.BlankRows,8:N0}"));
        if (!report.AlreadyImported)
        {
            output.WriteLine(Invariant($"  match existing listings{report.MatchedExisting,8:N0}"));
            output.WriteLine(Invariant($"  {report.Seconds:0.00} s"));
        }
        foreach (var row in report.Rows.Where(r => r.Outcome is "rejected").Take(20))
        {
            output.WriteLine(Invariant($"  row {row.Row}: {ReportCsv.Describe(row)}"));
        }
        if (report.DryRun)
        {
            output.WriteLine("Dry run. Nothing was stored.");
        }
        else if (report.ImportId is { } id && !report.AlreadyImported)
        {
            output.WriteLine(Invariant($"Staged as import {id}. Review it, then publish with: publish --import {id}"));
        }
        if (reportPath is not null)
        {
            output.WriteLine($"Report: {reportPath}");
        }
    }

    public static async Task<int> PublishAsync(IngestContext ctx, string[] args, CancellationToken ct)
    {
        int? importId = null;
        List<long>? ids = null;
        List<long> overwrite = [];
        var preview = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--import" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var id):
                    importId = id;
                    i++;
                    break;
                case "--responses" when i + 1 < args.Length:
                    if (Ids(args[++i]) is not { } chosen)
                    {
                        return Usage(ctx.Output);
                    }
                    ids = chosen;
                    break;
                case "--overwrite-newer" when i + 1 < args.Length:
                    if (Ids(args[++i]) is not { } older)
                    {
                        return Usage(ctx.Output);
                    }
                    overwrite = older;
                    break;
                case "--preview":
                    preview = true;
                    break;
                default:
                    return Usage(ctx.Output);
            }
        }
        if (importId is { } importKey && !await ctx.Db.SurveyImports.AnyAsync(x => x.Id == importKey, ct))
        {
            ctx.Output.WriteLine(Invariant($"There is no import {importKey}."));
            return 1;
        }
        var report = await new SurveyPublisher(ctx.Db, ctx.Locator.Value).PublishAsync(new PublishRequest
        {
            ImportId = importId, ResponseIds = ids, OverwriteNewer = overwrite, Preview = preview,
        }, ct);
        ctx.Output.WriteLine(preview
            ? Invariant($"Preview (nothing was stored): would publish {report.Created + report.Updated:N0} responses: {report.Created:N0} new listings, {report.Updated:N0} updated.")
            : Invariant($"Published {report.Created + report.Updated:N0} responses: {report.Created:N0} new listings, {report.Updated:N0} updated."));
        foreach (var (id, row, reason) in report.Skipped.Take(50))
        {
            ctx.Output.WriteLine(Invariant($"  response {id} (row {row}) not published: {reason}"));
        }
        if (report.Conflicts.Count > 0)
        {
            ctx.Output.WriteLine(Invariant($"{report.Conflicts.Count:N0} conflicts: older than the evidence the listing already holds, so not applied:"));
            foreach (var c in report.Conflicts.Take(100))
            {
                ctx.Output.WriteLine(Invariant($"  response {c.ResponseId} (row {c.Row}), completed {c.ResponseCompletedAt:yyyy-MM-dd HH:mm}: listing {c.InterventionId} '{c.Name}' has evidence of {c.ListingEvidenceAt:yyyy-MM-dd HH:mm}"));
            }
            ctx.Output.WriteLine("To apply some anyway: publish --import N --overwrite-newer RESPONSE,RESPONSE");
        }
        if (report.HeldBack.Count > 0)
        {
            ctx.Output.WriteLine(Invariant($"{report.HeldBack.Count:N0} held back because they name no area they serve: {string.Join(", ", report.HeldBack.Take(50).Select(h => Invariant($"response {h.ResponseId} (row {h.Row})")))}"));
        }
        return 0;
    }

    private static List<long>? Ids(string text)
    {
        var ids = new List<long>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return null;
            }
            ids.Add(id);
        }
        return ids.Count == 0 ? null : ids;
    }

    public static async Task<int> ImportsAsync(BlueprintDb db, TextWriter output, CancellationToken ct = default)
    {
        var imports = await db.SurveyImports.AsNoTracking().OrderBy(i => i.Id).ToListAsync(ct);
        if (imports.Count == 0)
        {
            output.WriteLine("No survey imports yet.");
            return 0;
        }
        var published = await db.SurveyResponses.Where(r => r.PublishedInterventionId != null)
            .GroupBy(r => r.ImportId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        output.WriteLine("  id  imported (UTC)     profile            rows  accepted  not-pub  rejected  dupes  published  file");
        foreach (var i in imports)
        {
            output.WriteLine(Invariant($"{i.Id,4}  {i.ImportedAt:yyyy-MM-dd HH:mm}  {i.Profile,-16} {i.RowsRead,6:N0} {i.Accepted,9:N0} {i.NotForPublication,8:N0} {i.Rejected,9:N0} {i.Duplicates,6:N0} {published.GetValueOrDefault(i.Id),10:N0}  {i.FileName}"));
        }
        return 0;
    }

    private static int Sample(IngestContext ctx, string[] args)
    {
        var rows = 60;
        if (args is ["--rows", var n] && int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            rows = parsed;
        }
        SampleSurvey.WriteSamples(ctx.DataRoot, rows);
        ctx.Output.WriteLine(Invariant($"Wrote {rows} synthetic responses to data/sample/survey-msforms.csv and data/sample/survey-per-option.csv."));
        return 0;
    }

    /// <summary>For hosts: an import error that is not about the file.</summary>
    public static string Describe(Exception e) => e is IngestFileException ? e.Message : "The import failed unexpectedly; nothing was stored.";
}
