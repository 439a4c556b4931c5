using System.Text.Json;

namespace Blueprint.Data.Vocabularies;

/// <summary>The controlled vocabularies, loaded from data/vocabularies.json.</summary>
public sealed class VocabularyCatalog(IReadOnlyList<VocabularyTerm> terms, IReadOnlyDictionary<string, (string En, string Cy)>? names = null)
{
    private readonly ILookup<string, VocabularyTerm> byVocabulary = terms.ToLookup(t => t.Vocabulary);

    public IReadOnlyList<VocabularyTerm> Terms { get; } = terms;

    /// <summary>Each vocabulary's own name in English and Welsh ("purpose": Purpose, Diben), in file order.</summary>
    public IReadOnlyDictionary<string, (string En, string Cy)> Names { get; } = names ?? new Dictionary<string, (string En, string Cy)>();

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
        var names = file.Vocabularies.ToDictionary(v => v.Name, v => (v.LabelEn ?? v.Name, v.LabelCy ?? v.LabelEn ?? v.Name));
        return new VocabularyCatalog(terms, names);
    }

    private sealed record VocabulariesFile(List<VocabularyFile> Vocabularies);
    private sealed record VocabularyFile(string Name, List<TermFile> Terms, string? LabelEn = null, string? LabelCy = null);
    private sealed record TermFile(string Code, string LabelEn, string LabelCy);
}
