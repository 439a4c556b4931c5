using Blueprint.Data.Geography;

namespace Blueprint.Api.Analysis;

/// <summary>
/// Small-number suppression for published tables (ONS practice, docs/decisions/0019): every count from 1
/// to <c>threshold − 1</c> is hidden (primary). Then, wherever cells add up to a published total (a
/// single-choice facet's values to the area's total, and the same figure across the area hierarchy: local
/// authorities to their region, police force area and health board, and every kind of area to Wales), a
/// total whose parts and itself hold exactly one hidden cell would give it away, so the smallest other
/// non-zero part is hidden too, or the total if there is none (secondary). Last, an audit solves the
/// published equations: a hidden cell that a combination of totals still pins down (hierarchies that cross,
/// such as regions and police force areas) gets one more neighbour hidden, until none is. A share, rate or
/// median is hidden with any count it comes from. Zeros are shown: a count of none discloses no one's service.
/// </summary>
public static class Suppression
{
    public const string Mark = "[c]";

    public static string Note(int threshold) =>
        $"{Mark} confidential: a count from 1 to {threshold - 1} (Analysis:SuppressBelow = {threshold}), or a figure that would let one be worked out, is not published (ONS practice: primary and secondary suppression, across areas too).";

    public static void Apply(AnalysisTable table, int threshold, AreaCatalog? areas = null)
    {
        var hidden = table.Suppressed;
        var groups = table.Groups.Concat(areas is null ? [] : AcrossAreas(table, areas)).ToList();
        for (var c = 0; c < table.Columns.Count; c++)
        {
            if (table.Columns[c].Kind != ColumnKind.Count)
            {
                continue;
            }
            for (var r = 0; r < table.Rows.Count; r++)
            {
                if (Value(table, (r, c)) is >= 1 and var n && n < threshold)
                {
                    hidden.Add((r, c));
                }
            }
        }
        var groupsOf = new Dictionary<(int, int), List<AdditiveGroup>>();
        foreach (var group in groups)
        {
            foreach (var cell in group.Parts.Append(group.Total))
            {
                (groupsOf.TryGetValue(cell, out var list) ? list : groupsOf[cell] = []).Add(group);
            }
        }
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var group in groups)
            {
                changed |= Secondary(table, group, hidden);
            }
            if (!changed)
            {
                changed = Audit(table, groupsOf, hidden);
            }
        }
        for (var c = 0; c < table.Columns.Count; c++)
        {
            if (table.Columns[c].DerivedFrom is not { } sources)
            {
                continue;
            }
            var from = sources.Select(table.ColumnIndex).ToArray();
            for (var r = 0; r < table.Rows.Count; r++)
            {
                if (from.Any(s => hidden.Contains((r, s))))
                {
                    hidden.Add((r, c));
                }
            }
        }
        table.Notes.Add(Note(threshold));
    }

    /// <summary>The typed rows a table was built from, with every cell the rule hides set to null (for the OData sets).</summary>
    public static List<T> Published<T>(List<T> rows, AnalysisTable table, int threshold, AreaCatalog? areas)
    {
        Apply(table, threshold, areas);
        var properties = table.Columns.Select(c => typeof(T).GetProperty(c.Name)).ToArray();
        foreach (var (row, column) in table.Suppressed)
        {
            properties[column]!.SetValue(rows[row], null);
        }
        return rows;
    }

    /// <summary>If exactly one cell of a group (parts and total) is hidden, hides the smallest other non-zero part, or else the total.</summary>
    private static bool Secondary(AnalysisTable table, AdditiveGroup group, HashSet<(int Row, int Column)> hidden)
    {
        var count = (hidden.Contains(group.Total) ? 1 : 0) + group.Parts.Count(hidden.Contains);
        if (count != 1)
        {
            return false;
        }
        var next = group.Parts.Where(p => !hidden.Contains(p) && Value(table, p) > 0).OrderBy(p => Value(table, p)).FirstOrDefault((Row: -1, Column: -1));
        if (next.Row >= 0)
        {
            return hidden.Add(next);
        }
        return !hidden.Contains(group.Total) && hidden.Add(group.Total);
    }

    /// <summary>
    /// The groups of a table's cells across the area hierarchy: within each slice (rows agreeing on
    /// <see cref="AnalysisTable.SliceColumns"/>) and for each column of <see cref="AnalysisTable.AcrossAreas"/>,
    /// an area is the total of each set of finer areas that covers it exactly (<see cref="Partitions"/>). Counts of
    /// overlapping areas are not exactly additive (a listing serving two authorities counts once in their
    /// region; an all-Wales one counts everywhere), but each relation is a linear equation between the same
    /// cells whatever its constant, which is what lets one cell be worked out; so they are treated as totals.
    /// </summary>
    public static IEnumerable<AdditiveGroup> AcrossAreas(AnalysisTable table, AreaCatalog areas)
    {
        var areaColumn = table.ColumnIndex("AreaCode");
        if (table.AcrossAreas.Count == 0 || areaColumn < 0)
        {
            yield break;
        }
        var slice = table.SliceColumns.Select(table.ColumnIndex).ToArray();
        var columns = table.AcrossAreas.Select(table.ColumnIndex).ToArray();
        var slices = Enumerable.Range(0, table.Rows.Count)
            .GroupBy(r => string.Join('\u001f', slice.Select(c => Convert.ToString(table.Rows[r][c], System.Globalization.CultureInfo.InvariantCulture))));
        var partitions = Partitions(areas);
        foreach (var rowsOfSlice in slices)
        {
            var rowOf = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (var r in rowsOfSlice)
            {
                if (table.Rows[r][areaColumn] is string code)
                {
                    rowOf.TryAdd(code, r);
                }
            }
            foreach (var (parent, children) in partitions)
            {
                if (!rowOf.TryGetValue(parent, out var total) || !children.All(rowOf.ContainsKey))
                {
                    continue;
                }
                foreach (var c in columns)
                {
                    yield return new AdditiveGroup(children.Select(child => (rowOf[child], c)).ToArray(), (total, c));
                }
            }
        }
    }

    /// <summary>
    /// Every way an area is split into areas of one finer kind: its local authorities, and the health
    /// boards, regions or police force areas that cover exactly its authorities (Wales by each kind; South
    /// Wales Police by three regions; Mid and West Wales by two health boards; Gwent by one of each).
    /// </summary>
    internal static List<(string Parent, string[] Children)> Partitions(AreaCatalog areas)
    {
        var partitions = new List<(string, string[])>();
        foreach (var parent in areas.All.Where(a => a.Kind != AreaKinds.LocalAuthority))
        {
            var inside = parent.LocalAuthorities.ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var kind in AreaKinds.All.Where(k => k != parent.Kind && k != AreaKinds.Country))
            {
                var children = areas.All.Where(a => a.Kind == kind && a.LocalAuthorities.Count > 0 && a.LocalAuthorities.All(inside.Contains)).ToList();
                if (children.Count > 0 && inside.SetEquals(children.SelectMany(a => a.LocalAuthorities)))
                {
                    partitions.Add((parent.Code, children.Select(a => a.Code).ToArray()));
                }
            }
        }
        return partitions;
    }

    /// <summary>
    /// Solves, for each set of hidden cells linked by groups, the equations the published cells leave
    /// (each group: its hidden parts minus its hidden total equal a known number). A hidden cell is worked
    /// out exactly when its unit vector lies in the span of those equations; then one more cell of a group
    /// it is in is hidden: the smallest visible non-zero one after which it can no longer be worked out, or
    /// the smallest if none does that alone. One such cell per set of linked cells, then the rules run again.
    /// </summary>
    private static bool Audit(AnalysisTable table, Dictionary<(int, int), List<AdditiveGroup>> groupsOf, HashSet<(int Row, int Column)> hidden)
    {
        var visited = new HashSet<(int, int)>();
        var changed = false;
        foreach (var start in hidden.ToList())
        {
            if (visited.Contains(start))
            {
                continue;
            }
            var (cells, equations) = Component(start, hidden, groupsOf);
            visited.UnionWith(cells);
            var determined = DeterminedCells(cells, equations, hidden);
            if (determined.Count == 0)
            {
                continue;
            }
            var cell = determined[0];
            var candidates = groupsOf[cell].SelectMany(g => g.Parts.Append(g.Total)).Distinct()
                .Where(p => !hidden.Contains(p) && Value(table, p) > 0).OrderBy(p => Value(table, p)).ToList();
            if (candidates.Count == 0)
            {
                continue;
            }
            var pick = candidates.FirstOrDefault(c =>
            {
                var trial = new HashSet<(int Row, int Column)>(hidden) { c };
                var (trialCells, trialEquations) = Component(cell, trial, groupsOf);
                return !DeterminedCells(trialCells, trialEquations, trial).Contains(cell);
            }, candidates[0]);
            changed |= hidden.Add(pick);
        }
        return changed;
    }

    /// <summary>The hidden cells linked to one through groups, and those groups.</summary>
    private static (List<(int, int)> Cells, List<AdditiveGroup> Equations) Component(
        (int, int) start, HashSet<(int Row, int Column)> hidden, Dictionary<(int, int), List<AdditiveGroup>> groupsOf)
    {
        var cells = new List<(int, int)> { start };
        var seen = new HashSet<(int, int)> { start };
        var equations = new HashSet<AdditiveGroup>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < cells.Count; i++)
        {
            foreach (var group in groupsOf.GetValueOrDefault(cells[i]) ?? [])
            {
                if (!equations.Add(group))
                {
                    continue;
                }
                foreach (var cell in group.Parts.Append(group.Total))
                {
                    if (hidden.Contains(cell) && seen.Add(cell))
                    {
                        cells.Add(cell);
                    }
                }
            }
        }
        return (cells, equations.ToList());
    }

    /// <summary>The cells of a component that its equations pin down.</summary>
    private static List<(int, int)> DeterminedCells(List<(int, int)> cells, List<AdditiveGroup> equations, HashSet<(int Row, int Column)> hidden)
    {
        var column = cells.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        var matrix = equations.Select(g =>
        {
            var row = new double[cells.Count];
            foreach (var part in g.Parts.Where(hidden.Contains))
            {
                row[column[part]] += 1;
            }
            if (hidden.Contains(g.Total))
            {
                row[column[g.Total]] -= 1;
            }
            return row;
        }).ToArray();
        return Determined(matrix).Select(i => cells[i]).ToList();
    }

    /// <summary>The columns of a matrix whose unit vectors lie in its row space (by reduced row echelon form).</summary>
    internal static List<int> Determined(double[][] rows)
    {
        const double tiny = 1e-9;
        var columns = rows.Length == 0 ? 0 : rows[0].Length;
        var pivots = new List<(int Row, int Column)>();
        var top = 0;
        for (var c = 0; c < columns && top < rows.Length; c++)
        {
            var best = top;
            for (var r = top + 1; r < rows.Length; r++)
            {
                if (Math.Abs(rows[r][c]) > Math.Abs(rows[best][c]))
                {
                    best = r;
                }
            }
            if (Math.Abs(rows[best][c]) < tiny)
            {
                continue;
            }
            (rows[top], rows[best]) = (rows[best], rows[top]);
            var pivot = rows[top][c];
            for (var k = c; k < columns; k++)
            {
                rows[top][k] /= pivot;
            }
            for (var r = 0; r < rows.Length; r++)
            {
                var factor = rows[r][c];
                if (r != top && Math.Abs(factor) >= tiny)
                {
                    for (var k = c; k < columns; k++)
                    {
                        rows[r][k] -= factor * rows[top][k];
                    }
                }
            }
            pivots.Add((top, c));
            top++;
        }
        return pivots.Where(p => Enumerable.Range(0, columns).All(k => k == p.Column || Math.Abs(rows[p.Row][k]) < tiny))
            .Select(p => p.Column).ToList();
    }

    private static long Value(AnalysisTable table, (int Row, int Column) cell) => table.Rows[cell.Row][cell.Column] switch
    {
        int i => i,
        long l => l,
        _ => 0,
    };
}
