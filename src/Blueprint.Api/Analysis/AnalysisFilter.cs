using Blueprint.Data.Vocabularies;

namespace Blueprint.Api.Analysis;

/// <summary>
/// The map's facet filters, applied to the interventions an analysis counts (the dashboard and the exports):
/// the same URL keys as the search (<c>?language=cy&amp;purpose=…</c>); values within a facet are alternatives,
/// facets narrow each other, and an intervention for any gender (<c>all</c>) matches any gender chosen.
/// </summary>
public sealed class AnalysisFilter
{
    private sealed record Facet(string Key, string Vocabulary, Func<AnalysisItem, IEnumerable<string?>> Values, string? Inclusive = null);

    private static readonly Facet[] Facets =
    [
        new("purpose", "purpose", i => i.Purposes),
        new("form", "vawdasv-form", i => i.Forms),
        new("setting", "setting", i => i.Settings),
        new("stage", "stage", i => i.Stages),
        new("gender", "gender", i => [i.Gender], "all"),
        new("age", "age-band", i => i.AgeBands),
        new("group", "cohort-group", i => i.CohortGroups),
        new("risk", "risk-level", i => i.RiskLevels),
        new("route", "referral-route", i => i.ReferralRoutes),
        new("format", "format", i => [i.Format]),
        new("language", "language", i => i.Languages),
        new("accreditation", "accreditation", i => i.Accreditations),
    ];

    public static IReadOnlyList<string> Keys { get; } = Facets.Select(f => f.Key).ToList();

    private readonly List<(Facet Facet, HashSet<string> Asked, HashSet<string> Matching)> chosen;

    private AnalysisFilter(List<(Facet, HashSet<string>, HashSet<string>)> chosen) => this.chosen = chosen;

    public bool IsEmpty => chosen.Count == 0;

    /// <summary>The filter a query asks for, or the first parameter naming a code its vocabulary does not have.</summary>
    public static (AnalysisFilter? Filter, string? Problem) Of(IQueryCollection query, VocabularyCatalog vocabularies)
    {
        var chosen = new List<(Facet, HashSet<string>, HashSet<string>)>();
        foreach (var facet in Facets)
        {
            var values = query[facet.Key].SelectMany(v => (v ?? "").Split(',')).Select(v => v.Trim()).Where(v => v.Length > 0).ToHashSet();
            if (values.Count == 0)
            {
                continue;
            }
            if (values.FirstOrDefault(v => !vocabularies.IsCode(facet.Vocabulary, v)) is { } unknown)
            {
                return (null, $"'{unknown}' is not a code of the {facet.Vocabulary} vocabulary (parameter {facet.Key}).");
            }
            var matching = facet.Inclusive is { } any ? [.. values, any] : values;
            chosen.Add((facet, values, matching));
        }
        return (new AnalysisFilter(chosen), null);
    }

    public bool Matches(AnalysisItem item) =>
        chosen.All(c => c.Facet.Values(item).Any(v => v is not null && c.Matching.Contains(v)));

    /// <summary>The filter in words, for a table's notes: <c>Filtered: language = cy; purpose = a or b</c>.</summary>
    public string Describe() =>
        "Filtered to interventions matching: " + string.Join("; ", chosen.Select(c =>
            $"{c.Facet.Key} = {string.Join(" or ", c.Asked.Order(StringComparer.Ordinal))}"));
}
