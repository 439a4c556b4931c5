using Blueprint.Data.Analysis;
using Blueprint.Data.Geography;
using Blueprint.Data.Vocabularies;

namespace Blueprint.Api.Analysis;

/// <summary>
/// The analyses, computed in memory from a round's items (read in one go by <see cref="AnalysisSource"/>):
/// provision by area and facet, gaps, access and funding risk, for every area of every kind. An item
/// serves an area when it serves any of the area's local authorities; an all-Wales item serves every area.
/// </summary>
public sealed class AnalysisEngine
{
    public const string Total = "total";
    public const string All = "all";
    public const string NotStated = "not-stated";

    private readonly Area[] areas;
    private readonly long?[] population;
    private readonly Dictionary<string, int[]> areasOfLocalAuthority;
    private readonly VocabularyCatalog vocabularies;
    private readonly Facet[] facets;
    private readonly int valueCount;
    private readonly int[] everyArea;

    public AnalysisEngine(AreaCatalog catalog, VocabularyCatalog vocabularies, Population residents)
    {
        var kinds = AreaKinds.All.ToList();
        areas = catalog.All.OrderBy(a => kinds.IndexOf(a.Kind)).ThenBy(a => a.Code, StringComparer.Ordinal).ToArray();
        population = areas.Select(residents.Of).ToArray();
        areasOfLocalAuthority = catalog.LocalAuthorities.ToDictionary(
            la => la.Code,
            la => Enumerable.Range(0, areas.Length).Where(i => areas[i].LocalAuthorities.Contains(la.Code)).ToArray(),
            StringComparer.OrdinalIgnoreCase);
        this.vocabularies = vocabularies;
        var offset = 0;
        facets = FacetDefinitions.Select(f =>
        {
            var terms = vocabularies[f.Vocabulary].OrderBy(t => t.SortOrder).Select(t => (t.Code, t.LabelEn, t.LabelCy)).ToList();
            if (f.Single)
            {
                terms.Add((NotStated, "Not stated", "Heb ei nodi"));
            }
            var facet = f with { Terms = terms, Offset = offset };
            offset += terms.Count;
            return facet;
        }).ToArray();
        valueCount = offset;
        everyArea = Enumerable.Range(0, areas.Length).ToArray();
    }

    public IReadOnlyList<Area> Areas => areas;

    private sealed record Facet(string Name, string Vocabulary, bool Single, Func<AnalysisItem, IEnumerable<string?>> Values)
    {
        public List<(string Code, string LabelEn, string LabelCy)> Terms { get; init; } = [];
        public int Offset { get; init; }

        private Dictionary<string, int>? indexes;

        public int IndexOf(string? code)
        {
            indexes ??= Terms.Select((t, i) => (t.Code, i)).ToDictionary(x => x.Code, x => Offset + x.i, StringComparer.Ordinal);
            return indexes.TryGetValue(code ?? NotStated, out var i) ? i : -1;
        }
    }

    private static readonly Facet[] FacetDefinitions =
    [
        new("purpose", "purpose", false, i => i.Purposes),
        new("stage", "stage", false, i => i.Stages),
        new("setting", "setting", false, i => i.Settings),
        new("form", "vawdasv-form", false, i => i.Forms),
        new("gender", "gender", true, i => [i.Gender]),
        new("age-band", "age-band", false, i => i.AgeBands),
        new("cohort-group", "cohort-group", false, i => i.CohortGroups),
        new("risk-level", "risk-level", false, i => i.RiskLevels),
        new("format", "format", true, i => [i.Format]),
        new("language", "language", false, i => i.Languages),
    ];

    /// <summary>The facets whose gaps are reported alone, and those reported beside a purpose.</summary>
    private static readonly string[] GapFacets = ["purpose", "form", "age-band", "cohort-group", "language"];
    private static readonly string[] PairedWithPurpose = ["language", "age-band", "cohort-group"];

    /// <summary>
    /// What every analysis reads of each item, worked out once per list of items (a loaded round is never
    /// changed, so it is kept with the list): the indexes of the areas it serves (every area for an all-Wales
    /// one), its distinct value indexes over every facet, and the counts by area and value.
    /// </summary>
    private sealed class Prepared
    {
        public required int[][] Served { get; init; }
        public required int[][] Values { get; init; }
        public required Counts Counts { get; init; }
    }

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<AnalysisItem>, Prepared> prepared = new();

