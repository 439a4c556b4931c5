using System.Globalization;
using Blueprint.Api.Hosting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Blueprint.Api.Limits;

/// <summary>
/// Runs after the output cache, so only requests that missed it spend a budget: the client's uncached
/// budget, its expensive budget when <see cref="RequestCost"/> says so, and a slot of the
/// <see cref="QueryGate"/> for directory queries the database answers (not those the read model answers), held while the answer is computed, not while it is
/// sent. A refusal is a 429 with <c>Retry-After</c> and an
/// OData error body naming the limit.
/// </summary>
public sealed class LimitsMiddleware(RequestDelegate next, ClientBudgets budgets, QueryGate gate,
    IOptions<RateLimitOptions> options, ILogger<LimitsMiddleware> logger, Operations.BlueprintMetrics metrics)
{
    private readonly RateLimitOptions limits = options.Value;

    public async Task InvokeAsync(HttpContext context)
    {
        var cost = RequestCost.Of(context.Request);
        if (cost == Cost.Free)
        {
            await next(context);
            return;
        }
        var client = ClientAddress.BudgetKey(context);
        var who = client.StartsWith(ClientAddress.SignedInPrefix, StringComparison.Ordinal) ? "Your account has" : "This address has";
        using var uncached = budgets.Uncached.AttemptAcquire(client);
        if (!uncached.IsAcquired)
        {
            await RefuseAsync(context, client, "uncached", SecondsPerRequest(limits.UncachedBudget),
                $"{who} used its budget of {limits.UncachedBudget} uncached requests in {limits.BudgetSeconds} s.");
            return;
        }
        using var expensive = cost == Cost.Expensive ? budgets.Expensive.AttemptAcquire(client) : null;
        if (expensive is { IsAcquired: false })
        {
            await RefuseAsync(context, client, "expensive", SecondsPerRequest(limits.ExpensiveBudget),
                $"{who} used its budget of {limits.ExpensiveBudget} expensive queries in {limits.BudgetSeconds} s "
                + "($expand, $apply, $search, $top over " + RequestCost.LargeTop + ", distance search, markers, imports).");
            return;
        }
        using var report = RequestCost.IsProblemReport(context.Request) ? budgets.ProblemReports.AttemptAcquire(client) : null;
        if (report is { IsAcquired: false })
        {
            await RefuseAsync(context, client, "problem reports", Math.Max(1, 3600 / limits.ProblemReportsPerHour),
                $"{who} sent {limits.ProblemReportsPerHour} problem reports in the last hour.");
            return;
        }
        // The query slots guard the database: searches the read model answers from memory do not take one.
        if (!RequestCost.IsDirectoryQuery(context.Request) || ReadModel.ReaderView.WillAnswer(context))
        {
            await next(context);
            return;
        }
        var slot = await gate.EnterAsync(context.RequestAborted);
        if (slot is null)
        {
            await RefuseAsync(context, client, "busy", Math.Max(1, (int)Math.Ceiling(limits.QueueSeconds)),
                "The server is answering as many uncached queries as it can.");
            return;
        }
        await AnswerThenReleaseAsync(context, slot);
    }

    /// <summary>
    /// Runs the query into a buffer (memory, then a temporary file) and frees the slot before sending it,
    /// so a client that reads slowly holds bytes, never one of the few query slots.
    /// </summary>
    private async Task AnswerThenReleaseAsync(HttpContext context, IDisposable slot)
    {
        var body = context.Response.Body;
        await using var buffer = new FileBufferingWriteStream(memoryThreshold: BufferInMemoryBytes);
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            slot.Dispose();
            context.Response.Body = body;
        }
        if (buffer.Length > 0 && context.Response.ContentLength is null)
        {
            context.Response.ContentLength = buffer.Length;
        }
        await buffer.DrainBufferAsync(body, context.RequestAborted);
    }

    /// <summary>Answers up to this size are buffered in memory; larger ones in a temporary file.</summary>
    private const int BufferInMemoryBytes = 1024 * 1024;

    /// <summary>
    /// How long until an empty bucket holds one request again (it refills evenly). The limiter's own
    /// Retry-After metadata names a whole refill period, which would make clients wait far too long.
    /// </summary>
    private int SecondsPerRequest(int budget) => Math.Max(1, (int)Math.Ceiling((double)limits.BudgetSeconds / budget));

    private Task RefuseAsync(HttpContext context, string client, string limit, int retryAfterSeconds, string reason)
    {
        metrics.Refused(limit);
        logger.LogInformation("Refused {Path} from {Client}: {Limit} limit, retry after {RetryAfter} s", context.Request.Path, client, limit, retryAfterSeconds);
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers.CacheControl = "no-store";
        return ErrorHandler.WriteODataErrorAsync(context, StatusCodes.Status429TooManyRequests, "TooManyRequests",
            $"{reason} Try again in {retryAfterSeconds} s. Answers served from the cache are not limited.");
    }
}
