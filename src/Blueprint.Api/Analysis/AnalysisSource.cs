using System.Text.Json;
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
        var rows = await db.SurveyResponses.AsNoTracking()
            .Where(r => r.ImportId == importId && r.Normalised != null
                && (r.Outcome == SurveyOutcomes.Accepted || r.Outcome == SurveyOutcomes.NotForPublication))
            .OrderBy(r => r.RowNumber)
            .Select(r => new { r.RowNumber, r.Normalised })
            .ToListAsync(ct);
        return rows.Select(r => FromResponse(r.RowNumber, r.Normalised!)).ToList();
    }

    /// <summary>A staged response's normalised answers (<c>Blueprint.Ingest.Normalising.NormalisedResponse</c>), keyed by its row number.</summary>
    internal static AnalysisItem FromResponse(int rowNumber, string normalised)
    {
        var a = JsonSerializer.Deserialize(normalised, AnswersJson.Default.Answers) ?? new Answers();
        return new AnalysisItem(rowNumber, a.AllWales, a.AllWales ? [] : a.LocalAuthorities)
        {
            Purposes = a.Purposes, Stages = a.Stages, Settings = a.Settings, Forms = a.Forms,
            Gender = a.Gender, AgeBands = a.AgeBands, CohortGroups = a.CohortGroups, RiskLevels = a.RiskLevels,
            Format = a.Format, Languages = a.Languages, ReferralRoutes = a.ReferralRoutes,
            Accreditations = a.Accreditations, Evaluation = a.Evaluation, FundingSources = a.FundingSources,
            FundingEnds = a.FundingEnds, FundingStatus = a.FundingStatus,
            WaitingTimeWeeks = a.WaitingTimeWeeks, PlacesPerYear = a.PlacesPerYear,
            OrganisationName = a.OrganisationName, InterventionName = a.InterventionName,
        };
    }
}

/// <summary>What the analyses read of a staged response's normalised answers (<c>NormalisedResponse</c>'s names); the rest is skipped.</summary>
internal sealed class Answers
{
    public string? OrganisationName { get; set; }
    public string? InterventionName { get; set; }
    public List<string> Purposes { get; set; } = [];
    public List<string> Forms { get; set; } = [];
    public List<string> Settings { get; set; } = [];
    public List<string> Stages { get; set; } = [];
    public bool AllWales { get; set; }
    public List<string> LocalAuthorities { get; set; } = [];
    public string? Gender { get; set; }
    public List<string> AgeBands { get; set; } = [];
    public List<string> CohortGroups { get; set; } = [];
    public List<string> RiskLevels { get; set; } = [];
    public List<string> ReferralRoutes { get; set; } = [];
    public string? Format { get; set; }
    public List<string> Languages { get; set; } = [];
    public int? PlacesPerYear { get; set; }
    public int? WaitingTimeWeeks { get; set; }
    public List<string> Accreditations { get; set; } = [];
    public List<string> FundingSources { get; set; } = [];
    public DateOnly? FundingEnds { get; set; }
    public string? FundingStatus { get; set; }
    public string? Evaluation { get; set; }
}

[System.Text.Json.Serialization.JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[System.Text.Json.Serialization.JsonSerializable(typeof(Answers))]
internal sealed partial class AnswersJson : System.Text.Json.Serialization.JsonSerializerContext;

/// <summary>A set of figures analyses can be run over: 0 is the live directory, N a published survey import.</summary>
public sealed class Round
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public DateTime? ImportedAt { get; set; }
    /// <summary>Interventions counted: active listings (live directory) or clean responses (a round).</summary>
    public int Responses { get; set; }
}
