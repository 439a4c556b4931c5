using Blueprint.Data.Vocabularies;
using Blueprint.Ingest.Normalising;

namespace Blueprint.Ingest.Profiles.Suggesting;

/// <summary>
/// What a column's answers say: how well they fit a field (evidence for matching), how a multi-choice cell separates
/// its answers, and which answer texts match no vocabulary term (mapped to the closest term when it is plainly close,
/// else listed). Answers are compared as the import compares them (<see cref="AnswerMap"/>), with the synonyms of the
/// existing profiles.
/// </summary>
public sealed class AnswerProposer
{
    private static readonly string[] Ticks = ["1", "x", "yes", "y", "true", "ticked", "selected", "checked", "✓", "✔"];
    private static readonly string[] NotTicked = ["0", "no", "n", "false", "-"];
    private static readonly char[] Pieces = [';', '|', '\n'];

    /// <summary>At most this many different answer texts of a column are looked at.</summary>
    private const int MaxTexts = 500;

    private readonly VocabularyCatalog vocabularies;
    private readonly AreaAnswers areas;
    private readonly Dictionary<string, Dictionary<string, List<string>>> known = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AnswerMap> maps = new(StringComparer.Ordinal);

    public AnswerProposer(IReadOnlyList<MappingProfile> profiles, VocabularyCatalog vocabularies, AreaAnswers areas)
    {
        this.vocabularies = vocabularies;
        this.areas = areas;
        foreach (var field in SurveyFields.All.Where(f => f.Vocabulary is not null))
        {
            var union = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var profile in profiles)
            {
                if (profile.Fields.GetValueOrDefault(field.Name) is not { } map)
                {
                    continue;
                }
                foreach (var (code, texts) in map.Answers.Where(a => vocabularies.IsCode(field.Vocabulary!, a.Key)))
                {
                    var list = union.TryGetValue(code, out var l) ? l : union[code] = [];
                    list.AddRange(texts.Where(t => !list.Contains(t, StringComparer.OrdinalIgnoreCase)));
                }
            }
            known[field.Name] = union;
            maps[field.Name] = new AnswerMap(field.Vocabulary!, vocabularies, union);
        }
    }

    /// <summary>The answers a draft field starts with: the base profile's, else those of every existing profile.</summary>
    public Dictionary<string, List<string>> Start(SurveyField field, FieldMapping? old)
    {
        if (field.Vocabulary is null)
        {
            return [];
        }
        var source = old is not null && old.Answers.Keys.All(c => vocabularies.IsCode(field.Vocabulary, c)) ? old.Answers : known[field.Name];
        return source.ToDictionary(a => a.Key, a => a.Value.ToList(), StringComparer.Ordinal);
    }

    /// <summary>From −0.2 to +0.2: how much a column's cells (or a group's option texts) look like answers to the field.</summary>
    public double Evidence(ExportSample sample, int index, OptionGroup? group, SurveyField field)
    {
        if (group is not null)
        {
            var rate = MatchRate(field, group.Options.Select(o => o.Option).ToList());
            return rate == 0 ? -0.1 : 0.2 * rate;
        }
        var cells = sample.Cells(index).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).Take(MaxTexts).ToList();
        if (cells.Count == 0)
        {
            return sample.Rows.Count > 0 ? -0.1 : 0;
        }
        double Share(Func<string, bool> test) => (double)cells.Count(test) / cells.Count;
        double Graded(double share, double low, double penalty) => share >= 0.8 ? 0.1 : share < low ? penalty : 0;
        return field.Kind switch
        {
            FieldKind.DateTime => Graded(Share(c => LooseDates.DateTimeOf(c, []) is not null), 0.2, -0.2),
            FieldKind.Email => Graded(Share(c => c.Contains('@') && !c.Contains(' ')), 0.2, -0.2),
            FieldKind.YesNo => Graded(Share(c => ResponseNormaliser.YesNo(c) is not null), 0.3, -0.15),
            FieldKind.Code => 0.2 * MatchRate(field, cells),
            FieldKind.Codes or FieldKind.Areas => 0.2 * MatchRate(field, [.. cells.SelectMany(c => c.Split(Pieces, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))]),
            _ => 0,
        };
    }

    /// <summary>The share of the texts that are answers the import understands for the field.</summary>
    public double MatchRate(SurveyField field, IReadOnlyList<string> texts)
    {
        if (texts.Count == 0)
        {
            return 0;
        }
        if (field.Kind is FieldKind.Areas)
        {
            return (double)texts.Count(t => areas.Resolve(t).Areas.Count > 0) / texts.Count;
        }
        return maps.TryGetValue(field.Name, out var map) ? (double)texts.Count(t => map.CodeOf(t) is { } code && code != "other") / texts.Count : 0;
    }

    /// <summary>
    /// The text between the answers of a multi-choice cell: the old profile's when the cells hold it; else ";", "|" or a
    /// line break when a fifth of the answers hold it; else "," when splitting at commas makes more answers understood.
    /// </summary>
    public static string? Separator(ExportSample sample, int index, string? old, SurveyField field, AnswerProposer answers)
    {
        var cells = sample.Cells(index).Where(c => c.Length > 0).Take(MaxTexts * 4).ToList();
        if (cells.Count == 0)
        {
            return old;
        }
        double Share(string s) => (double)cells.Count(c => c.Contains(s, StringComparison.Ordinal)) / cells.Count;
        if (old is { Length: > 0 } && Share(old) > 0)
        {
            return old;
        }
        foreach (var candidate in new[] { ";", "|", "\n" })
        {
            if (Share(candidate) >= 0.2)
            {
                return candidate;
            }
        }
        if (Share(",") >= 0.2)
        {
            var whole = answers.MatchRate(field, cells);
            var split = answers.MatchRate(field, [.. cells.SelectMany(c => c.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))]);
            if (split > whole)
            {
                return ",";
            }
        }
        return old;
    }

    /// <summary>
    /// Reads the answer texts of a matched column (or option group) with the draft's synonyms: a text matching no term
    /// is added to <paramref name="synonyms"/> under the closest term when that is plainly close (and listed in
    /// <paramref name="proposed"/>), else listed in <paramref name="unmatched"/> with how often it occurs.
    /// </summary>
    public void Review(ExportSample sample, int index, OptionGroup? group, string? split, SurveyField field,
        Dictionary<string, List<string>> synonyms, List<ProposedAnswer> proposed, List<UnmatchedAnswer> unmatched)
    {
        if (field.Vocabulary is null && field.Kind is not (FieldKind.Areas or FieldKind.YesNo))
        {
            return;
        }
        var counts = new Dictionary<string, (string Text, int Count)>(StringComparer.Ordinal);
        void Count(string text)
        {
            var key = HeaderKey.Of(text);
            if (key.Length > 0)
            {
                counts[key] = counts.TryGetValue(key, out var c) ? (c.Text, c.Count + 1) : (text, 1);
            }
        }
        if (group is null)
        {
            foreach (var cell in sample.Cells(index).Where(c => c.Length > 0))
            {
                foreach (var piece in split is null || field.Kind is FieldKind.Code ? [cell] : cell.Split(split, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    Count(piece);
                }
            }
        }
        else
        {
            foreach (var (column, option) in group.Options)
            {
                foreach (var cell in sample.Cells(column).Where(c => c.Length > 0 && !NotTicked.Contains(c, StringComparer.OrdinalIgnoreCase)))
                {
                    Count(Ticks.Contains(cell, StringComparer.OrdinalIgnoreCase) ? option : cell);
                }
            }
            if (group.Other is { } other)
            {
                foreach (var cell in sample.Cells(other.Index).Where(c => c.Length > 0 && !Ticks.Contains(c, StringComparer.OrdinalIgnoreCase)))
                {
                    foreach (var piece in cell.Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        Count(piece);
                    }
                }
            }
        }
        var texts = counts.Values.OrderByDescending(c => c.Count).ThenBy(c => c.Text, StringComparer.Ordinal).Take(MaxTexts).ToList();
        if (field.Kind is FieldKind.Areas)
        {
            unmatched.AddRange(texts.Where(t => areas.Resolve(t.Text).Areas.Count == 0).Select(t => new UnmatchedAnswer(field.Name, t.Text, t.Count)));
            return;
        }
        if (field.Kind is FieldKind.YesNo)
        {
            unmatched.AddRange(texts.Where(t => ResponseNormaliser.YesNo(t.Text) is null).Select(t => new UnmatchedAnswer(field.Name, t.Text, t.Count)));
            return;
        }
        var map = new AnswerMap(field.Vocabulary!, vocabularies, synonyms);
        var added = new List<(string Code, string Text)>();
        foreach (var (text, count) in texts)
        {
            if (map.CodeOf(text) is not null)
            {
                continue;
            }
            if (Closest(field.Vocabulary!, text, synonyms) is { } code)
            {
                added.Add((code, text));
                proposed.Add(new ProposedAnswer(field.Name, text, code, count));
            }
            else
            {
                unmatched.Add(new UnmatchedAnswer(field.Name, text, count));
            }
        }
        foreach (var (code, text) in added)
        {
            (synonyms.TryGetValue(code, out var list) ? list : synonyms[code] = []).Add(text);
        }
    }

    /// <summary>The term an answer text plainly means: its wording close to the term's label, code or a synonym (0.6 or more), and clearly closer than to any other term.</summary>
    private string? Closest(string vocabulary, string text, Dictionary<string, List<string>> synonyms)
    {
        var words = Wording.AnswerWords(text);
        var scores = new List<(string Code, double Score)>();
        foreach (var term in vocabularies[vocabulary].Where(t => t.Code != "other"))
        {
            var candidates = new[] { term.LabelEn, term.LabelCy, term.Code.Replace('-', ' ') }.Concat(synonyms.GetValueOrDefault(term.Code) ?? []);
            scores.Add((term.Code, candidates.Max(c => Wording.Similarity(words, Wording.AnswerWords(c)))));
        }
        var ranked = scores.OrderByDescending(s => s.Score).ToList();
        return ranked.Count > 0 && ranked[0].Score >= 0.6 && (ranked.Count == 1 || ranked[0].Score - ranked[1].Score >= 0.08) ? ranked[0].Code : null;
    }
}
