using static Blueprint.Api.Analysis.ColumnKind;

namespace Blueprint.Api.Analysis;

/// <summary>Each analysis as an exportable table: its columns, their kinds and the totals its cells add up to.</summary>
public static class ExportTables
{
    public static readonly IReadOnlyList<string> Names = ["provision", "gaps", "access", "funding", "searches"];

    private static TableColumn Col(string name, ColumnKind kind = Text, params string[] from) => new(name, kind, from.Length > 0 ? from : null);

    private static (TableColumn, Func<T, object?>)[] AreaColumns<T>() where T : AreaRow =>
    [
        (Col("Round", Number), r => r.Round),
        (Col("AreaCode"), r => r.AreaCode),
        (Col("AreaKind"), r => r.AreaKind),
        (Col("AreaName"), r => r.AreaName),
        (Col("AreaNameCy"), r => r.AreaNameCy),
        (Col("Population", Number), r => r.Population),
    ];

    public static AnalysisTable Provision(IReadOnlyList<ProvisionByArea> rows)
    {
        var table = AnalysisTable.Of("provision", rows,
        [
            .. AreaColumns<ProvisionByArea>(),
            (Col("Facet"), r => r.Facet), (Col("Value"), r => r.Value), (Col("Label"), r => r.Label), (Col("LabelCy"), r => r.LabelCy),
            (Col("Interventions", Count), r => r.Interventions),
            (Col("AllWalesInterventions", Count), r => r.AllWalesInterventions),
            (Col("Per100k", Derived, "Interventions"), r => r.Per100k),
        ]);
        // A single-choice facet's values (not stated included) add up to the area's total.
        var groups = new List<AdditiveGroup>();
        var totals = new Dictionary<(int, string), int>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Facet == AnalysisEngine.Total)
            {
                totals[(rows[i].Round, rows[i].AreaCode)] = i;
            }
        }
        foreach (var column in new[] { table.ColumnIndex("Interventions"), table.ColumnIndex("AllWalesInterventions") })
        {
            foreach (var facet in rows.Select((r, i) => (r, i)).Where(x => x.r.Facet is "gender" or "format")
                .GroupBy(x => (x.r.Round, x.r.AreaCode, x.r.Facet)))
            {
                if (totals.TryGetValue((facet.Key.Round, facet.Key.AreaCode), out var total))
                {
                    groups.Add(new AdditiveGroup(facet.Select(x => (x.i, column)).ToArray(), (total, column)));
                }
            }
        }
        return new AnalysisTable
        {
            Name = table.Name, Columns = table.Columns, Rows = table.Rows, Groups = groups,
            SliceColumns = ["Round", "Facet", "Value"], AcrossAreas = ["Interventions"],
        };
    }

    /// <summary>The same table, its counts adding up across the area hierarchy within each slice (for <see cref="Suppression"/>).</summary>
    private static AnalysisTable AcrossAreas(AnalysisTable table, string[] slice) => new()
    {
        Name = table.Name, Columns = table.Columns, Rows = table.Rows, Groups = table.Groups,
        SliceColumns = slice, AcrossAreas = table.Columns.Where(c => c.Kind == Count).Select(c => c.Name).ToList(),
    };

    public static AnalysisTable Gaps(IReadOnlyList<Gap> rows) => AnalysisTable.Of("gaps", rows,
    [
        (Col("Rank", Number), r => r.Rank),
        .. AreaColumns<Gap>(),
        (Col("Dimension"), r => r.Dimension), (Col("Value"), r => r.Value), (Col("Label"), r => r.Label), (Col("LabelCy"), r => r.LabelCy),
    ]);

    public static AnalysisTable Access(IReadOnlyList<Access> rows) => AcrossAreas(AnalysisTable.Of("access", rows,
    [
        .. AreaColumns<Access>(),
        (Col("Interventions", Count), r => r.Interventions),
        (Col("WaitingTimeReported", Count), r => r.WaitingTimeReported),
        (Col("MedianWaitingWeeks", Derived, "WaitingTimeReported"), r => r.MedianWaitingWeeks),
        (Col("MeanWaitingWeeks", Derived, "WaitingTimeReported"), r => r.MeanWaitingWeeks),
        (Col("PlacesPerYear", Number), r => r.PlacesPerYear),
        (Col("PlacesReported", Count), r => r.PlacesReported),
        (Col("PlacesPer100k", Number), r => r.PlacesPer100k),
        (Col("AllWalesPlacesPerYear", Number), r => r.AllWalesPlacesPerYear),
        (Col("SelfReferral", Count), r => r.SelfReferral),
        (Col("SelfReferralShare", Derived, "SelfReferral", "Interventions"), r => r.SelfReferralShare),
        (Col("Accredited", Count), r => r.Accredited),
        (Col("AccreditedShare", Derived, "Accredited", "Interventions"), r => r.AccreditedShare),
        (Col("Evaluated", Count), r => r.Evaluated),
        (Col("IndependentlyEvaluated", Count), r => r.IndependentlyEvaluated),
        (Col("EvaluatedShare", Derived, "Evaluated", "Interventions"), r => r.EvaluatedShare),
    ]), ["Round"]);

    public static AnalysisTable Funding(IReadOnlyList<FundingRisk> rows) => AcrossAreas(AnalysisTable.Of("funding", rows,
    [
        .. AreaColumns<FundingRisk>(),
        (Col("FundingSource"), r => r.FundingSource), (Col("Label"), r => r.Label), (Col("LabelCy"), r => r.LabelCy),
        (Col("Interventions", Count), r => r.Interventions),
        (Col("EndsWithin6Months", Count), r => r.EndsWithin6Months),
        (Col("EndsWithin6MonthsShare", Derived, "EndsWithin6Months", "Interventions"), r => r.EndsWithin6MonthsShare),
        (Col("EndsWithin12Months", Count), r => r.EndsWithin12Months),
        (Col("EndsWithin12MonthsShare", Derived, "EndsWithin12Months", "Interventions"), r => r.EndsWithin12MonthsShare),
        (Col("FundingUnknown", Count), r => r.FundingUnknown),
        (Col("FundingUnknownShare", Derived, "FundingUnknown", "Interventions"), r => r.FundingUnknownShare),
        (Col("SingleFunder", Count), r => r.SingleFunder),
        (Col("SingleFunderShare", Derived, "SingleFunder", "Interventions"), r => r.SingleFunderShare),
        (Col("Today"), r => r.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
    ]), ["Round", "FundingSource"]);
}