    private Prepared Prepare(IReadOnlyList<AnalysisItem> items) => prepared.GetValue(items, list =>
    {
        var served = new int[list.Count][];
        var values = new int[list.Count][];
        var seenArea = new bool[areas.Length];
        var seenValue = new bool[valueCount];
        var scratch = new List<int>(64);
        for (var n = 0; n < list.Count; n++)
        {
            served[n] = Served(list[n], seenArea, scratch);
            values[n] = ValueIndexes(list[n], seenValue, scratch);
        }
        return new Prepared { Served = served, Values = values, Counts = Count(list, served, values) };
    });

    /// <summary>The indexes of the areas an item serves (every area for an all-Wales one).</summary>
    private int[] Served(AnalysisItem item, bool[] seen, List<int> served)
    {
        if (item.AllWales)
        {
            return everyArea;
        }
        served.Clear();
        foreach (var la in item.LocalAuthorities)
        {
            if (la is not null && areasOfLocalAuthority.TryGetValue(la, out var containing))
            {
                foreach (var a in containing)
                {
                    if (!seen[a])
                    {
                        seen[a] = true;
                        served.Add(a);
                    }
                }
            }
        }
        foreach (var a in served)
        {
            seen[a] = false;
        }
        return [.. served];
    }

    /// <summary>The distinct value indexes of an item, over every facet.</summary>
    private int[] ValueIndexes(AnalysisItem item, bool[] seen, List<int> indexes)
    {
        indexes.Clear();
        foreach (var facet in facets)
        {
            foreach (var value in facet.Values(item))
            {
                if (facet.IndexOf(value) is var i and >= 0 && !seen[i])
                {
                    seen[i] = true;
                    indexes.Add(i);
                }
            }
        }
        foreach (var i in indexes)
        {
            seen[i] = false;
        }
        return [.. indexes];
    }

    private sealed class Counts(int areas, int values)
    {
        public readonly int[] Totals = new int[areas];
        public readonly int[,] Values = new int[areas, values];
        public int AllWalesTotal;
        public readonly int[] AllWalesValues = new int[values];
    }

    private Counts Count(IReadOnlyList<AnalysisItem> items, int[][] served, int[][] values)
    {
        var counts = new Counts(areas.Length, valueCount);
        for (var n = 0; n < items.Count; n++)
        {
            if (items[n].AllWales)
            {
                counts.AllWalesTotal++;
                foreach (var v in values[n])
                {
                    counts.AllWalesValues[v]++;
                }
            }
            foreach (var a in served[n])
            {
                counts.Totals[a]++;
                foreach (var v in values[n])
                {
                    counts.Values[a, v]++;
                }
            }
        }
        return counts;
    }

    private T Place<T>(T row, int round, int a) where T : AreaRow
    {
        row.Round = round;
        row.Population = population[a];
        return row;
    }

    private static double? Per100k(int count, long? residents) =>
        residents is > 0 ? Math.Round(count * 100_000.0 / residents.Value, 2) : null;

    private static double? Share(int? part, int? whole) =>
        whole is > 0 ? Math.Round((double)part.GetValueOrDefault() / whole.Value, 4) : null;

    public List<ProvisionByArea> Provision(IReadOnlyList<AnalysisItem> items, int round)
    {
        var counts = Prepare(items).Counts;
        var rows = new List<ProvisionByArea>(areas.Length * (valueCount + 1));
        for (var a = 0; a < areas.Length; a++)
        {
            var area = areas[a];
            rows.Add(Place(new ProvisionByArea
            {
                AreaCode = area.Code, AreaKind = area.Kind, AreaName = area.NameEn, AreaNameCy = area.NameCy,
                Facet = Total, Value = All, Label = "All interventions", LabelCy = "Pob ymyriad",
                Interventions = counts.Totals[a], AllWalesInterventions = counts.AllWalesTotal,
                Per100k = Per100k(counts.Totals[a], population[a]),
            }, round, a));
            foreach (var facet in facets)
            {
                for (var t = 0; t < facet.Terms.Count; t++)
                {
                    var v = facet.Offset + t;
                    rows.Add(Place(new ProvisionByArea
                    {
                        AreaCode = area.Code, AreaKind = area.Kind, AreaName = area.NameEn, AreaNameCy = area.NameCy,
                        Facet = facet.Name, Value = facet.Terms[t].Code, Label = facet.Terms[t].LabelEn, LabelCy = facet.Terms[t].LabelCy,
                        Interventions = counts.Values[a, v], AllWalesInterventions = counts.AllWalesValues[v],
                        Per100k = Per100k(counts.Values[a, v], population[a]),
                    }, round, a));
                }
            }
        }
        return rows;
    }

