using Blueprint.Data;
using Blueprint.Data.Survey;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Analysis;

/// <summary>
/// What the analyses count, read in one go (no query per item): round 0 is the live directory (active listings only:
/// paused and closed ones provide nothing today, docs/decisions/0018); round N is survey import N once
/// any of its responses has been published, counted from its clean staged responses (accepted and
/// not-for-publication; rejected rows and duplicates left out). When survey rounds become records of
/// their own, only <see cref="RoundsAsync"/> and <see cref="LoadAsync"/> change.
/// </summary>
public sealed class AnalysisSource(BlueprintDb db)
{
    public const int LiveDirectory = 0;
    public const string LiveDirectoryName = "Live directory";

    private readonly Dictionary<int, IReadOnlyList<AnalysisItem>> loaded = [];

    /// <summary>The rounds there are: the live directory, then every published import, oldest first.</summary>
    public async Task<List<Round>> RoundsAsync(CancellationToken ct)
    {
        var imports = await db.SurveyImports.AsNoTracking()
            .Where(i => i.Responses.Any(r => r.PublishedAt != null))
            .OrderBy(i => i.Id)
            .Select(i => new Round { Id = i.Id, Name = i.FileName, ImportedAt = i.ImportedAt, Responses = i.Accepted + i.NotForPublication })
            .ToListAsync(ct);
        var live = await db.Interventions.CountAsync(i => i.Status == "active", ct);
        return [new Round { Id = LiveDirectory, Name = LiveDirectoryName, Responses = live }, .. imports];
    }

    /// <summary>The items of a round, or null when there is no such round.</summary>
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

    private async Task<IReadOnlyList<AnalysisItem>?> RoundAsync(int importId, CancellationToken ct)
    {
        if (!await db.SurveyResponses.AnyAsync(r => r.ImportId == importId && r.PublishedAt != null, ct))
        {
            return null;
        }
        // Only the answers are read, each parsed once from UTF-8 as it arrives (no object per row kept beyond its item).
        var items = new List<AnalysisItem>();
        var strings = new AnswersReader.Interner();
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            await foreach (var r in db.SurveyResponses.AsNoTracking()
                .Where(r => r.ImportId == importId && r.Normalised != null
                    && (r.Outcome == SurveyOutcomes.Accepted || r.Outcome == SurveyOutcomes.NotForPublication))
                .OrderBy(r => r.RowNumber)
                .Select(r => new { r.RowNumber, r.Normalised })
                .AsAsyncEnumerable().WithCancellation(ct))
            {
                items.Add(AnswersReader.Read(r.RowNumber, AnswersReader.Utf8(r.Normalised!, ref buffer), strings));
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
        return items;
    }
}

/// <summary>A set of figures analyses can be run over: 0 is the live directory, N a published survey import.</summary>
public sealed class Round
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public DateTime? ImportedAt { get; set; }
    /// <summary>Interventions counted: active listings (live directory) or clean responses (a round).</summary>
    public int Responses { get; set; }
}
