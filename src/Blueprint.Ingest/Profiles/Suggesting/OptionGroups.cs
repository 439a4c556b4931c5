namespace Blueprint.Ingest.Profiles.Suggesting;

/// <summary>A one-column-per-option question: its question text, how its headers are built, and its option columns.</summary>
public sealed record OptionGroup(string Question, string OptionHeader, IReadOnlyList<(int Index, string Option)> Options, (int Index, string Option)? Other);

/// <summary>
/// Finds one-column-per-option layouts: two or more headers that share a question text followed by an option text
/// ("Setting - Community", "Setting: Online", "Setting [Custodial]"), whose cells hold only ticks (1, x, yes, the
/// option's own text) or nothing. A column whose cells hold other answers is a question of its own, whatever its
/// header. An "Other (please specify)" column of the group is its free-text column.
/// </summary>
public static class OptionGroups
{
    private sealed record Style(string Before, string After, string Template);

    private static readonly Style[] Styles =
    [
        new(" - ", "", "{column} - {option}"),
        new(" – ", "", "{column} – {option}"),
        new(": ", "", "{column}: {option}"),
        new(" | ", "", "{column} | {option}"),
        new(" [", "]", "{column} [{option}]"),
        new(" (", ")", "{column} ({option})"),
    ];

    private static readonly string[] Ticks = ["1", "x", "yes", "y", "true", "ticked", "selected", "checked", "✓", "✔", "0", "no", "n", "false", "-"];

    public static IReadOnlyList<OptionGroup> Find(ExportSample sample, ISet<int> skip)
    {
        var headers = sample.Headers;
        // Every way each header could be split into question and option, and how many headers share each question.
        var splits = new List<(int Index, Style Style, string Question, string Option)>();
        for (var i = 0; i < headers.Count; i++)
        {
            if (skip.Contains(i))
            {
                continue;
            }
            var header = headers[i].Trim();
            foreach (var style in Styles)
            {
                if (style.After.Length > 0 && !header.EndsWith(style.After, StringComparison.Ordinal))
                {
                    continue;
                }
                for (var at = header.IndexOf(style.Before, StringComparison.Ordinal); at > 0; at = header.IndexOf(style.Before, at + 1, StringComparison.Ordinal))
                {
                    var option = header[(at + style.Before.Length)..^style.After.Length].Trim();
                    if (option.Length > 0)
                    {
                        splits.Add((i, style, header[..at].Trim(), option));
                    }
                }
            }
        }
        var shared = splits.GroupBy(s => (s.Style, Key: HeaderKey.Of(s.Question))).ToDictionary(g => g.Key, g => g.Count());
        // Each header joins the most specific question (the longest) that at least one other header shares.
        var chosen = new Dictionary<int, (Style Style, string Question, string Option)>();
        foreach (var s in splits.OrderByDescending(s => s.Question.Length))
        {
            if (!chosen.ContainsKey(s.Index) && shared[(s.Style, HeaderKey.Of(s.Question))] >= 2 && LooksTicked(sample, s.Index, s.Option))
            {
                chosen[s.Index] = (s.Style, s.Question, s.Option);
            }
        }
        var groups = new List<OptionGroup>();
        foreach (var g in chosen.GroupBy(c => (c.Value.Style, Key: HeaderKey.Of(c.Value.Question))).OrderBy(g => g.Min(c => c.Key)))
        {
            var members = g.OrderBy(c => c.Key).Select(c => (Index: c.Key, c.Value.Option)).ToList();
            (int, string)? other = null;
            if (members.FirstOrDefault(m => IsOther(m.Option)) is { Option: not null } o)
            {
                other = o;
                members.Remove(o);
            }
            if (members.Count >= 2)
            {
                groups.Add(new OptionGroup(g.First().Value.Question, g.Key.Style.Template, members, other));
            }
        }
        // An "Other" column holds free text, so it is not "ticked": find it after the groups are known.
        return [.. groups.Select(group => group.Other is not null ? group : group with { Other = FindOther(headers, group, chosen.Keys, skip) })];
    }

    private static (int, string)? FindOther(IReadOnlyList<string> headers, OptionGroup group, IEnumerable<int> taken, ISet<int> skip)
    {
        var used = taken.ToHashSet();
        for (var i = 0; i < headers.Count; i++)
        {
            if (used.Contains(i) || skip.Contains(i))
            {
                continue;
            }
            var prefix = group.OptionHeader.Replace("{column}", group.Question, StringComparison.Ordinal);
            var cut = prefix.IndexOf("{option}", StringComparison.Ordinal);
            var before = prefix[..cut];
            var after = prefix[(cut + "{option}".Length)..];
            var header = headers[i].Trim();
            if (header.StartsWith(before, StringComparison.OrdinalIgnoreCase) && header.EndsWith(after, StringComparison.Ordinal) && header.Length > before.Length + after.Length)
            {
                var option = header[before.Length..^after.Length].Trim();
                if (IsOther(option))
                {
                    return (i, option);
                }
            }
        }
        return null;
    }

    public static bool IsOther(string option) => HeaderKey.Of(option) is var key && (key == "other" || key.StartsWith("other ", StringComparison.Ordinal));

    /// <summary>Whether the column's cells are all ticks, the option's text (or one other constant text), or empty.</summary>
    private static bool LooksTicked(ExportSample sample, int index, string option)
    {
        var key = HeaderKey.Of(option);
        var filled = 0;
        var ticks = 0;
        var texts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cell in sample.Cells(index))
        {
            if (cell.Length == 0)
            {
                continue;
            }
            filled++;
            if (Ticks.Contains(cell, StringComparer.OrdinalIgnoreCase) || HeaderKey.Of(cell) == key)
            {
                ticks++;
            }
            else
            {
                texts.Add(HeaderKey.Of(cell));
            }
        }
        // A ticked option holds a tick or one text throughout (the option's, perhaps as an earlier round worded it).
        return filled == 0 || texts.Count <= 1 ? !IsOther(option) : ticks >= 0.9 * filled;
    }
}
