using Blueprint.Data.Vocabularies;

namespace Blueprint.Ingest.Profiles.Suggesting;

/// <summary>A profile sent as text (an edited draft uploaded with an export): read and checked, or refused with the reason.</summary>
public static class ProfileText
{
    /// <summary>The longest profile text accepted.</summary>
    public const int MaxLength = 1024 * 1024;

    /// <summary>The longest profile name (it is recorded with the import).</summary>
    public const int MaxNameLength = 100;

    public static (MappingProfile? Profile, string? Error) Read(string text, VocabularyCatalog vocabularies)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, "The profile is empty.");
        }
        if (text.Length > MaxLength)
        {
            return (null, $"The profile is longer than {MaxLength / 1024} KB.");
        }
        MappingProfile profile;
        try
        {
            profile = MappingProfile.Parse(text);
        }
        catch (System.Text.Json.JsonException e)
        {
            return (null, $"The profile is not valid profile JSON (see data/profiles/README.md): {e.Message}");
        }
        catch (InvalidDataException e)
        {
            return (null, e.Message);
        }
        if (string.IsNullOrWhiteSpace(profile.Name) || profile.Name.Length > MaxNameLength)
        {
            return (null, $"The profile needs a name of at most {MaxNameLength} characters.");
        }
        if (profile.Fields is null || profile.DateFormats is null || profile.Fields.Values.Any(f => f is null || string.IsNullOrWhiteSpace(f.Column)))
        {
            return (null, "Every field of the profile needs a column.");
        }
        if (profile.Fields.Values.Any(f => f.Answers is null || f.Answers.Values.Any(t => t is null || t.Any(string.IsNullOrWhiteSpace))
            || f.Options?.Any(string.IsNullOrWhiteSpace) == true || f.OptionHeader is null || !f.OptionHeader.Contains("{option}", StringComparison.Ordinal)))
        {
            return (null, "A field of the profile has an empty answer or option text, or an optionHeader without {option}.");
        }
        var problems = ProfileBinding.Check(profile, vocabularies);
        return problems.Count > 0 ? (null, $"The profile {profile.Name} has mistakes: {string.Join(" ", problems)}") : (profile, null);
    }
}
