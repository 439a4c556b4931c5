using Blueprint.Data.Vocabularies;
using Blueprint.Ingest.Profiles;

namespace Blueprint.Ingest.Normalising;

/// <summary>Answer texts → the codes of one vocabulary: the code itself, its English and Welsh labels, and the profile's synonyms.</summary>
public sealed class AnswerMap
{
    private readonly Dictionary<string, string> byKey = new(StringComparer.Ordinal);

    public AnswerMap(string vocabulary, VocabularyCatalog catalog, IReadOnlyDictionary<string, List<string>> synonyms)
    {
        Vocabulary = vocabulary;
        foreach (var term in catalog[vocabulary])
        {
            byKey.TryAdd(HeaderKey.Of(term.Code), term.Code);
            byKey.TryAdd(HeaderKey.Of(term.LabelEn), term.Code);
            byKey.TryAdd(HeaderKey.Of(term.LabelCy), term.Code);
        }
        foreach (var (code, texts) in synonyms)
        {
            if (!catalog.IsCode(vocabulary, code))
            {
                throw new InvalidDataException($"'{code}' is not a code of the {vocabulary} vocabulary.");
            }
            foreach (var text in texts)
            {
                // A profile's synonym wins over a label that happens to read the same.
                byKey[HeaderKey.Of(text)] = code;
            }
        }
        HasOther = catalog.IsCode(vocabulary, "other");
    }

    public string Vocabulary { get; }

    /// <summary>Whether the vocabulary has an "other" code that unlisted answers fall into.</summary>
    public bool HasOther { get; }

    private readonly BoundedMemo<string?> seen = new(10_000);

    public string? CodeOf(string answer) => seen.Get(answer, byKey, static (map, a) => map.GetValueOrDefault(HeaderKey.Of(a)));
}
