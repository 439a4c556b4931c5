using System.Text.Json;
using System.Text.Json.Serialization;

namespace Blueprint.Ingest.Normalising;

/// <summary>
/// A survey response in Blueprint's terms: vocabulary codes, local-authority codes, numbers and dates.
/// Stored as JSON in the staged response. Holds no personal data of the respondent (those are
/// separate columns of the staged response).
/// </summary>
public sealed class NormalisedResponse
{
    public string? ResponseId { get; set; }
    public DateTime? CompletedAt { get; set; }
    public bool? ConsentToPublish { get; set; }
    public bool? ConsentToContact { get; set; }

    public string? OrganisationName { get; set; }
    public string? OrganisationType { get; set; }
    public string? InterventionName { get; set; }
    public string? Description { get; set; }

    public List<string> Purposes { get; set; } = [];
    public List<string> Forms { get; set; } = [];
    public List<string> Settings { get; set; } = [];
    public List<string> Stages { get; set; } = [];

    /// <summary>Delivered across all of Wales.</summary>
    public bool AllWales { get; set; }
    /// <summary>ONS codes (W06) of the local authorities served; all 22 when <see cref="AllWales"/>.</summary>
    public List<string> LocalAuthorities { get; set; } = [];
    public List<VenueAnswer> Venues { get; set; } = [];
    /// <summary>Code from <c>visibility</c> for the venues (hidden when not answered).</summary>
    public string? VenueVisibility { get; set; }

    public string? Gender { get; set; }
    public List<string> AgeBands { get; set; } = [];
    public List<string> CohortGroups { get; set; } = [];
    public List<string> RiskLevels { get; set; } = [];
    public List<string> ReferralRoutes { get; set; } = [];
    public string? Format { get; set; }
    public string? LengthText { get; set; }
    public int? LengthWeeks { get; set; }
    public List<string> Languages { get; set; } = [];
    public int? PlacesPerYear { get; set; }
    public int? WaitingTimeWeeks { get; set; }
    public bool? SupportsPartners { get; set; }
    public List<string> Accreditations { get; set; } = [];
    public List<string> FundingSources { get; set; } = [];
    public DateOnly? FundingEnds { get; set; }
    /// <summary>fixed-term, ongoing or unknown.</summary>
    public string? FundingStatus { get; set; }
    public string? Evaluation { get; set; }
    public string? OutcomeMeasures { get; set; }
    public string? Barriers { get; set; }
    public string? ReferralPhone { get; set; }
    public string? ReferralEmail { get; set; }
    public string? ReferralUrl { get; set; }

    /// <summary>"Other (please specify)" texts, by field name.</summary>
    public Dictionary<string, List<string>>? OtherAnswers { get; set; }

    internal void AddOther(string field, string text)
    {
        OtherAnswers ??= [];
        if (!OtherAnswers.TryGetValue(field, out var list))
        {
            OtherAnswers[field] = list = [];
        }
        if (!list.Contains(text))
        {
            list.Add(text);
        }
    }
}

/// <summary>A venue named by its postcode; a point only when the postcode could be located.</summary>
public sealed record VenueAnswer(string Postcode, double? Latitude = null, double? Longitude = null);

/// <summary>
/// Something wrong (or worth knowing) about one answer, in words a survey officer understands. <see cref="Code"/>
/// names the kind of problem (stable, for pages that say it in another language); null for a message with no code.
/// </summary>
public sealed record Problem(
    [property: JsonPropertyName("column")] string Column,
    [property: JsonPropertyName("value")] string? Value,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("severity")] Severity Severity = Severity.Error,
    [property: JsonPropertyName("code")] string? Code = null);

[JsonConverter(typeof(JsonStringEnumConverter<Severity>))]
public enum Severity
{
    /// <summary>The row cannot be used as it is: it is rejected.</summary>
    Error,
    /// <summary>The row is used; the officer may want to check this answer.</summary>
    Warning,
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(NormalisedResponse))]
[JsonSerializable(typeof(List<Problem>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class IngestJson : JsonSerializerContext;
