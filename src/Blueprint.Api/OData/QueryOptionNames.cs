namespace Blueprint.Api.OData;

/// <summary>
/// How the library reads system query option names, made explicit: it accepts them with or without
/// <c>$</c> and in any case (<c>$top</c>, <c>top</c>, <c>$TOP</c>), so each spelling is the same option.
/// An option given twice, in one spelling or two, is refused (the library would fail with a 500 on
/// <c>$top</c> plus <c>top</c>, and join two <c>$filter</c>s with a comma).
/// </summary>
public static class QueryOptionNames
{
    /// <summary>Every system query option name of OData 4.01, without its <c>$</c>.</summary>
    private static readonly HashSet<string> SystemOptions = new(StringComparer.OrdinalIgnoreCase)
    {
        "filter", "select", "expand", "orderby", "top", "skip", "count", "search", "apply", "compute",
        "skiptoken", "deltatoken", "format", "index", "levels", "schemaversion", "id",
    };

    /// <summary>The canonical name (<c>$</c> and lower case) of a system query option, or null for a custom parameter.</summary>
    public static string? Canonical(string key)
    {
        var name = key.StartsWith('$') ? key[1..] : key;
        return key.StartsWith('$') || SystemOptions.Contains(name) ? "$" + name.ToLowerInvariant() : null;
    }

    /// <summary>
    /// The first problem with the request's system query options: one the route does not allow, or one
    /// given more than once; null when there is none.
    /// </summary>
    public static (string Code, string Message)? Check(IQueryCollection query, IReadOnlySet<string> allowed)
    {
        var seen = new Dictionary<string, string>();
        foreach (var (key, values) in query)
        {
            if (Canonical(key) is not { } option)
            {
                continue;
            }
            if (!allowed.Contains(option))
            {
                return ("UnsupportedQueryOption", $"The query option '{key}' is not supported here.");
            }
            if (values.Count > 1 || !seen.TryAdd(option, key))
            {
                var first = seen.GetValueOrDefault(option, key);
                return ("DuplicateQueryOption",
                    $"The query option '{option}' is given more than once ('{first}' and '{key}'); give each option once, with or without '$'.");
            }
        }
        return null;
    }
}
