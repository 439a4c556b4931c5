using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.OData.Query;
using Microsoft.AspNetCore.OData.Results;

namespace Blueprint.Api.OData;

/// <summary>
/// What every Blueprint OData query attribute does on top of [EnableQuery]: a system query option the
/// route does not name (<c>$compute</c>, <c>$index</c>, a typo …) is refused rather than ignored, and the
/// library's error results (which carry the exception and its stack trace as an inner error) are
/// rewritten to <c>{"error":{"code","message"}}</c>. Each route's attribute sets its own limits.
/// </summary>
public abstract class BlueprintQueryAttribute : EnableQueryAttribute
{
    /// <summary>The <c>$</c> options this attribute accepts (case-insensitive).</summary>
    protected abstract IReadOnlySet<string> AllowedOptionNames { get; }

    public override void OnActionExecuting(ActionExecutingContext actionExecutingContext)
    {
        foreach (var key in actionExecutingContext.HttpContext.Request.Query.Keys)
        {
            if (key.StartsWith('$') && !AllowedOptionNames.Contains(key))
            {
                actionExecutingContext.Result = Error(400, "UnsupportedQueryOption", $"The query option '{key}' is not supported here.");
                return;
            }
        }
        base.OnActionExecuting(actionExecutingContext);
        actionExecutingContext.Result = WithoutInternals(actionExecutingContext.Result);
    }

    /// <summary>Every route's answers are capped in rows, expansions included (see <see cref="Limits.ExpansionCap"/>).</summary>
    public override void ValidateQuery(HttpRequest request, ODataQueryOptions queryOptions)
    {
        base.ValidateQuery(request, queryOptions);
        Limits.ExpansionCap.Check(request, queryOptions);
    }

    public override void OnActionExecuted(ActionExecutedContext actionExecutedContext)
    {
        base.OnActionExecuted(actionExecutedContext);
        actionExecutedContext.Result = WithoutInternals(actionExecutedContext.Result);
    }

    /// <summary>The library's error results carry the exception (with its stack trace) as an inner error: keep only the message.</summary>
    private static IActionResult? WithoutInternals(IActionResult? result) => result switch
    {
        IODataErrorResult { Error: var error } => Error((result as IStatusCodeActionResult)?.StatusCode ?? 400, error.Code is { Length: > 0 } c ? c : "BadQuery", error.Message),
        ObjectResult { Value: Microsoft.OData.ODataError error } r => Error(r.StatusCode ?? 400, error.Code is { Length: > 0 } c ? c : "BadQuery", error.Message),
        ObjectResult { Value: SerializableError error } r => Error(r.StatusCode ?? 400, "BadQuery",
            (error.TryGetValue("ExceptionMessage", out var e) ? e : error.TryGetValue("Message", out var m) ? m : null)?.ToString() ?? "The query is not valid."),
        _ => result,
    };

    internal static ObjectResult Error(int status, string code, string message) =>
        new(new ErrorBody(new ErrorDetail(code, message))) { StatusCode = status };
}

public sealed record ErrorBody(ErrorDetail Error);
public sealed record ErrorDetail(string Code, string Message);
