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
/// rewritten to <c>{"error":{"code","message"}}</c>. System query options count the same with or without
/// <c>$</c> (<see cref="QueryOptionNames"/>), and a query that fails while it is evaluated or serialised is
/// the caller's 400, sent before any byte of a response (<see cref="QueryFailedException"/>,
/// <see cref="ResponseBuffer"/>). Each route's attribute sets its own limits.
/// </summary>
public abstract class BlueprintQueryAttribute : EnableQueryAttribute
{
    /// <summary>The system query options this attribute accepts, as <c>$name</c> (case-insensitive; the <c>$</c> is optional in requests).</summary>
    protected abstract IReadOnlySet<string> AllowedOptionNames { get; }

    public override void OnActionExecuting(ActionExecutingContext actionExecutingContext)
    {
        var http = actionExecutingContext.HttpContext;
        if (QueryOptionNames.Check(http.Request.Query, AllowedOptionNames) is { } problem)
        {
            actionExecutingContext.Result = Error(400, problem.Code, problem.Message);
            return;
        }
        if (!EnsureStableOrdering)
        {
            // The action's own order is the only stable one: next links count rows ($skip) rather than key on values.
            KeysetPaging.UseOffsetPaging(http);
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

    /// <summary>The query options run here (for a paged set, the database query too): a failure the query caused is the caller's 400.</summary>
    public override void OnActionExecuted(ActionExecutedContext actionExecutedContext)
    {
        try
        {
            if (InMemoryTwin(actionExecutedContext) is { } twin)
            {
                twin.ApplyQueryOptions(actionExecutedContext);
            }
            else
            {
                base.OnActionExecuted(actionExecutedContext);
            }
        }
        catch (Exception e) when (QueryFailedException.From(e) is { } failed)
        {
            throw failed;
        }
        actionExecutedContext.Result = WithoutInternals(actionExecutedContext.Result);
    }

    /// <summary>The attribute that applies the query options instead of this one to rows held in memory, or null for this one.</summary>
    protected virtual BlueprintQueryAttribute? InMemoryTwin(ActionExecutedContext context) => null;

    private void ApplyQueryOptions(ActionExecutedContext context) => base.OnActionExecuted(context);

    /// <summary>
    /// Serialises into a <see cref="ResponseBuffer"/>: whatever the library evaluates while writing (next
    /// links, counts, expanded or in-memory results) fails before the first byte reaches the client, so the
    /// caller gets a complete error body rather than a cut-off 200.
    /// </summary>
    public override async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        var response = context.HttpContext.Response;
        var client = response.Body;
        await using var buffer = new ResponseBuffer(client, ResponseBuffer.Limit);
        response.Body = buffer;
        ResultExecutedContext executed;
        try
        {
            executed = await next();
        }
        finally
        {
            response.Body = client;
        }
        if (executed.Exception is { } exception && !executed.ExceptionHandled)
        {
            // Nothing was sent (unless the response passed the buffer's bound): the exception handler writes the error.
            if (QueryFailedException.From(exception) is { } failed)
            {
                executed.Exception = failed;
            }
            return;
        }
        await buffer.CompleteAsync(response, context.HttpContext.RequestAborted);
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

public sealed record ErrorBody(ErrorDetail Error)
{
    /// <summary>A minimal API's answer with this body: the one way endpoints outside OData controllers refuse a request.</summary>
    public static IResult Result(int status, string code, string message) =>
        Results.Json(new ErrorBody(new ErrorDetail(code, message)), statusCode: status);
}
public sealed record ErrorDetail(string Code, string Message);
