namespace Blueprint.Api.Analysis;

/// <summary>
/// One intervention as the analyses read it: an active listing of the live directory, or one clean staged
/// response of a survey round. Codes are vocabulary codes; <see cref="LocalAuthorities"/> are W06 codes.
/// </summary>
public sealed record AnalysisItem(int Id, bool AllWales, IReadOnlyList<string> LocalAuthorities)
{
    public IReadOnlyList<string> Purposes { get; init; } = [];
    public IReadOnlyList<string> Stages { get; init; } = [];
    public IReadOnlyList<string> Settings { get; init; } = [];
    public IReadOnlyList<string> Forms { get; init; } = [];
    public string? Gender { get; init; }
    public IReadOnlyList<string> AgeBands { get; init; } = [];
    public IReadOnlyList<string> CohortGroups { get; init; } = [];
    public IReadOnlyList<string> RiskLevels { get; init; } = [];
    public string? Format { get; init; }
    public IReadOnlyList<string> Languages { get; init; } = [];
    public IReadOnlyList<string> ReferralRoutes { get; init; } = [];
    public IReadOnlyList<string> Accreditations { get; init; } = [];
    public string? Evaluation { get; init; }
    public IReadOnlyList<string> FundingSources { get; init; } = [];
    public DateOnly? FundingEnds { get; init; }
    public string? FundingStatus { get; init; }
    public int? WaitingTimeWeeks { get; init; }
    public int? PlacesPerYear { get; init; }
    /// <summary>Names, for matching a round's responses with another round's (rounds only).</summary>
    public string? OrganisationName { get; init; }
    public string? InterventionName { get; init; }
}
