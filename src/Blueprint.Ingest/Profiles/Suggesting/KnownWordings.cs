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
        foreach (var word in byField.Values.SelectMany(list => list.SelectMany(w => w.Words)).Distinct(StringComparer.Ordinal))
        {
            fieldsUsing[word] = byField.Count(f => f.Value.Any(w => w.Words.Contains(word)));
        }
    }

    /// <summary>For each word of a known wording, how many fields have a wording that uses it.</summary>
    private readonly Dictionary<string, int> fieldsUsing = new(StringComparer.Ordinal);

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
            var score = Wording.Similarity(words, known, containment: false);
            var (small, large) = words.Length <= known.Length ? (words, known) : (known, words);
            if (score < 1 && small.Length > 0 && small.All(large.Contains) && (small.Length >= 2 || fieldsUsing.GetValueOrDefault(small[0]) == 1))
            {
                // One wording holds all the other's words ("Stage" in "Stage of the justice system"); a single word
                // counts so only when no other field's wording uses it ("name" is in several).
                score = Math.Max(score, Wording.Contained(2.0 * small.Length / (small.Length + large.Length)));
            }
            best = Math.Max(best, 0.95 * score);
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
