namespace Blueprint.Api.Analysis;

/// <summary>Configuration section <c>SearchStatistics</c>.</summary>
public sealed class SearchStatisticsOptions
{
    public const string Section = "SearchStatistics";

    public bool Enabled { get; set; } = true;
    /// <summary>How long counts are kept; older days are purged.</summary>
    public int RetentionMonths { get; set; } = 24;
    /// <summary>How often the counts gathered in memory are written (one batch, one transaction).</summary>
    public int FlushSeconds { get; set; } = 60;
    /// <summary>A search that finds at least one but fewer than this many counts as "few results".</summary>
    public int FewResults { get; set; } = 5;
}
