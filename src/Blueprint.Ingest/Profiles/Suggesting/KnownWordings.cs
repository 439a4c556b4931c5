using Blueprint.Ingest.Normalising;

namespace Blueprint.Ingest.Profiles.Suggesting;

/// <summary>
/// The ways each Blueprint field's question is known to be worded: the question texts of the shipped profiles
/// (data/profiles), the field's own label, and a few wordings survey tools commonly use for their own columns.
/// </summary>
public sealed class KnownWordings
{
    private readonly Dictionary<string, List<(string Key, string[] Words)>> byField = new(StringComparer.Ordinal);

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
    public IReadOnlyList<(string Key, string[] Words)> Of(string field) => byField.TryGetValue(field, out var list) ? list : [];

    /// <summary>How well a column's wording (its <see cref="HeaderKey"/> and <see cref="Wording.Words(string)"/>) fits a field: 1 for a wording known exactly, else the best similarity, a little lower.</summary>
    public double Fit(string field, string key, string[] words)
    {
        var best = 0.0;
        foreach (var (knownKey, known) in Of(field))
        {
            if (knownKey == key)
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
        var key = HeaderKey.Of(text);
        if (words.Length > 0 && !list.Any(w => w.Key == key))
        {
            list.Add((key, words));
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
