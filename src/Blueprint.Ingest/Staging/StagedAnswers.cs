using System.Text.Json;
using System.Text.Json.Nodes;
using Blueprint.Data.Survey;
using Blueprint.Ingest.Normalising;

namespace Blueprint.Ingest.Staging;

/// <summary>
/// Reads a staged row's normalised answers whole. A row stores the completion time, both consents and the
/// organisation's and intervention's names once, in columns of its own; its <see cref="SurveyResponse.Normalised"/>
/// JSON leaves them out (rows staged before that still hold them, and then those win). Every reader of the answers
/// (publishing, the imports page) goes through here, so each sees all of them.
/// </summary>
public static class StagedAnswers
{
    /// <summary>The answers, with what the row's columns hold put back where the JSON leaves it out.</summary>
    public static NormalisedResponse Read(string normalised, string? organisationName, string? interventionName, DateTime? completedAt, bool? consentToPublish, bool? consentToContact)
    {
        var answers = JsonSerializer.Deserialize(normalised, IngestJson.Default.NormalisedResponse)!;
        answers.OrganisationName ??= organisationName;
        answers.InterventionName ??= interventionName;
        answers.CompletedAt ??= completedAt;
        answers.ConsentToPublish ??= consentToPublish;
        answers.ConsentToContact ??= consentToContact;
        return answers;
    }

    /// <summary>The row's normalised answers as JSON, whole: the stored JSON with the column values put back in their places.</summary>
    public static string? Whole(SurveyResponse row)
    {
        if (row.Normalised is null || JsonNode.Parse(row.Normalised) is not JsonObject answers)
        {
            return row.Normalised;
        }
        // The order the answers are written in: responseId, completedAt, both consents, organisation, its type, intervention, …
        var at = answers.ContainsKey("responseId") ? 1 : 0;
        Put(answers, ref at, "completedAt", row.CompletedAt is { } completed ? JsonValue.Create(DateTime.SpecifyKind(completed, DateTimeKind.Utc)) : null);
        Put(answers, ref at, "consentToPublish", row.ConsentToPublish is { } publish ? JsonValue.Create(publish) : null);
        Put(answers, ref at, "consentToContact", row.ConsentToContact is { } contact ? JsonValue.Create(contact) : null);
        Put(answers, ref at, "organisationName", row.OrganisationName is { } organisation ? JsonValue.Create(organisation) : null);
        if (answers.ContainsKey("organisationType"))
        {
            at++;
        }
        Put(answers, ref at, "interventionName", row.InterventionName is { } intervention ? JsonValue.Create(intervention) : null);
        return answers.ToJsonString();
    }

    private static void Put(JsonObject answers, ref int at, string name, JsonNode? value)
    {
        if (answers.ContainsKey(name))
        {
            at = answers.IndexOf(name) + 1;
        }
        else if (value is not null)
        {
            answers.Insert(at++, name, value);
        }
    }
}
