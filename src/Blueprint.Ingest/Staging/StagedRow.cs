using System.Globalization;
using System.Text;
using Blueprint.Data.Survey;

namespace Blueprint.Ingest.Staging;

/// <summary>
/// A staged response on its way to the <see cref="SurveyResponse"/> table: the same columns, with the
/// three JSON documents kept as the UTF-8 bytes they were written as (SQLite stores them as they are;
/// they are half the size of .NET strings while rows wait in the pipeline).
/// </summary>
internal sealed class StagedRow
{
    public int ImportId;
    public int RowNumber;
    public required string ContentHash;
    public required byte[] RawRow;
    public byte[]? Normalised;
    public byte[]? Problems;
    public string Outcome = SurveyOutcomes.Rejected;
    public int? DuplicateOfRow;
    public string? OrganisationName;
    public string? InterventionName;
    public DateTime? CompletedAt;
    public string? RespondentName;
    public string? RespondentJobTitle;
    public string? RespondentEmail;
    public bool? ConsentToPublish;
    public bool? ConsentToContact;
    public int? MatchedInterventionId;

    /// <summary>The value of a <see cref="SurveyResponse"/> column (by property name): JSON as UTF-8 bytes, the rest as the CLR value.</summary>
    public object? Value(string column) => column switch
    {
        nameof(SurveyResponse.ImportId) => ImportId,
        nameof(SurveyResponse.RowNumber) => RowNumber,
        nameof(SurveyResponse.ContentHash) => ContentHash,
        nameof(SurveyResponse.RawRow) => RawRow,
        nameof(SurveyResponse.Normalised) => Normalised,
        nameof(SurveyResponse.Problems) => Problems,
        nameof(SurveyResponse.Outcome) => Outcome,
        nameof(SurveyResponse.DuplicateOfRow) => DuplicateOfRow,
        nameof(SurveyResponse.OrganisationName) => OrganisationName,
        nameof(SurveyResponse.InterventionName) => InterventionName,
        nameof(SurveyResponse.CompletedAt) => CompletedAt,
        nameof(SurveyResponse.RespondentName) => RespondentName,
        nameof(SurveyResponse.RespondentJobTitle) => RespondentJobTitle,
        nameof(SurveyResponse.RespondentEmail) => RespondentEmail,
        nameof(SurveyResponse.ConsentToPublish) => ConsentToPublish,
        nameof(SurveyResponse.ConsentToContact) => ConsentToContact,
        nameof(SurveyResponse.MatchedInterventionId) => MatchedInterventionId,
        // Set when a response is published, never while it is staged.
        nameof(SurveyResponse.PublishedInterventionId) or nameof(SurveyResponse.PublishedAt) => null,
        _ => throw new InvalidOperationException($"{nameof(StagedRow)} does not know the column {column}; add it."),
    };

    /// <summary>The problems' JSON as text (for the report and tests).</summary>
    public string? ProblemsText => Problems is null ? null : Encoding.UTF8.GetString(Problems);

    /// <summary>How EF Core's SQLite provider writes a DateTime (TEXT), so that EF reads it back.</summary>
    public static string SqliteDateTime(DateTime value) => value.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture);
}
