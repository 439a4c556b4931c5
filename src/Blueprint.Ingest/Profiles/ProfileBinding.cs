using Blueprint.Data.Vocabularies;
using Blueprint.Ingest.Normalising;

namespace Blueprint.Ingest.Profiles;

/// <summary>One option column of a one-column-per-option question.</summary>
public sealed record OptionColumn(int Index, string Header, string Option);

/// <summary>A field of a profile tied to the columns of one file's header.</summary>
public sealed class FieldBinding
{
    public required SurveyField Field { get; init; }
    public required FieldMapping Mapping { get; init; }
    /// <summary>The column holding the answer (one column per question), or -1.</summary>
    public int Index { get; init; } = -1;
    /// <summary>The header of that column as the file writes it.</summary>
    public string Header { get; init; } = "";
    public IReadOnlyList<OptionColumn> Options { get; init; } = [];
    public OptionColumn? Other { get; init; }
    public AnswerMap? Answers { get; init; }
}

/// <summary>A profile applied to a file's header: every field knows its column, or the file is refused before any row is read.</summary>
public sealed class ProfileBinding
{
    private ProfileBinding(MappingProfile profile, IReadOnlyList<FieldBinding> fields)
    {
        Profile = profile;
        Fields = fields;
    }

    public MappingProfile Profile { get; }
    public IReadOnlyList<FieldBinding> Fields { get; }

    /// <summary>Headers the profile needs that the file lacks (empty when the profile fits).</summary>
    public static IReadOnlyList<string> MissingColumns(MappingProfile profile, IReadOnlyList<string> headers)
    {
        var index = HeaderIndex(headers);
        return profile.Columns().Select(c => c.Header).Where(h => !index.ContainsKey(HeaderKey.Of(h))).Distinct().ToList();
    }

    /// <summary>How many of the profile's columns the header has, out of how many it needs.</summary>
    public static (int Found, int Needed) Fit(MappingProfile profile, IReadOnlyList<string> headers)
    {
        var index = HeaderIndex(headers);
        var columns = profile.Columns().Select(c => HeaderKey.Of(c.Header)).Distinct().ToList();
        return (columns.Count(index.ContainsKey), columns.Count);
    }

    /// <summary>Checks the profile itself (field names, codes): problems that are the profile's fault, not the file's.</summary>
    public static IReadOnlyList<string> Check(MappingProfile profile, VocabularyCatalog vocabularies)
    {
        var problems = new List<string>();
        foreach (var (name, map) in profile.Fields)
        {
            if (SurveyFields.Find(name) is not { } field)
            {
                problems.Add($"'{name}' is not a Blueprint field (see data/profiles/README.md for the list).");
                continue;
            }
            if (field.Vocabulary is { } vocabulary)
            {
                foreach (var code in map.Answers.Keys.Where(c => !vocabularies.IsCode(vocabulary, c)))
                {
                    problems.Add($"{name}: '{code}' is not a code of the {vocabulary} vocabulary.");
                }
            }
            else if (map.Answers.Count > 0)
            {
                problems.Add($"{name}: answers are given but the field has no vocabulary.");
            }
            if (map.Split is not null && map.Options is not null)
            {
                problems.Add($"{name}: give either split or options, not both.");
            }
        }
        foreach (var essential in SurveyFields.Essential.Where(e => !profile.Fields.Keys.Contains(e, StringComparer.OrdinalIgnoreCase)))
        {
            problems.Add($"The profile must map {essential}.");
        }
        return problems;
    }

    /// <summary>Ties the profile to the header. Call <see cref="MissingColumns"/> and <see cref="Check"/> first.</summary>
    public static ProfileBinding Bind(MappingProfile profile, IReadOnlyList<string> headers, VocabularyCatalog vocabularies)
    {
        var index = HeaderIndex(headers);
        var fields = new List<FieldBinding>();
        foreach (var (name, map) in profile.Fields)
        {
            var field = SurveyFields.Find(name) ?? throw new InvalidDataException($"'{name}' is not a Blueprint field.");
            var answers = field.Vocabulary is { } v ? new AnswerMap(v, vocabularies, map.Answers) : null;
            if (map.Options is null)
            {
                var i = index[HeaderKey.Of(map.Column)];
                fields.Add(new FieldBinding { Field = field, Mapping = map, Index = i, Header = headers[i], Answers = answers });
            }
            else
            {
                var options = map.Options.Select(o => { var i = index[HeaderKey.Of(map.OptionColumn(o))]; return new OptionColumn(i, headers[i], o); }).ToList();
                OptionColumn? other = null;
                if (map.Other is not null)
                {
                    var i = index[HeaderKey.Of(map.OptionColumn(map.Other))];
                    other = new OptionColumn(i, headers[i], map.Other);
                }
                fields.Add(new FieldBinding { Field = field, Mapping = map, Header = map.Column, Options = options, Other = other, Answers = answers });
            }
        }
        return new ProfileBinding(profile, fields);
    }

    private static Dictionary<string, int> HeaderIndex(IReadOnlyList<string> headers)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < headers.Count; i++)
        {
            index.TryAdd(HeaderKey.Of(headers[i]), i);
        }
        return index;
    }
}