    public List<Gap> Gaps(IReadOnlyList<AnalysisItem> items, int round)
    {
        var ready = Prepare(items);
        var counts = ready.Counts;
        var purpose = facets.Single(f => f.Name == "purpose");
        var paired = PairedWithPurpose.Select(n => facets.Single(f => f.Name == n)).ToArray();
        var isPaired = new bool[valueCount];
        foreach (var f in paired)
        {
            Array.Fill(isPaired, true, f.Offset, f.Terms.Count);
        }
        // Items by area for each (purpose, other value) pair.
        var pairs = new int[areas.Length, purpose.Terms.Count, valueCount];
        var purposes = new List<int>();
        var others = new List<int>();
        for (var n = 0; n < items.Count; n++)
        {
            purposes.Clear();
            others.Clear();
            foreach (var v in ready.Values[n])
            {
                if (v >= purpose.Offset && v < purpose.Offset + purpose.Terms.Count)
                {
                    purposes.Add(v - purpose.Offset);
                }
                else if (isPaired[v])
                {
                    others.Add(v);
                }
            }
            if (purposes.Count == 0 || others.Count == 0)
            {
                continue;
            }
            foreach (var a in ready.Served[n])
            {
                foreach (var p in purposes)
                {
                    foreach (var o in others)
                    {
                        pairs[a, p, o]++;
                    }
                }
            }
        }
        var gaps = new List<Gap>();
        for (var a = 0; a < areas.Length; a++)
        {
            var area = areas[a];
            Gap New(string dimension, string value, string label, string labelCy) => Place(new Gap
            {
                AreaCode = area.Code, AreaKind = area.Kind, AreaName = area.NameEn, AreaNameCy = area.NameCy,
                Dimension = dimension, Value = value, Label = label, LabelCy = labelCy,
            }, round, a);

            foreach (var facet in facets.Where(f => GapFacets.Contains(f.Name)))
            {
                for (var t = 0; t < facet.Terms.Count; t++)
                {
                    if (counts.Values[a, facet.Offset + t] == 0)
                    {
                        gaps.Add(New(facet.Name, facet.Terms[t].Code, facet.Terms[t].LabelEn, facet.Terms[t].LabelCy));
                    }
                }
            }
            foreach (var other in paired)
            {
                for (var p = 0; p < purpose.Terms.Count; p++)
                {
                    for (var t = 0; t < other.Terms.Count; t++)
                    {
                        int pi = purpose.Offset + p, oi = other.Offset + t;
                        if (counts.Values[a, pi] > 0 && counts.Values[a, oi] > 0 && pairs[a, p, oi] == 0)
                        {
                            gaps.Add(New($"purpose+{other.Name}", $"{purpose.Terms[p].Code}+{other.Terms[t].Code}",
                                $"{purpose.Terms[p].LabelEn} + {other.Terms[t].LabelEn}", $"{purpose.Terms[p].LabelCy} + {other.Terms[t].LabelCy}"));
                        }
                    }
                }
            }
        }
        // Ranked by residents affected: equal populations share a rank (1 = the most).
        var ranked = gaps.OrderByDescending(g => g.Population ?? 0).ThenBy(g => g.AreaCode, StringComparer.Ordinal)
            .ThenBy(g => g.Dimension, StringComparer.Ordinal).ThenBy(g => g.Value, StringComparer.Ordinal).ToList();
        for (var i = 0; i < ranked.Count; i++)
        {
            ranked[i].Rank = i > 0 && ranked[i].Population == ranked[i - 1].Population ? ranked[i - 1].Rank : i + 1;
        }
        return ranked;
    }

