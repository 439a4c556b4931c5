namespace Blueprint.Api.Hosting;

/// <summary>Which of the product's two languages a request asks for.</summary>
public static class RequestLanguage
{
    /// <summary>
    /// "cy" or "en": the URL's <c>lang</c> when it names one (the map's marker search sends it), else the first of Welsh
    /// or English in <c>Accept-Language</c> by preference (the workspace's pages send their own language there; the
    /// place search sends none, and no Referer reaches the API), else English.
    /// </summary>
    public static string Of(HttpRequest request)
    {
        if (Known(request.Query["lang"].ToString()) is { } named)
        {
            return named;
        }
        var accepted = request.GetTypedHeaders().AcceptLanguage;
        return accepted
            .Select((l, i) => (Language: Known(l.Value.Value), Quality: l.Quality ?? 1, Order: i))
            .Where(l => l.Language is not null && l.Quality > 0)
            .OrderByDescending(l => l.Quality).ThenBy(l => l.Order)
            .Select(l => l.Language)
            .FirstOrDefault() ?? "en";
    }

    /// <summary>cy or en for a language tag of either (cy-GB, en-GB …), null for any other.</summary>
    private static string? Known(string? tag)
    {
        var primary = tag?.Split('-', 2)[0].Trim();
        return string.Equals(primary, "cy", StringComparison.OrdinalIgnoreCase) ? "cy"
            : string.Equals(primary, "en", StringComparison.OrdinalIgnoreCase) ? "en"
            : null;
    }
}
