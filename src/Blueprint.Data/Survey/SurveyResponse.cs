namespace Blueprint.Data.Survey;

/// <summary>
/// One row of a survey export, staged as it was received (raw cells, row number, content hash)
/// beside its normalised result and problems. The respondent's name, job title and e-mail are
/// personal data: they are kept here only, for analysts, and never reach a public listing.
/// </summary>
public class SurveyResponse
{
    public long Id { get; set; }
    public int ImportId { get; set; }
    public SurveyImport? Import { get; set; }

    /// <summary>The row as a spreadsheet numbers it (the header is row 1; blank rows count).</summary>
    public int RowNumber { get; set; }
    /// <summary>SHA-256 (hex) of the row's cells as received.</summary>
    public required string ContentHash { get; set; }
    /// <summary>
    /// The row as received: a JSON array of its cells, in the order of the import's <see cref="SurveyImport.Header"/>;
    /// for a row that could not be read, a JSON object { "$raw": text of the row }.
    /// </summary>
    public required string RawRow { get; set; }
    /// <summary>The normalised answers as compact JSON: nulls, empty lists and false flags left out (null for a row that could not be read).</summary>
    public string? Normalised { get; set; }
    /// <summary>Problems found, as JSON: [{ "column", "value", "message", "severity", "code" }].</summary>
    public string? Problems { get; set; }
    /// <summary>One of <see cref="SurveyOutcomes"/>.</summary>
    public required string Outcome { get; set; }
    /// <summary>For a duplicate, the row it repeats.</summary>
    public int? DuplicateOfRow { get; set; }

    public string? OrganisationName { get; set; }
    public string? InterventionName { get; set; }
    /// <summary>When the respondent completed the form, as the export gives it.</summary>
    public DateTime? CompletedAt { get; set; }

    public string? RespondentName { get; set; }
    public string? RespondentJobTitle { get; set; }
    public string? RespondentEmail { get; set; }
    /// <summary>Q6: may this intervention be published? Null when not answered (treated as no).</summary>
    public bool? ConsentToPublish { get; set; }
    /// <summary>Q7: may the workstream contact the respondent?</summary>
    public bool? ConsentToContact { get; set; }

    /// <summary>The existing listing this response matched when it was staged.</summary>
    public int? MatchedInterventionId { get; set; }
    /// <summary>The listing this response created or updated when it was published.</summary>
    public int? PublishedInterventionId { get; set; }
    public DateTime? PublishedAt { get; set; }
}

/// <summary>What became of a staged row.</summary>
public static class SurveyOutcomes
{
    /// <summary>Clean, and the respondent consented to publication.</summary>
    public const string Accepted = "accepted";
    /// <summary>Has at least one error; kept with its reasons.</summary>
    public const string Rejected = "rejected";
    /// <summary>The same intervention as an earlier row of the same file.</summary>
    public const string Duplicate = "duplicate";
    /// <summary>Clean, but without consent to publish: survey evidence only.</summary>
    public const string NotForPublication = "not-for-publication";
    /// <summary>Consented and clean, but naming no area it serves (no area, no place, no venue that locates): held back from publishing.</summary>
    public const string NeedsArea = "needs-area";

    public static readonly IReadOnlyList<string> All = [Accepted, Rejected, Duplicate, NotForPublication, NeedsArea];
}
