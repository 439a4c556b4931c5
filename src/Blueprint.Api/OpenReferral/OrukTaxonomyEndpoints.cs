namespace Blueprint.Api.OpenReferral;

/// <summary><c>GET /openreferral/taxonomies(/{id})</c> and <c>/taxonomy_terms(/{id})</c>: the vocabularies, from memory.</summary>
public static class OrukTaxonomyEndpoints
{
    public static async Task<IResult> TaxonomiesAsync(HttpContext context, OrukTaxonomies taxonomies)
    {
        var q = OrukQuery.Read("taxonomies", context.Request.Query, out var error);
        if (q is null)
        {
            return OrukWriter.BadQuery(error!);
        }
        var all = taxonomies.All.Where(t => Matches(q.Search, t.Name, t.Description)).Select(t => t with { TaxonomyTerms = null }).ToList();
        return await AnswerAsync(context, q, all);
    }

    public static IResult Taxonomy(string id, OrukTaxonomies taxonomies) =>
        Guid.TryParseExact(id, "D", out var key) && taxonomies.Taxonomy(key) is { } found ? OrukWriter.Json(found) : OrukWriter.NotFound("taxonomy");

    public static async Task<IResult> TermsAsync(HttpContext context, OrukTaxonomies taxonomies)
    {
        var q = OrukQuery.Read("taxonomy_terms", context.Request.Query, out var error);
        if (q is null)
        {
            return OrukWriter.BadQuery(error!);
        }
        var all = taxonomies.Terms
            .Where(t => q.TaxonomyId is null || t.TaxonomyId == q.TaxonomyId)
            .Where(t => Matches(q.Search, t.Name, t.Description, t.Term))
            .ToList();
        return await AnswerAsync(context, q, all);
    }

    public static IResult Term(string id, OrukTaxonomies taxonomies) =>
        Guid.TryParseExact(id, "D", out var key) && taxonomies.Term(key) is { } found ? OrukWriter.Json(found) : OrukWriter.NotFound("taxonomy_term");

    private static bool Matches(string? search, params string[] texts) =>
        OrukServices.Words(search).All(word => texts.Any(t => t.Contains(word, StringComparison.OrdinalIgnoreCase)));

    private static async Task<IResult> AnswerAsync<T>(HttpContext context, OrukQuery q, List<T> all)
    {
        if (q.Ndjson)
        {
            await OrukWriter.StreamAsync(context, One(all));
            return Results.Empty;
        }
        var page = all.Skip((int)Math.Min(int.MaxValue, (q.Page - 1L) * q.PerPage)).Take(q.PerPage).ToList();
        return OrukWriter.Json(OrukWriter.Page(page, all.Count, q));
    }

#pragma warning disable CS1998 // an async iterator over data already in memory
    private static async IAsyncEnumerable<IReadOnlyList<T>> One<T>(IReadOnlyList<T> all)
    {
        yield return all;
    }
#pragma warning restore CS1998
}
