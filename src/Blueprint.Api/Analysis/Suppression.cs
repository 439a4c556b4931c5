namespace Blueprint.Api.Analysis;

/// <summary>
/// Small-number suppression for published tables (ONS practice, docs/decisions/0019): every count from 1
/// to <c>threshold − 1</c> is hidden (primary); where cells add up to a published total and only one of
/// them is hidden, the smallest other non-zero part is hidden too (secondary), repeated until no total
/// gives a hidden cell away; a share, rate or median is hidden with any count it comes from. Zeros are
/// shown: a count of none discloses no one's service.
/// </summary>
public static class Suppression
{
    public const string Mark = "[c]";

    public static string Note(int threshold) =>
        $"{Mark} confidential: a count from 1 to {threshold - 1} (Analysis:SuppressBelow = {threshold}), or a figure that would let one be worked out, is not published (ONS practice: primary and secondary suppression).";

    public static void Apply(AnalysisTable table, int threshold)
    {
        var hidden = table.Suppressed;
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
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var group in table.Groups)
            {
                if (hidden.Contains(group.Total) || group.Parts.Count(hidden.Contains) != 1)
                {
                    continue;
                }
                var next = group.Parts.Where(p => !hidden.Contains(p) && Value(table, p) > 0).OrderBy(p => Value(table, p)).ToList();
                hidden.Add(next.Count > 0 ? next[0] : group.Total);
                changed = true;
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

    private static long Value(AnalysisTable table, (int Row, int Column) cell) => table.Rows[cell.Row][cell.Column] switch
    {
        int i => i,
        long l => l,
        _ => 0,
    };
}
