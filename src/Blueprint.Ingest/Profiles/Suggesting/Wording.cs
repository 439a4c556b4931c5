using System.Text.RegularExpressions;

namespace Blueprint.Ingest.Profiles.Suggesting;

/// <summary>
/// How close two question (or answer) wordings are, for <see cref="ProfileSuggester"/>: case, accents, punctuation and
/// spacing ignored (as <see cref="HeaderKey"/>), instruction suffixes such as "(tick all that apply)" and question
/// numbers dropped, small words ignored, plurals and a few survey synonyms read as one word, and word order ignored.
/// Misspellings are caught by comparing letter triples. 1 means the same wording, 0 nothing in common.
/// </summary>
public static partial class Wording
{
    /// <summary>The words that carry a wording's meaning, in a canonical spelling.</summary>
    public static string[] Words(string text) => Words(text, question: true);

    /// <summary>The words of an answer text: as a question's, but numbers at the start are kept ("10 to 17").</summary>
    public static string[] AnswerWords(string text) => Words(text, question: false);

    private static string[] Words(string text, bool question)
    {
        var plain = question ? Numbering().Replace(Instructions().Replace(text, " "), "") : text;
        var key = HeaderKey.Of(plain).Replace("e mail", "email", StringComparison.Ordinal).Replace("post code", "postcode", StringComparison.Ordinal);
        var words = new List<string>();
        foreach (var raw in key.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var word = Canonical(raw);
            if (word.Length > 0 && !StopWords.Contains(word) && !words.Contains(word))
            {
                words.Add(word);
            }
        }
        return [.. words];
    }

    /// <summary>How alike two wordings are, from 0 to 1 (1 for the same words in any order).</summary>
    public static double Similarity(string a, string b) => Similarity(Words(a), Words(b));

    public static double Similarity(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }
        var common = a.Count(b.Contains);
        var dice = 2.0 * common / (a.Count + b.Count);
        if (dice >= 1)
        {
            return 1;
        }
        if (common == Math.Min(a.Count, b.Count))
        {
            // One wording holds all the other's words ("Stage" in "Stage of the justice system"): closer than the count says.
            dice = 0.55 + 0.45 * dice;
        }
        // Letter triples of the sorted words catch misspellings and words run together; they count a little less.
        var letters = Trigrams(string.Join(' ', a.Order(StringComparer.Ordinal)), string.Join(' ', b.Order(StringComparer.Ordinal)));
        return Math.Max(dice, 0.9 * letters);
    }

    private static double Trigrams(string a, string b)
    {
        if (a.Length < 3 || b.Length < 3)
        {
            return a == b ? 1 : 0;
        }
        var left = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 3 <= a.Length; i++)
        {
            left.Add(a.Substring(i, 3));
        }
        var right = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 3 <= b.Length; i++)
        {
            right.Add(b.Substring(i, 3));
        }
        var common = left.Count(right.Contains);
        return 2.0 * common / (left.Count + right.Count);
    }

    private static string Canonical(string word)
    {
        if (Synonyms.TryGetValue(word, out var canonical))
        {
            return canonical;
        }
        var singular = word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal) ? word[..^3] + "y"
            : word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) ? word[..^1]
            : word;
        return Synonyms.GetValueOrDefault(singular, singular);
    }

    /// <summary>Words a question's meaning does not rest on.</summary>
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "of", "to", "is", "it", "in", "for", "your", "you", "this", "that", "what", "which", "does", "do",
        "are", "be", "by", "on", "with", "and", "or", "if", "any", "we", "our", "please", "who", "how", "there", "its",
        "s", "q", "question", "at", "from", "has", "have", "been", "can", "will", "i", "my", "than", "may", "about", "also", "these",
        "those", "all", "get", "currently", "would", "should", "us",
    };

    /// <summary>Spellings and near-synonyms that surveys use for the same thing, read as one word.</summary>
    private static readonly Dictionary<string, string> Synonyms = new(StringComparer.Ordinal)
    {
        ["organization"] = "organisation", ["organisations"] = "organisation", ["org"] = "organisation", ["agency"] = "organisation", ["provider"] = "organisation",
        ["programme"] = "intervention", ["program"] = "intervention", ["project"] = "intervention", ["service"] = "intervention", ["scheme"] = "intervention", ["course"] = "intervention",
        ["interventions"] = "intervention",
        ["respondent"] = "response", ["answer"] = "response", ["submission"] = "response", ["entry"] = "response", ["record"] = "response",
        ["identifier"] = "id", ["ref"] = "id", ["reference"] = "id",
        ["completion"] = "completed", ["submitted"] = "completed", ["finished"] = "completed", ["ended"] = "completed", ["end"] = "completed", ["complete"] = "completed",
        ["timestamp"] = "time", ["date"] = "time", ["datetime"] = "time",
        ["aim"] = "purpose", ["objective"] = "purpose", ["goal"] = "purpose",
        ["type"] = "form", ["kind"] = "form",
        ["environment"] = "setting",
        ["funded"] = "funding", ["funder"] = "funding", ["fund"] = "funding",
        ["evaluate"] = "evaluated", ["evaluation"] = "evaluated", ["assessed"] = "evaluated",
        ["accredited"] = "accreditation", ["standard"] = "accreditation", ["standards"] = "accreditation",
        ["referral"] = "refer", ["referred"] = "refer", ["referring"] = "refer", ["pathway"] = "route",
        ["language"] = "language", ["delivery"] = "delivered", ["deliver"] = "delivered", ["run"] = "delivered", ["offered"] = "delivered",
        ["location"] = "where", ["locations"] = "where", ["county"] = "area",
        ["wait"] = "waiting", ["waitlist"] = "waiting",
        ["sex"] = "gender", ["ages"] = "age",
        ["capacity"] = "place", ["space"] = "place", ["annual"] = "year", ["annually"] = "year", ["yearly"] = "year", ["per"] = "",
        ["duration"] = "length", ["long"] = "length",
        ["weekly"] = "week",
        ["describe"] = "description", ["summary"] = "description", ["overview"] = "description", ["brief"] = "",
        ["challenge"] = "barrier", ["difficulty"] = "barrier", ["obstacle"] = "barrier",
        ["outcomes"] = "outcome", ["measured"] = "measure", ["measurement"] = "measure",
        ["cohort"] = "group", ["specific"] = "group",
        ["list"] = "publish", ["listed"] = "publish", ["include"] = "publish", ["display"] = "publish", ["published"] = "publish",
        ["contacted"] = "contact", ["email"] = "email", ["mail"] = "email",
        ["family"] = "partner", ["families"] = "partner", ["expartner"] = "partner",
        ["secure"] = "funding", ["until"] = "ending", ["ends"] = "ending", ["expire"] = "ending", ["expires"] = "ending",
        ["phone"] = "contact", ["telephone"] = "contact", ["website"] = "contact", ["web"] = "contact",
        ["role"] = "job", ["position"] = "job",
        ["risks"] = "risk",
    };

    /// <summary>Instructions and markers a tool adds to a question: "(tick all that apply)", "[select one]", a trailing "*".</summary>
    [GeneratedRegex(@"[\(\[][^\)\]]*\b(tick|select|choose|check|apply|applies|optional|required|please|multiple|one answer|one only)\b[^\)\]]*[\)\]]|\*+\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Instructions();

    /// <summary>A question number at the start: "Q12.", "12)", "3 -".</summary>
    [GeneratedRegex(@"^\s*(q\s*)?\d+[\.\):\-]?\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Numbering();
}
