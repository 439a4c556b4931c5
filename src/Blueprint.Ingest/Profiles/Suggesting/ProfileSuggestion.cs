using System.Text.Json.Nodes;

namespace Blueprint.Ingest.Profiles.Suggesting;

/// <summary>One column of the export and the field it was matched to; <see cref="Option"/> for an option column of a one-column-per-option question.</summary>
public sealed record SuggestedColumn(string Column, string Field, double Confidence, string? Option = null)
{
    /// <summary>high (≥ 0.85), medium (≥ 0.65) or low: "low" and "medium" deserve a look.</summary>
    public string Level => ProfileSuggestion.Level(Confidence);
}

/// <summary>An answer text that matches no vocabulary term (nor, for places, any area; nor, for yes/no questions, yes or no).</summary>
public sealed record UnmatchedAnswer(string Field, string Text, int Count);

/// <summary>An answer text the draft maps to a vocabulary code because its wording is close to the term's: worth a look.</summary>
public sealed record ProposedAnswer(string Field, string Text, string Code, int Count);

/// <summary>A drafted profile for an export, and what the officer should check before using it.</summary>
public sealed class ProfileSuggestion
{
    public required MappingProfile Profile { get; init; }
    /// <summary>The draft in the data/profiles format.</summary>
    public required JsonObject ProfileJson { get; init; }
    /// <summary>The existing profile whose answers, date formats and required fields the draft starts from.</summary>
    public string? BasedOn { get; init; }
    public required IReadOnlyList<SuggestedColumn> Columns { get; init; }
    /// <summary>Headers matched to no field (a blank header is shown as "(column N)").</summary>
    public required IReadOnlyList<string> UnmatchedColumns { get; init; }
    public required IReadOnlyList<UnmatchedAnswer> UnmatchedAnswers { get; init; }
    public required IReadOnlyList<ProposedAnswer> ProposedAnswers { get; init; }
    /// <summary>Fields the base profile maps that no column matched.</summary>
    public required IReadOnlyList<string> UnmappedFields { get; init; }
    /// <summary>What stops the draft from being used as it is (an essential field without a column), in plain words.</summary>
    public required IReadOnlyList<string> Problems { get; init; }
    public required int RowsSampled { get; init; }

    public static string Level(double confidence) => confidence >= 0.85 ? "high" : confidence >= 0.65 ? "medium" : "low";
}
