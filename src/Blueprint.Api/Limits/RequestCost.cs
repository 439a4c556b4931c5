using System.Globalization;
using Blueprint.Api.OData;

namespace Blueprint.Api.Limits;

/// <summary>How much of a client's budget a request that missed the output cache spends.</summary>
public enum Cost
{
    /// <summary>Not limited: <c>/health</c>, the front end's files, anything outside <c>/odata</c> and <c>/api</c>.</summary>
    Free,
    /// <summary>Spends the uncached budget.</summary>
    Uncached,
    /// <summary>Spends the uncached budget and the stricter expensive one.</summary>
    Expensive,
}

/// <summary>
/// Classifies a request from its path and query string alone (it runs before the endpoint). Query option
/// names are matched with or without <c>$</c> and in any case, as the OData library accepts them.
/// </summary>
public static class RequestCost
{
    /// <summary>A <c>$top</c> above this asks for more than one default page.</summary>
    public const int LargeTop = QueryLimits.PageSize;

    /// <summary>Query options that make an OData query expensive whatever their value.</summary>
    private static readonly HashSet<string> ExpensiveOptions = new(StringComparer.OrdinalIgnoreCase)
    {
        "expand", "apply", "search", "compute",
    };

    public static Cost Of(HttpRequest request)
    {
        var path = request.Path;
        if (path.StartsWithSegments("/api/imports", StringComparison.OrdinalIgnoreCase))
        {
            // Polling an upload's progress is a dictionary lookup; everything else there reads or writes many rows.
            return path.StartsWithSegments("/api/imports/progress", StringComparison.OrdinalIgnoreCase) ? Cost.Uncached : Cost.Expensive;
        }
        if (path.StartsWithSegments("/api/geo/markers", StringComparison.OrdinalIgnoreCase))
        {
            return Cost.Expensive;
        }
        if (OpenReferral.OpenReferralEndpoints.IsFeed(path))
        {
            // A stream reads every public listing; pages and single records cost what an OData page does.
            return OpenReferral.OrukQuery.IsStream(request) ? Cost.Expensive : Cost.Uncached;
        }
        if (path.StartsWithSegments("/odata", StringComparison.OrdinalIgnoreCase))
        {
            return IsExpensiveQuery(request) ? Cost.Expensive : Cost.Uncached;
        }
        return path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) ? Cost.Uncached : Cost.Free;
    }

    /// <summary>
    /// Uncached public directory queries (<c>/odata</c> and <c>/api/geo</c>, the same paths the output cache
    /// serves) share the server-wide concurrency limit. The survey feed is not one of them: its answers
    /// carry personal data, which must not be buffered to a temporary file, and only analysts reach it.
    /// A stream of the whole directory (Open Referral's <c>format=ndjson</c>) is not either: it is written as it is
    /// read, in flat memory, and buffering it would hold the whole directory.
    /// </summary>
    public static bool IsDirectoryQuery(HttpRequest request) =>
        Hosting.DirectoryCache.IsDirectoryPath(request.Path) && !OpenReferral.OrukQuery.IsStream(request);

    /// <summary>A "report a problem" post (<c>POST /api/listings/{id}/problems</c>), which has a budget of its own.</summary>
    public static bool IsProblemReport(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && request.Path.StartsWithSegments("/api/listings", StringComparison.OrdinalIgnoreCase)
        && request.Path.Value?.TrimEnd('/').EndsWith("/problems", StringComparison.OrdinalIgnoreCase) == true;

    private static bool IsExpensiveQuery(HttpRequest request)
    {
        // Distance search loads every venue in range and runs the query options in memory.
        if (request.Path.Value?.Contains("/Near(", StringComparison.OrdinalIgnoreCase) == true)
        {
            return true;
        }
        foreach (var (key, values) in request.Query)
        {
            var name = key.StartsWith('$') ? key[1..] : key;
            if (ExpensiveOptions.Contains(name))
            {
                return true;
            }
            if (name.Equals("top", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var value in values)
                {
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var top) || top > LargeTop)
                    {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
