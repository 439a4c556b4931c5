using System.Text.Json;
using Blueprint.Data.Vocabularies;
using Blueprint.Ingest.Normalising;

namespace Blueprint.Api.Tests.SqlServerCapture;

/// <summary>
/// The few tables whose content decides how far a request's path goes, answered with real rows instead of one
/// plausible row: the vocabularies (so the listing rules a survey publish applies see real codes, and a publish
/// reaches its writes) and the staged answers a publish takes (one that makes a new listing, one that updates the
/// listing every stand-in row names, one older than that listing's evidence: a conflict). Every other query gets
/// <see cref="CapturedCommands"/>'s single row.
/// </summary>
internal sealed class StandInTables
{
    /// <summary>The vocabularies' terms; empty until set, so start-up finds the table empty and seeds it (its INSERTs captured).</summary>
    public IReadOnlyList<VocabularyTerm> Terms { get; set; } = [];

    /// <summary>The name every stand-in row has (organisations and listings alike): a survey answer naming it matches listing 1.</summary>
    public const string ExistingName = "Captured";

    /// <summary>The rows that answer <paramref name="sql"/> (selecting <paramref name="columns"/>), or null for the default single row.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>>? For(string sql, string[] columns)
    {
        if (Terms.Count > 0 && sql.Contains("FROM [VocabularyTerms]", StringComparison.Ordinal))
        {
            return [.. Terms.Select(t => new Dictionary<string, object?>
            {
                ["Vocabulary"] = t.Vocabulary, ["Code"] = t.Code, ["LabelEn"] = t.LabelEn, ["LabelCy"] = t.LabelCy, ["SortOrder"] = t.SortOrder,
            })];
        }
        if (sql.Contains("FROM [SurveyResponses]", StringComparison.Ordinal) && columns.Contains("Normalised") && columns.Contains("CompletedAt"))
        {
            return StagedAnswers;
        }
        return null;
    }

    /// <summary>Whether <paramref name="sql"/> looks for something that must not exist yet: an earlier import of the same file, a round of the same name.</summary>
    public static bool FindsNone(string sql) => sql.Contains(".[FileHash] = @", StringComparison.Ordinal)
        || (sql.Contains("FROM [SurveyRounds]", StringComparison.Ordinal) && sql.Contains(".[Name] = @", StringComparison.Ordinal));

    /// <summary>
    /// Whether <paramref name="sql"/> asks for a keyset page after a key (<c>[Id] &gt; @after</c>) other than 0: the stand-in answers every
    /// first page, so the next one is empty and a loop over pages (an import's erasure) ends.
    /// </summary>
    public static bool PageAfterFirst(string sql, Microsoft.Data.SqlClient.SqlParameterCollection? parameters)
    {
        if (parameters is null || System.Text.RegularExpressions.Regex.Match(sql, @"\.\[Id\] > @(\w+)") is not { Success: true } after)
        {
            return false;
        }
        var key = parameters.Cast<Microsoft.Data.SqlClient.SqlParameter>().FirstOrDefault(p => p.ParameterName.TrimStart('@') == after.Groups[1].Value)?.Value;
        return key is int or long && Convert.ToInt64(key, System.Globalization.CultureInfo.InvariantCulture) != 0;
    }

    private static readonly DateTime After = new(2026, 6, 1, 9, 0, 0, DateTimeKind.Utc), Before = new(2025, 6, 1, 9, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// Accepted, consenting answers, in row order: a new organisation and listing (with a venue and codes of several
    /// vocabularies), an update of the existing listing (answered after its last verification, 2026-01-01), and the
    /// same listing answered before it (a conflict unless an administrator overwrites it).
    /// </summary>
    private static readonly IReadOnlyList<IReadOnlyDictionary<string, object?>> StagedAnswers =
    [
        Staged(1, After, new NormalisedResponse
        {
            OrganisationName = "Captured new organisation", OrganisationType = "specialist-third-sector", InterventionName = "Captured survey listing",
            Description = "A captured answer.", Purposes = ["behaviour-change"], Forms = ["domestic-abuse"], Languages = ["en", "cy"], Gender = "men",
            Format = "group", LocalAuthorities = ["W06000015"], Venues = [new VenueAnswer("CF10 1AA", 51.48, -3.18)], VenueVisibility = "exact",
            FundingStatus = "fixed-term", FundingEnds = new DateOnly(2027, 3, 31), FundingSources = ["welsh-government"], WaitingTimeWeeks = 2,
        }),
        Staged(2, After, new NormalisedResponse
        {
            OrganisationName = ExistingName, InterventionName = ExistingName, Description = "An update from the survey.", Purposes = ["hold-to-account"],
            LocalAuthorities = ["W06000015"], WaitingTimeWeeks = 6,
        }),
        Staged(3, Before, new NormalisedResponse
        {
            OrganisationName = ExistingName, InterventionName = ExistingName, Description = "An older answer.", LocalAuthorities = ["W06000015"],
        }),
    ];

    private static Dictionary<string, object?> Staged(int row, DateTime completed, NormalisedResponse answer)
    {
        answer.ResponseId = row.ToString(System.Globalization.CultureInfo.InvariantCulture);
        answer.ConsentToPublish = true;
        answer.CompletedAt = completed;
        return new Dictionary<string, object?>
        {
            ["Id"] = row, ["RowNumber"] = row + 1, ["Outcome"] = "accepted", ["ConsentToPublish"] = true, ["CompletedAt"] = completed,
            ["Normalised"] = JsonSerializer.Serialize(answer, JsonSerializerOptions.Web),
        };
    }
}
