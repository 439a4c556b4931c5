using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.OData.Query;
using Microsoft.AspNetCore.OData.Query.Validator;
using Microsoft.OData;
using Microsoft.OData.UriParser.Aggregation;

namespace Blueprint.Api.OData;

/// <summary>The limits every OData query runs under, set explicitly because the library's defaults leave them open.</summary>
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
        "$filter", "$select", "$expand", "$orderby", "$top", "$skip", "$count", "$search", "$apply", "$format", "$skiptoken",
    };
}

/// <summary>
/// [EnableQuery] with Blueprint's limits, plus the checks the library skips: unknown or unsupported
/// system query options ($compute, $index …) are refused rather than ignored, and $apply is limited to
/// groupby and aggregate (its own filter/compute transformations bypass the validators). Error bodies
/// never carry an inner error or stack trace. Server-driven paging is model-bound (see DirectoryModel):
/// the attribute's PageSize would also page primitive collections, which SQLite cannot translate.
/// </summary>
public sealed class DirectoryQueryAttribute : EnableQueryAttribute
{
    public DirectoryQueryAttribute()
    {
        AllowedQueryOptions = AllowedQueryOptions.Filter | AllowedQueryOptions.Select | AllowedQueryOptions.Expand
            | AllowedQueryOptions.OrderBy | AllowedQueryOptions.Top | AllowedQueryOptions.Skip | AllowedQueryOptions.Count
            | AllowedQueryOptions.Search | AllowedQueryOptions.Apply | AllowedQueryOptions.Format | AllowedQueryOptions.SkipToken;
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

    public override void OnActionExecuting(ActionExecutingContext actionExecutingContext)
    {
        foreach (var key in actionExecutingContext.HttpContext.Request.Query.Keys)
        {
            if (key.StartsWith('$') && !QueryLimits.AllowedOptions.Contains(key))
            {
                actionExecutingContext.Result = Error(400, "UnsupportedQueryOption", $"The query option '{key}' is not supported here.");
                return;
            }
        }
        base.OnActionExecuting(actionExecutingContext);
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

    public override void OnActionExecuted(ActionExecutedContext actionExecutedContext)
    {
        base.OnActionExecuted(actionExecutedContext);
        // The library's error result carries the exception (with its stack trace) as an inner error.
        if (actionExecutedContext.Result is ObjectResult { Value: Microsoft.OData.ODataError error } result)
        {
            actionExecutedContext.Result = Error(result.StatusCode ?? 400, error.Code is { Length: > 0 } c ? c : "BadQuery", error.Message);
        }
        else if (actionExecutedContext.Result is ObjectResult { Value: SerializableError, StatusCode: var status } bad)
        {
            var message = (bad.Value as SerializableError)!.Values.FirstOrDefault()?.ToString() ?? "The query is not valid.";
            actionExecutedContext.Result = Error(status ?? 400, "BadQuery", message);
        }
    }

    internal static ObjectResult Error(int status, string code, string message) =>
        new(new ErrorBody(new ErrorDetail(code, message))) { StatusCode = status };
}

public sealed record ErrorBody(ErrorDetail Error);
public sealed record ErrorDetail(string Code, string Message);
