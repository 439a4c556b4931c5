using Blueprint.Api.OData;
using Microsoft.AspNetCore.OData.Query;

namespace Blueprint.Api.Imports;

/// <summary>
/// [EnableQuery] for the survey evidence feed: $filter, $select, $expand, $orderby, $top, $skip, $count
/// and $skiptoken only. No $apply or $compute (the library does not validate them) and no $search.
/// Pages are larger than the public directory's because analysts pull whole imports into Power BI.
/// </summary>
public sealed class SurveyQueryAttribute : BlueprintQueryAttribute
{
    public static class Limits
    {
        public const int MaxTop = 1000;
        public const int PageSize = 500;
        /// <summary>Twice the largest import measured (200,000 rows, bench/README.md); $skiptoken next links are cheaper.</summary>
        public const int MaxSkip = 400_000;
        /// <summary>Import → Responses → Import is as deep as this model goes.</summary>
        public const int MaxExpansionDepth = 2;
        public const int MaxNodeCount = 100;
        public const int MaxOrderByNodes = 5;
    }

    private static readonly HashSet<string> Options = new(StringComparer.OrdinalIgnoreCase)
    {
        "$filter", "$select", "$expand", "$orderby", "$top", "$skip", "$count", "$skiptoken",
    };

    public SurveyQueryAttribute()
    {
        AllowedQueryOptions = AllowedQueryOptions.Filter | AllowedQueryOptions.Select | AllowedQueryOptions.Expand
            | AllowedQueryOptions.OrderBy | AllowedQueryOptions.Top | AllowedQueryOptions.Skip | AllowedQueryOptions.Count
            | AllowedQueryOptions.SkipToken;
        AllowedFunctions = AllowedFunctions.AllStringFunctions | AllowedFunctions.AllDateTimeFunctions
            | AllowedFunctions.Any | AllowedFunctions.All;
        MaxTop = Limits.MaxTop;
        MaxSkip = Limits.MaxSkip;
        MaxExpansionDepth = Limits.MaxExpansionDepth;
        MaxNodeCount = Limits.MaxNodeCount;
        MaxOrderByNodeCount = Limits.MaxOrderByNodes;
        MaxAnyAllExpressionDepth = 1;
        HandleNullPropagation = HandleNullPropagationOption.False;
        EnsureStableOrdering = true;
    }

    protected override IReadOnlySet<string> AllowedOptionNames => Options;
}
