namespace Blueprint.Api.Analysis;

// Counts are nullable only so that a "for publication" answer can leave a suppressed one out (null): the
// analyses always fill them.

/// <summary>Where a row is: an area of any kind (local authority, region, force area, board, Wales).</summary>
public abstract class AreaRow
{
    /// <summary>0: the live directory; N: survey round N (its published imports).</summary>
    public int Round { get; set; }
    public required string AreaCode { get; set; }
    public required string AreaKind { get; set; }
    public required string AreaName { get; set; }
    public required string AreaNameCy { get; set; }
    /// <summary>Residents (ONS mid-year estimate; a region's is the sum of its local authorities).</summary>
    public long? Population { get; set; }
}

/// <summary>
/// Interventions serving an area, by one facet value. All-Wales interventions serve every area and are
/// counted in each (<see cref="AllWalesInterventions"/> says how many of the count they are).
/// </summary>
public sealed class ProvisionByArea : AreaRow
{
    /// <summary>total, purpose, stage, setting, form, gender, age-band, cohort-group, risk-level, format, language.</summary>
    public required string Facet { get; set; }
    /// <summary>A vocabulary code; <c>all</c> on the total row; <c>not-stated</c> for a single-choice facet left blank.</summary>
    public required string Value { get; set; }
    public required string Label { get; set; }
    public required string LabelCy { get; set; }
    public int? Interventions { get; set; } = 0;
    public int? AllWalesInterventions { get; set; } = 0;
    public double? Per100k { get; set; }
}

/// <summary>
/// An area with no provision at all for a purpose, form, age band, group or language, or for a purpose
/// in a language or for a group (reported only where each half alone has provision). Ranked by residents.
/// </summary>
public sealed class Gap : AreaRow
{
    /// <summary>purpose, form, age-band, cohort-group, language, purpose+language, purpose+age-band, purpose+cohort-group.</summary>
    public required string Dimension { get; set; }
    /// <summary>The code, or two codes joined by <c>+</c>.</summary>
    public required string Value { get; set; }
    public required string Label { get; set; }
    public required string LabelCy { get; set; }
    /// <summary>1 = the most residents affected, within the round.</summary>
    public int Rank { get; set; }
}

/// <summary>How reachable provision is in an area: waiting, places, self-referral, accreditation, evaluation.</summary>
public sealed class Access : AreaRow
{
    public int? Interventions { get; set; } = 0;
    public int? WaitingTimeReported { get; set; } = 0;
    public double? MedianWaitingWeeks { get; set; }
    public double? MeanWaitingWeeks { get; set; }
    /// <summary>Places a year of the interventions that name this area (all-Wales ones' places are shared across Wales: see <see cref="AllWalesPlacesPerYear"/>).</summary>
    public int PlacesPerYear { get; set; }
    public int? PlacesReported { get; set; } = 0;
    public double? PlacesPer100k { get; set; }
    public int AllWalesPlacesPerYear { get; set; }
    public int? SelfReferral { get; set; } = 0;
    public double? SelfReferralShare { get; set; }
    /// <summary>Accredited by Respect, HMPPS, Welsh Government standards or another scheme.</summary>
    public int? Accredited { get; set; } = 0;
    public double? AccreditedShare { get; set; }
    /// <summary>Evaluated independently or internally.</summary>
    public int? Evaluated { get; set; } = 0;
    public int? IndependentlyEvaluated { get; set; } = 0;
    public double? EvaluatedShare { get; set; }
}

/// <summary>Funding sustainability in an area, over all interventions or those with one funding source.</summary>
public sealed class FundingRisk : AreaRow
{
    /// <summary>A funding-source code, or <c>all</c>.</summary>
    public required string FundingSource { get; set; }
    public required string Label { get; set; }
    public required string LabelCy { get; set; }
    public int? Interventions { get; set; } = 0;
    /// <summary>Funding ends on or before today plus 6 months (already ended included).</summary>
    public int? EndsWithin6Months { get; set; } = 0;
    public int? EndsWithin12Months { get; set; } = 0;
    /// <summary>No end date and not known to be ongoing.</summary>
    public int? FundingUnknown { get; set; } = 0;
    public int? SingleFunder { get; set; } = 0;
    public double? EndsWithin6MonthsShare { get; set; }
    public double? EndsWithin12MonthsShare { get; set; }
    public double? FundingUnknownShare { get; set; }
    public double? SingleFunderShare { get; set; }
    /// <summary>The day the months were counted from.</summary>
    public DateOnly Today { get; set; }
}