    public List<Access> Access(IReadOnlyList<AnalysisItem> items, int round)
    {
        var rows = areas.Select((area, a) => Place(new Access
        {
            AreaCode = area.Code, AreaKind = area.Kind, AreaName = area.NameEn, AreaNameCy = area.NameCy,
        }, round, a)).ToArray();
        var waits = areas.Select(_ => new List<int>()).ToArray();
        var served = Prepare(items).Served;
        for (var n = 0; n < items.Count; n++)
        {
            var item = items[n];
            var self = item.ReferralRoutes.Contains("self");
            var accredited = item.Accreditations.Any(c => c != "none");
            var evaluated = item.Evaluation is "independent" or "internal";
            foreach (var a in served[n])
            {
                var row = rows[a];
                row.Interventions++;
                if (item.WaitingTimeWeeks is { } w)
                {
                    waits[a].Add(w);
                }
                if (item.PlacesPerYear is { } places)
                {
                    if (item.AllWales)
                    {
                        row.AllWalesPlacesPerYear += places;
                    }
                    else
                    {
                        row.PlacesPerYear += places;
                        row.PlacesReported++;
                    }
                }
                row.SelfReferral += self ? 1 : 0;
                row.Accredited += accredited ? 1 : 0;
                row.Evaluated += evaluated ? 1 : 0;
                row.IndependentlyEvaluated += item.Evaluation == "independent" ? 1 : 0;
            }
        }
        for (var a = 0; a < rows.Length; a++)
        {
            var row = rows[a];
            var w = waits[a];
            row.WaitingTimeReported = w.Count;
            if (w.Count > 0)
            {
                w.Sort();
                row.MedianWaitingWeeks = w.Count % 2 == 1 ? w[w.Count / 2] : (w[w.Count / 2 - 1] + w[w.Count / 2]) / 2.0;
                row.MeanWaitingWeeks = Math.Round(w.Average(), 2);
            }
            row.PlacesPer100k = row.PlacesReported > 0 ? Per100k(row.PlacesPerYear, population[a]) : null;
            row.SelfReferralShare = Share(row.SelfReferral, row.Interventions);
            row.AccreditedShare = Share(row.Accredited, row.Interventions);
            row.EvaluatedShare = Share(row.Evaluated, row.Interventions);
        }
        return [.. rows];
    }

    public List<FundingRisk> Funding(IReadOnlyList<AnalysisItem> items, int round, DateOnly today)
    {
        var sources = new List<(string Code, string LabelEn, string LabelCy)> { (All, "All funding sources", "Pob ffynhonnell gyllid") };
        sources.AddRange(vocabularies["funding-source"].OrderBy(t => t.SortOrder).Select(t => (t.Code, t.LabelEn, t.LabelCy)));
        var rows = new FundingRisk[areas.Length, sources.Count];
        for (var a = 0; a < areas.Length; a++)
        {
            for (var s = 0; s < sources.Count; s++)
            {
                rows[a, s] = Place(new FundingRisk
                {
                    AreaCode = areas[a].Code, AreaKind = areas[a].Kind, AreaName = areas[a].NameEn, AreaNameCy = areas[a].NameCy,
                    FundingSource = sources[s].Code, Label = sources[s].LabelEn, LabelCy = sources[s].LabelCy, Today = today,
                }, round, a);
            }
        }
        var within6 = today.AddMonths(6);
        var within12 = today.AddMonths(12);
        var served = Prepare(items).Served;
        for (var n = 0; n < items.Count; n++)
        {
            var item = items[n];
            var six = item.FundingEnds is { } e6 && e6 <= within6;
            var twelve = item.FundingEnds is { } e12 && e12 <= within12;
            var unknown = item.FundingStatus == "unknown" || (item.FundingEnds is null && item.FundingStatus != "ongoing");
            var single = item.FundingSources.Distinct().Count() == 1;
            var columns = new List<int> { 0 };
            columns.AddRange(item.FundingSources.Distinct().Select(c => sources.FindIndex(s => s.Code == c)).Where(i => i > 0));
            foreach (var a in served[n])
            {
                foreach (var s in columns)
                {
                    var row = rows[a, s];
                    row.Interventions++;
                    row.EndsWithin6Months += six ? 1 : 0;
                    row.EndsWithin12Months += twelve ? 1 : 0;
                    row.FundingUnknown += unknown ? 1 : 0;
                    row.SingleFunder += single ? 1 : 0;
                }
            }
        }
        var list = new List<FundingRisk>(rows.Length);
        foreach (var row in rows)
        {
            row.EndsWithin6MonthsShare = Share(row.EndsWithin6Months, row.Interventions);
            row.EndsWithin12MonthsShare = Share(row.EndsWithin12Months, row.Interventions);
            row.FundingUnknownShare = Share(row.FundingUnknown, row.Interventions);
            row.SingleFunderShare = Share(row.SingleFunder, row.Interventions);
            list.Add(row);
        }
        return list;
    }
}
