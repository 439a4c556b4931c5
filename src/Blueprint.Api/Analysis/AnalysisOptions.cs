namespace Blueprint.Api.Analysis;

/// <summary>Configuration section <c>Analysis</c>.</summary>
public sealed class AnalysisOptions
{
    public const string Section = "Analysis";

    /// <summary>Residents per local authority (CSV), relative to <c>Data:Root</c>.</summary>
    public string PopulationFile { get; set; } = "data/reference/population.csv";

    /// <summary>
    /// "For publication" exports suppress every count from 1 up to this number minus one (and, secondarily,
    /// whatever would let one be worked back). One rule for every published figure (docs/decisions/0019).
    /// </summary>
    public int SuppressBelow { get; set; } = 10;
}
