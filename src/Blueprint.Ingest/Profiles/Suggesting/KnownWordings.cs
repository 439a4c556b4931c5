using Blueprint.Ingest.Normalising;

namespace Blueprint.Ingest.Profiles.Suggesting;

/// <summary>
/// The ways each Blueprint field's question is known to be worded: the question texts of the shipped profiles
/// (data/profiles), the field's own label, and a few wordings survey tools commonly use for their own columns.
/// </summary>
public sealed class KnownWordings
{
    private readonly Dictionary<string, List<(string Text, string[] Words)>> byField = new(StringComparer.Ordinal);

    public KnownWordings(IEnumerable<MappingProfile> profiles)
    {
        foreach (var field in SurveyFields.All)
        {
            Add(field.Name, field.Label);
        }
        foreach (var profile in profiles)
        {
            foreach (var (name, map) in profile.Fields)
            {
                if (SurveyFields.Find(name) is { } field)
                {
                    Add(field.Name, map.Column);
                }
            }
        }
        foreach (var (field, text) in ToolWordings)
        {
            Add(field, text);
        }
    }

    /// <summary>The wordings of one field.</summary>
    public IReadOnlyList<(string Text, string[] Words)> Of(string field) => byField.TryGetValue(field, out var list) ? list : [];

    /// <summary>How well a column's wording fits a field: 1 for a wording known exactly (ignoring case and punctuation), else the best similarity, a little lower.</summary>
    public double Fit(string field, string header, string[] words)
    {
        var key = HeaderKey.Of(header);
        var best = 0.0;
        foreach (var (text, known) in Of(field))
        {
            if (HeaderKey.Of(text) == key)
            {
                return 1;
            }
            best = Math.Max(best, 0.95 * Wording.Similarity(words, known));
        }
        return best;
    }

    private void Add(string field, string text)
    {
        if (!byField.TryGetValue(field, out var list))
        {
            byField[field] = list = [];
        }
        var words = Wording.Words(text);
        if (words.Length > 0 && !list.Any(w => HeaderKey.Of(w.Text) == HeaderKey.Of(text)))
        {
            list.Add((text, words));
        }
    }

    /// <summary>Columns survey tools write themselves (ids, times, respondents), worded as the common tools word them.</summary>
    private static readonly (string Field, string Text)[] ToolWordings =
    [
        ("responseId", "Respondent ID"), ("responseId", "Submission ID"), ("responseId", "Response number"),
        ("completedAt", "Submitted at"), ("completedAt", "Timestamp"), ("completedAt", "End date"), ("completedAt", "Date submitted"),
        ("respondentName", "Respondent name"), ("respondentName", "Contact name"),
        ("respondentEmail", "Respondent e-mail"), ("respondentEmail", "Contact e-mail"),
        ("respondentJobTitle", "Role"),
        ("interventionName", "Intervention name"), ("interventionName", "Programme name"),
        ("description", "Description"),
        ("areas", "Local authority areas covered"), ("areas", "Areas served"),
        ("fundingEnds", "Funding end date"),
    ];
}
