using static System.FormattableString;

namespace Blueprint.Ingest.Profiles.Suggesting;

/// <summary>The review printed by <c>profile suggest</c>: what was matched and how surely, and what the officer should still check.</summary>
public static class ReviewTable
{
    public static void Write(TextWriter output, ProfileSuggestion s)
    {
        output.WriteLine(s.BasedOn is null
            ? Invariant($"Draft profile {s.Profile.Name} (no existing profile is close; {s.RowsSampled:N0} rows looked at)")
            : Invariant($"Draft profile {s.Profile.Name}, starting from {s.BasedOn} ({s.RowsSampled:N0} rows looked at)"));
        output.WriteLine();
        var width = Math.Min(60, s.Columns.Select(c => Shorten(c.Column).Length).DefaultIfEmpty(6).Max());
        output.WriteLine($"  {"column".PadRight(width)}  {"field",-20} confidence");
        foreach (var c in s.Columns)
        {
            var check = c.Level == "high" ? "" : "  <- check";
            output.WriteLine(Invariant($"  {Shorten(c.Column).PadRight(width)}  {c.Field,-20} {c.Confidence,4:0.00} {c.Level}{check}"));
        }
        if (s.UnmatchedColumns.Count > 0)
        {
            output.WriteLine();
            output.WriteLine(Invariant($"Columns matched to no field ({s.UnmatchedColumns.Count}): they are ignored by the import"));
            foreach (var column in s.UnmatchedColumns.Take(100))
            {
                output.WriteLine($"  {Shorten(column)}");
            }
            if (s.UnmatchedColumns.Count > 100)
            {
                output.WriteLine(Invariant($"  … and {s.UnmatchedColumns.Count - 100:N0} more"));
            }
        }
        if (s.UnmappedFields.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"Fields {s.BasedOn} maps that no column matched: {string.Join(", ", s.UnmappedFields)}");
        }
        if (s.ProposedAnswers.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Answer texts mapped to the closest vocabulary term (check them):");
            foreach (var a in s.ProposedAnswers)
            {
                output.WriteLine(Invariant($"  {a.Field,-20} {Shorten(a.Text)} -> {a.Code} ({a.Count:N0} times)"));
            }
        }
        if (s.UnmatchedAnswers.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Answer texts that match no term (kept as 'other' where the vocabulary has one, else the row is rejected; add them to \"answers\" if they mean a term):");
            foreach (var a in s.UnmatchedAnswers.Take(200))
            {
                output.WriteLine(Invariant($"  {a.Field,-20} {Shorten(a.Text)} ({a.Count:N0} times)"));
            }
        }
        foreach (var problem in s.Problems)
        {
            output.WriteLine();
            output.WriteLine($"Problem: {problem}");
        }
    }

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 60 ? line : string.Concat(line.AsSpan(0, 57), "...");
    }
}
