namespace Blueprint.Api.Analysis;

/// <summary>
/// An analysis table as the dashboard reads it (<c>GET /api/analysis/{table}.json</c>): one object per row keyed
/// by column name, with the same cells as the CSV and XLSX files; a cell hidden for publication is null and
/// named in its row's <c>Suppressed</c>, so the dashboard can mark it (<c>[c]</c>) with the note.
/// </summary>
public sealed record TableJson(string Table, int Round, int? SuppressBelow, IReadOnlyList<string> Columns,
    IReadOnlyList<Dictionary<string, object?>> Rows, IReadOnlyList<string> Notes)
{
    public static TableJson Of(AnalysisTable table, int round, int? suppressBelow)
    {
        var rows = new List<Dictionary<string, object?>>(table.Rows.Count);
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var row = new Dictionary<string, object?>(table.Columns.Count + 1);
            var hidden = new List<string>();
            for (var c = 0; c < table.Columns.Count; c++)
            {
                var name = table.Columns[c].Name;
                if (table.Suppressed.Contains((r, c)))
                {
                    hidden.Add(name);
                    row[name] = null;
                }
                else
                {
                    row[name] = table.Rows[r][c];
                }
            }
            row["Suppressed"] = hidden;
            rows.Add(row);
        }
        return new TableJson(table.Name, round, suppressBelow, table.Columns.Select(c => c.Name).ToList(), rows, table.Notes);
    }
}
