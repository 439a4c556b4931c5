namespace Blueprint.Data.Survey;

/// <summary>
/// A survey round: one run of the survey (its name, the tool that collected it, when it opened and closed,
/// and the mapping profile its exports use). Every import belongs to one. Retention of the staged rows
/// counts from <see cref="ClosesOn"/> (see <c>Survey:KeepResponsesMonthsAfterClose</c>).
/// </summary>
public class SurveyRound
{
    /// <summary>The round every import made before rounds existed was moved into (created by the migration).</summary>
    public const int BeforeRoundsId = 1;
    public const int MaxName = 200;
    public const int MaxTool = 100;

    public int Id { get; set; }
    /// <summary>Unique, e.g. "2026 spring round".</summary>
    public required string Name { get; set; }
    /// <summary>The survey tool (Microsoft Forms, SmartSurvey, …).</summary>
    public string? Tool { get; set; }
    public DateOnly? OpensOn { get; set; }
    public DateOnly? ClosesOn { get; set; }
    /// <summary>The mapping profile its exports use by default (data/profiles/NAME.json); null to choose by header.</summary>
    public string? Profile { get; set; }

    /// <summary>Open on <paramref name="day"/>: opened on or before it and not closed before it.</summary>
    public bool IsOpenOn(DateOnly day) => OpensOn is { } opens && opens <= day && (ClosesOn is not { } closes || closes >= day);

    /// <summary>What is wrong with the round's fields, as (field, message); empty when nothing is.</summary>
    public List<(string Target, string Message)> Check()
    {
        var problems = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            problems.Add(("name", "Give the round a name."));
        }
        else if (Name.Length > MaxName)
        {
            problems.Add(("name", $"The name may be at most {MaxName} characters long."));
        }
        else if (int.TryParse(Name, out _))
        {
            problems.Add(("name", "A round's name cannot be a number alone (numbers name rounds by id)."));
        }
        if (Tool is { Length: > MaxTool })
        {
            problems.Add(("tool", $"The tool may be at most {MaxTool} characters long."));
        }
        if (OpensOn is { } o && ClosesOn is { } c && c < o)
        {
            problems.Add(("closesOn", "The round cannot close before it opens."));
        }
        if (Profile is { } p && (p.Length > 100 || p.Contains('/') || p.Contains('\\') || p.Contains("..", StringComparison.Ordinal)))
        {
            problems.Add(("profile", "Name a profile from data/profiles by its name."));
        }
        return problems;
    }
}
