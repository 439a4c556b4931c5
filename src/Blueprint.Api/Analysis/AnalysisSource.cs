using Blueprint.Data;
using Blueprint.Data.Survey;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Analysis;

/// <summary>
/// What the analyses count, read in one go (no query per item): round 0 is the live directory (active listings only:
/// paused and closed ones provide nothing today, docs/decisions/0018); round N is survey round N (<c>GET /api/rounds</c>)
/// once any of its imports has published a response, counted from the clean staged responses (accepted and
/// not-for-publication; rejected rows and duplicates left out) of its published imports, erased ones included (their
/// anonymised answers stay). Where several imports of a round answer for the same intervention (organisation and
/// intervention names folded as the ingest matches listings), the latest completed response counts, once
/// (docs/decisions/0040).
/// </summary>
public sealed class AnalysisSource(BlueprintDb db)
{
    public const int LiveDirectory = 0;
    public const string LiveDirectoryName = "Live directory";

    private readonly Dictionary<int, IReadOnlyList<AnalysisItem>> loaded = [];

    /// <summary>The imports of a round that count: those with a published response.</summary>
    private IQueryable<SurveyImport> Published => db.SurveyImports.Where(i => i.Responses.Any(r => r.PublishedAt != null));

    /// <summary>The rounds there are: the live directory, then every survey round with a published import, by id.</summary>
    public async Task<List<Round>> RoundsAsync(CancellationToken ct)
    {
        var imports = await Published.AsNoTracking()
            .Select(i => new { i.Id, i.RoundId, i.Round!.Name, i.Round.OpensOn, i.Round.ClosesOn, Responses = i.Accepted + i.NotForPublication })
            .ToListAsync(ct);
        var rounds = imports.GroupBy(i => i.RoundId).OrderBy(g => g.Key).Select(g => new Round
        {
            Id = g.Key, Name = g.First().Name, OpensOn = g.First().OpensOn, ClosesOn = g.First().ClosesOn,
            Imports = string.Join(',', g.Select(i => i.Id).Order()), Responses = g.Sum(i => i.Responses),
        });
        var live = await db.Interventions.CountAsync(i => i.Status == "active", ct);
        return [new Round { Id = LiveDirectory, Name = LiveDirectoryName, Responses = live }, .. rounds];
    }

    /// <summary>The items of a round, or null when there is no such round (or none of its imports is published).</summary>
    public async Task<IReadOnlyList<AnalysisItem>?> LoadAsync(int round, CancellationToken ct)
    {
        if (loaded.TryGetValue(round, out var items))
        {
            return items;
        }
        items = round == LiveDirectory ? await LiveAsync(ct) : await RoundAsync(round, ct);
        if (items is not null)
        {
            loaded[round] = items;
        }
        return items;
    }

    /// <summary>
    /// Why round <paramref name="round"/> cannot be analysed, as (status, code, message): a 400 naming the right round when the
    /// number is an import's and no round's (analyses were by import before survey rounds were records), else a 404.
    /// </summary>
    public async Task<(int Status, string Code, string Message)> UnknownAsync(int round, CancellationToken ct)
    {
        const string Where = "survey rounds are listed at /api/rounds and /" + AnalysisModel.Prefix + "/Rounds (0 is the live directory)";
        if (await db.SurveyRounds.AsNoTracking().Where(r => r.Id == round).Select(r => r.Name).FirstOrDefaultAsync(ct) is { } name)
        {
            // A round whose imports are not published yet: nothing to analyse, whichever import shares its number.
            return (404, "UnknownRound", $"Survey round {round} ('{name}') has no published import yet: {Where}.");
        }
        if (await db.SurveyImports.AsNoTracking().Where(i => i.Id == round).Select(i => new { i.RoundId, i.Round!.Name }).FirstOrDefaultAsync(ct) is { } import)
        {
            return (400, "RoundNotImport", $"Round {round} is not a survey round with a published import. Rounds are survey rounds now, not imports: import {round} belongs to round {import.RoundId} ('{import.Name}'), so ask for Round eq {import.RoundId} (round={import.RoundId}); {Where}.");
        }
        return (404, "UnknownRound", $"There is no survey round {round} with a published import: {Where}.");
    }

