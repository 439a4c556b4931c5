using System.Globalization;
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

    /// <summary>
    /// How to read a <see cref="SurveyResponse"/> column (by property name) from a staged row: JSON as
    /// UTF-8 bytes, the rest as the CLR value. Resolved once per column, not once per row.
    /// </summary>
    public static Func<StagedRow, object?> Column(string column) => column switch
    {
        nameof(SurveyResponse.ImportId) => r => r.ImportId,
        nameof(SurveyResponse.RowNumber) => r => r.RowNumber,
        nameof(SurveyResponse.ContentHash) => r => r.ContentHash,
        nameof(SurveyResponse.RawRow) => r => r.RawRow,
        nameof(SurveyResponse.Normalised) => r => r.Normalised,
        nameof(SurveyResponse.Problems) => r => r.Problems,
        nameof(SurveyResponse.Outcome) => r => r.Outcome,
        nameof(SurveyResponse.DuplicateOfRow) => r => r.DuplicateOfRow,
        nameof(SurveyResponse.OrganisationName) => r => r.OrganisationName,
        nameof(SurveyResponse.InterventionName) => r => r.InterventionName,
        nameof(SurveyResponse.CompletedAt) => r => r.CompletedAt,
        nameof(SurveyResponse.RespondentName) => r => r.RespondentName,
        nameof(SurveyResponse.RespondentJobTitle) => r => r.RespondentJobTitle,
        nameof(SurveyResponse.RespondentEmail) => r => r.RespondentEmail,
        nameof(SurveyResponse.ConsentToPublish) => r => r.ConsentToPublish,
        nameof(SurveyResponse.ConsentToContact) => r => r.ConsentToContact,
        nameof(SurveyResponse.MatchedInterventionId) => r => r.MatchedInterventionId,
        // Set when a response is published, never while it is staged.
        nameof(SurveyResponse.PublishedInterventionId) or nameof(SurveyResponse.PublishedAt) => _ => null,
        _ => throw new InvalidOperationException($"{nameof(StagedRow)} does not know the column {column}; add it."),
    };

    /// <summary>How EF Core's SQLite provider writes a DateTime (TEXT), so that EF reads it back.</summary>
    public static string SqliteDateTime(DateTime value) => value.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture);
}
