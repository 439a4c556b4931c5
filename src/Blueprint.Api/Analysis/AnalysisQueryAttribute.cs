using Blueprint.Api.OData;
using Microsoft.AspNetCore.OData.Query;

namespace Blueprint.Api.Analysis;

/// <summary>
/// [EnableQuery] for the analysis sets: $filter, $select, $orderby, $top, $skip and $count, run in memory
/// over the computed rows (nulls propagate as in SQL). Pages follow the rows' own order by $skip
/// (LINQ's ordering is stable, so ties keep it).
/// </summary>
public sealed class AnalysisQueryAttribute : BlueprintQueryAttribute
{
    public const int TopLimit = 10_000;
    public const int PageRows = 1_000;

    private static readonly HashSet<string> Options = new(StringComparer.OrdinalIgnoreCase)
    {
        "$filter", "$select", "$orderby", "$top", "$skip", "$count",
    };

    public AnalysisQueryAttribute()
    {
        AllowedQueryOptions = AllowedQueryOptions.Filter | AllowedQueryOptions.Select | AllowedQueryOptions.OrderBy
            | AllowedQueryOptions.Top | AllowedQueryOptions.Skip | AllowedQueryOptions.Count;
        AllowedFunctions = AllowedFunctions.AllStringFunctions | AllowedFunctions.AllDateTimeFunctions | AllowedFunctions.AllMathFunctions;
        MaxTop = TopLimit;
        MaxSkip = 1_000_000;
        MaxNodeCount = 100;
        MaxOrderByNodeCount = 5;
        HandleNullPropagation = HandleNullPropagationOption.True;
        EnsureStableOrdering = false;
    }

    protected override IReadOnlySet<string> AllowedOptionNames => Options;
}