    /// <summary>
    /// The active listings, then the (listing, local authority) pairs of the join table: two flat reads rather
    /// than one join that would repeat every listing's lists once per area it serves.
    /// </summary>
    private async Task<IReadOnlyList<AnalysisItem>> LiveAsync(CancellationToken ct)
    {
        var active = db.Interventions.AsNoTracking().Where(i => i.Status == "active");
        var served = (await db.Set<Dictionary<string, object>>("InterventionArea")
                .Where(j => active.Any(i => i.Id == EF.Property<int>(j, "InterventionId")))
                .Select(j => new { Id = EF.Property<int>(j, "InterventionId"), Code = EF.Property<string>(j, "AreaCode") })
                .ToListAsync(ct))
            .ToLookup(p => p.Id, p => p.Code);
        return await active
            .Select(i => new AnalysisItem(i.Id, i.AllWales, Array.Empty<string>())
            {
                Purposes = i.Purposes, Stages = i.Stages, Settings = i.Settings, Forms = i.Forms,
                Gender = i.Gender, AgeBands = i.AgeBands, CohortGroups = i.CohortGroups, RiskLevels = i.RiskLevels,
                Format = i.Format, Languages = i.Languages, ReferralRoutes = i.ReferralRoutes,
                Accreditations = i.Accreditations, Evaluation = i.Evaluation, FundingSources = i.FundingSources,
                FundingEnds = i.FundingEnds, FundingStatus = i.FundingStatus,
                WaitingTimeWeeks = i.WaitingTimeWeeks, PlacesPerYear = i.PlacesPerYear,
            })
            .AsAsyncEnumerable()
            .Select(item => item with { LocalAuthorities = served[item.Id].ToList() })
            .ToListAsync(ct);
    }

    private async Task<IReadOnlyList<AnalysisItem>?> RoundAsync(int round, CancellationToken ct)
    {
        var imports = await Published.Where(i => i.RoundId == round).Select(i => i.Id).ToListAsync(ct);
        if (imports.Count == 0)
        {
            return null;
        }
        // Only the answers are read, each parsed once from UTF-8 as it arrives (no object per row kept beyond its item).
        var latest = new Dictionary<string, (DateTime? Completed, AnalysisItem Item)>(StringComparer.Ordinal);
        var strings = new AnswersReader.Interner();
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(4096);
        var id = 0;
        try
        {
            // Oldest import first, rows in order: a later response replaces an earlier one unless it was completed before it.
            await foreach (var r in db.SurveyResponses.AsNoTracking()
                .Where(r => imports.Contains(r.ImportId) && r.Normalised != null
                    && (r.Outcome == SurveyOutcomes.Accepted || r.Outcome == SurveyOutcomes.NotForPublication))
                .OrderBy(r => r.ImportId).ThenBy(r => r.RowNumber)
                .Select(r => new { r.CompletedAt, r.Normalised, r.OrganisationName, r.InterventionName })
                .AsAsyncEnumerable().WithCancellation(ct))
            {
                var item = AnswersReader.Read(++id, AnswersReader.Utf8(r.Normalised!, ref buffer), strings);
                // The names are the row's own columns; answers staged before decision 0048 also hold them.
                item = item with { OrganisationName = item.OrganisationName ?? r.OrganisationName, InterventionName = item.InterventionName ?? r.InterventionName };
                var key = RoundComparison.Key(item);
                if (!latest.TryGetValue(key, out var kept) || !(r.CompletedAt < kept.Completed))
                {
                    latest[key] = (r.CompletedAt, item);
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
        return [.. latest.Values.Select(v => v.Item).OrderBy(i => i.Id)];
    }
}

/// <summary>A set of figures analyses can be run over: 0 is the live directory, N survey round N.</summary>
public sealed class Round
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public DateOnly? OpensOn { get; set; }
    public DateOnly? ClosesOn { get; set; }
    /// <summary>The round's published imports, comma-separated ids (empty for the live directory).</summary>
    public string Imports { get; set; } = "";
    /// <summary>Active listings (live directory), or the clean responses of the round's published imports (before one response per intervention is kept).</summary>
    public int Responses { get; set; }
}
