using System.Text.Json;

namespace Blueprint.Data.Vocabularies;

/// <summary>The controlled vocabularies, loaded from data/vocabularies.json.</summary>
public sealed class VocabularyCatalog(IReadOnlyList<VocabularyTerm> terms)
{
    private readonly ILookup<string, VocabularyTerm> byVocabulary = terms.ToLookup(t => t.Vocabulary);

    public IReadOnlyList<VocabularyTerm> Terms { get; } = terms;

    public IEnumerable<VocabularyTerm> this[string vocabulary] => byVocabulary[vocabulary];

    public bool IsCode(string vocabulary, string code) => byVocabulary[vocabulary].Any(t => t.Code == code);

    public static VocabularyCatalog Load(string path)
    {
        using var stream = File.OpenRead(path);
        var file = JsonSerializer.Deserialize<VocabulariesFile>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidDataException($"{path} holds no vocabularies.");
        var terms = file.Vocabularies
            .SelectMany(v => v.Terms.Select((t, i) => new VocabularyTerm
            {
                Vocabulary = v.Name, Code = t.Code, LabelEn = t.LabelEn, LabelCy = t.LabelCy, SortOrder = i,
            }))
            .ToList();
        return new VocabularyCatalog(terms);
    }

    private sealed record VocabulariesFile(List<VocabularyFile> Vocabularies);
    private sealed record VocabularyFile(string Name, List<TermFile> Terms);
    private sealed record TermFile(string Code, string LabelEn, string LabelCy);
}
