using Microsoft.AspNetCore.OData.Query;
using Microsoft.OData;
using Microsoft.OData.UriParser.Aggregation;

namespace Blueprint.Api.OData;

/// <summary>The limits every query of the public directory (<c>/odata</c>) runs under, set explicitly because the library's defaults leave them open.</summary>
public static class QueryLimits
{
    public const int MaxTop = 500;
    public const int PageSize = 100;
    /// <summary>Enough to page through a large directory, far below anything that would scan for minutes.</summary>
    public const int MaxSkip = 200_000;
    public const int MaxExpansionDepth = 3;
    public const int MaxNodeCount = 200;
    public const int MaxOrderByNodes = 5;
    public const int MaxApplyLength = 400;

    public static readonly HashSet<string> AllowedOptions = new(StringComparer.OrdinalIgnoreCase)
    {
        "$filter", "$select", "$expand", "$orderby", "$top", "$skip", "$count", "$search", "$apply", "$skiptoken",
    };
}

/// <summary>
/// [EnableQuery] with the public directory's limits, plus the checks the library skips: unknown or
/// unsupported system query options ($compute, $index …) are refused rather than ignored, and $apply is
/// limited to groupby and aggregate (its own filter/compute transformations bypass the validators). Error
/// bodies never carry an inner error or stack trace (see <see cref="BlueprintQueryAttribute"/>).
/// Server-driven paging is model-bound (see DirectoryModel): the attribute's PageSize would also page
/// primitive collections, which SQLite cannot translate.
/// </summary>
public sealed class DirectoryQueryAttribute : BlueprintQueryAttribute
{
    public DirectoryQueryAttribute()
    {
        AllowedQueryOptions = AllowedQueryOptions.Filter | AllowedQueryOptions.Select | AllowedQueryOptions.Expand
            | AllowedQueryOptions.OrderBy | AllowedQueryOptions.Top | AllowedQueryOptions.Skip | AllowedQueryOptions.Count
            | AllowedQueryOptions.Search | AllowedQueryOptions.Apply | AllowedQueryOptions.SkipToken;
        AllowedFunctions = AllowedFunctions.AllStringFunctions | AllowedFunctions.AllDateTimeFunctions
            | AllowedFunctions.Any | AllowedFunctions.All;
        MaxTop = QueryLimits.MaxTop;
        MaxSkip = QueryLimits.MaxSkip;
        MaxExpansionDepth = QueryLimits.MaxExpansionDepth;
        MaxNodeCount = QueryLimits.MaxNodeCount;
        MaxOrderByNodeCount = QueryLimits.MaxOrderByNodes;
        MaxAnyAllExpressionDepth = 2;
        HandleNullPropagation = HandleNullPropagationOption.False;
        EnsureStableOrdering = true;
    }

    protected override IReadOnlySet<string> AllowedOptionNames => QueryLimits.AllowedOptions;

    private DirectoryQueryAttribute? inMemory;

    /// <summary>
    /// Rows served from memory (ReadModel/InMemoryQuery) are queried with null propagation on, as SQL treats
    /// nulls: the same options and limits otherwise, through a twin of this attribute (the library keeps its
    /// settings on the attribute, shared by every request, so they are not switched per request).
    /// </summary>
    protected override BlueprintQueryAttribute? InMemoryTwin(Microsoft.AspNetCore.Mvc.Filters.ActionExecutedContext context)
    {
        if (HandleNullPropagation == HandleNullPropagationOption.True
            || context.Result is not Microsoft.AspNetCore.Mvc.ObjectResult { Value: IQueryable rows } || !ReadModel.InMemoryQuery.Is(rows))
        {
            return null;
        }
        return inMemory ??= new DirectoryQueryAttribute { HandleNullPropagation = HandleNullPropagationOption.True, EnsureStableOrdering = EnsureStableOrdering };
    }

    public override void ValidateQuery(HttpRequest request, ODataQueryOptions queryOptions)
    {
        base.ValidateQuery(request, queryOptions);
        if (queryOptions.Apply is { } apply)
        {
            if (apply.RawValue.Length > QueryLimits.MaxApplyLength)
            {
                throw new ODataException($"$apply is limited to {QueryLimits.MaxApplyLength} characters.");
            }
            foreach (var transformation in apply.ApplyClause.Transformations)
            {
                if (transformation.Kind is not (TransformationNodeKind.GroupBy or TransformationNodeKind.Aggregate))
                {
                    throw new ODataException(
                        $"$apply supports groupby and aggregate only, not {transformation.Kind}; use $filter to choose the rows.");
                }
            }
        }
        if (queryOptions.Search is { } search && search.RawValue.Length > 200)
        {
            throw new ODataException("$search is limited to 200 characters.");
        }
    }
}
