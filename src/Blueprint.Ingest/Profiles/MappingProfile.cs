using System.Text.Json;
using System.Text.Json.Serialization;

namespace Blueprint.Ingest.Profiles;

/// <summary>
/// A mapping profile (data/profiles/NAME.json): which column of an export feeds which Blueprint
/// field, how multi-choice answers are written, and which answer texts mean which vocabulary code.
/// A new survey round or survey tool needs a new profile, not new code. See data/profiles/README.md.
/// </summary>
public sealed class MappingProfile
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    /// <summary>The field separator; a comma unless the tool writes something else.</summary>
    public char Separator { get; init; } = ',';
    /// <summary>Publish consented, clean responses that name no area they serve (otherwise they are held back as needs-area).</summary>
    public bool AllowNoArea { get; init; }
    /// <summary>Date formats the tool writes (.NET custom formats), tried in order before the built-in ones.</summary>
    public List<string> DateFormats { get; init; } = [];
    /// <summary>Blueprint field name (see <see cref="Normalising.SurveyFields"/>) → where its answer is.</summary>
    public Dictionary<string, FieldMapping> Fields { get; init; } = [];

    /// <summary>Every column header the profile refers to, with the field that needs it.</summary>
    public IEnumerable<(string Field, string Header)> Columns()
    {
        foreach (var (field, map) in Fields)
        {
            foreach (var header in map.Headers())
            {
                yield return (field, header);
            }
        }
    }

    public static MappingProfile Load(string path)
    {
        using var stream = File.OpenRead(path);
        var profile = JsonSerializer.Deserialize<MappingProfile>(stream, JsonOptions)
            ?? throw new InvalidDataException($"{Path.GetFileName(path)} holds no profile.");
        return profile;
    }

    public static MappingProfile Parse(string json) =>
        JsonSerializer.Deserialize<MappingProfile>(json, JsonOptions) ?? throw new InvalidDataException("The profile is empty.");

    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };
}

/// <summary>Where one field's answer is found and how it is written.</summary>
public sealed class FieldMapping
{
    /// <summary>
    /// The column's header text (matched ignoring case, spacing and punctuation); with
    /// <see cref="Options"/>, the question text that starts each option column's header.
    /// </summary>
    public required string Column { get; init; }
    /// <summary>A row without an answer here is rejected.</summary>
    public bool Required { get; init; }
    /// <summary>Multi-choice in one cell: the text between answers (Microsoft Forms: ";").</summary>
    public string? Split { get; init; }
    /// <summary>
    /// One column per option: the option texts. Each option's column is headed
    /// <see cref="OptionHeader"/> ("{column} - {option}" unless said otherwise); a cell holding the
    /// option text, 1, x, yes or true means ticked.
    /// </summary>
    public List<string>? Options { get; init; }
    /// <summary>How an option column's header is built from the question and option texts.</summary>
    public string OptionHeader { get; init; } = "{column} - {option}";
    /// <summary>The option text of a separate free-text "Other (please specify)" column, if any.</summary>
    public string? Other { get; init; }
    /// <summary>
    /// The answer is personal data (beyond the fields that always are: the respondent's name, job title, e-mail and
    /// response id, contact details and free texts): erasure removes it with them (docs/decisions/0028).
    /// </summary>
    public bool Personal { get; init; }
    /// <summary>Answer texts that mean a code, beyond the vocabulary's own English and Welsh labels: code → texts.</summary>
    public Dictionary<string, List<string>> Answers { get; init; } = [];

    public string OptionColumn(string option) => OptionHeader.Replace("{column}", Column).Replace("{option}", option);

    public IEnumerable<string> Headers()
    {
        if (Options is null)
        {
            yield return Column;
            yield break;
        }
        foreach (var option in Options)
        {
            yield return OptionColumn(option);
        }
        if (Other is not null)
        {
            yield return OptionColumn(Other);
        }
    }
}
