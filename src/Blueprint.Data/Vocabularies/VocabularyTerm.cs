namespace Blueprint.Data.Vocabularies;

/// <summary>One term of a controlled vocabulary (data/vocabularies.json): a stable code with English and Welsh labels.</summary>
public class VocabularyTerm
{
    public required string Vocabulary { get; set; }
    public required string Code { get; set; }
    public required string LabelEn { get; set; }
    public required string LabelCy { get; set; }
    public int SortOrder { get; set; }
}
