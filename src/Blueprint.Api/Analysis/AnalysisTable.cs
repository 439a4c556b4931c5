namespace Blueprint.Api.Analysis;

/// <summary>What a column holds, for export and for small-number suppression.</summary>
public enum ColumnKind
{
    Text,
    /// <summary>A count of interventions or searches: suppressed for publication when small.</summary>
    Count,
    /// <summary>A number that is not a count of units (places, residents): never suppressed.</summary>
    Number,
    /// <summary>A figure worked out from counts (a share, a rate, a median): suppressed with any count it comes from.</summary>
    Derived,
}

public sealed record TableColumn(string Name, ColumnKind Kind, string[]? DerivedFrom = null);

/// <summary>
/// Cells whose values add up to a published total (gender's values to the area's total): if exactly one
/// is suppressed, the total would reveal it, so a second one is (secondary suppression).
/// </summary>
public sealed record AdditiveGroup((int Row, int Column)[] Parts, (int Row, int Column) Total);

/// <summary>An analysis as a plain table of cells, ready to export: what the CSV and XLSX writers and the suppression read.</summary>
public sealed class AnalysisTable
{
    public required string Name { get; init; }
    public required IReadOnlyList<TableColumn> Columns { get; init; }
    public required List<object?[]> Rows { get; init; }
    public IReadOnlyList<AdditiveGroup> Groups { get; init; } = [];
    /// <summary>
    /// The columns whose cells add up across the area hierarchy (local authorities to their region, police
    /// force area and health board, and every kind to Wales), within rows that agree on <see cref="SliceColumns"/>.
    /// </summary>
    public IReadOnlyList<string> AcrossAreas { get; init; } = [];
    /// <summary>The columns (besides the area) that pick out one row per area: round, facet and value …</summary>
    public IReadOnlyList<string> SliceColumns { get; init; } = [];
    /// <summary>Cells hidden for publication (row, column).</summary>
    public HashSet<(int Row, int Column)> Suppressed { get; } = [];
    public List<string> Notes { get; } = [];

    public int ColumnIndex(string name) => Columns.ToList().FindIndex(c => c.Name == name);

    /// <summary>Builds a table from typed rows, one selector per column.</summary>
    public static AnalysisTable Of<T>(string name, IReadOnlyList<T> rows, params (TableColumn Column, Func<T, object?> Value)[] columns) => new()
    {
        Name = name,
        Columns = columns.Select(c => c.Column).ToList(),
        Rows = rows.Select(r => columns.Select(c => c.Value(r)).ToArray()).ToList(),
    };
}
