namespace Blueprint.Ingest.Normalising;

/// <summary>How a field's answer is read.</summary>
public enum FieldKind
{
    /// <summary>Free text.</summary>
    Text,
    /// <summary>One answer mapped to a vocabulary code.</summary>
    Code,
    /// <summary>Several answers, each mapped to a vocabulary code.</summary>
    Codes,
    /// <summary>Local authorities, regions or all Wales.</summary>
    Areas,
    /// <summary>Yes or no (English or Welsh).</summary>
    YesNo,
    /// <summary>A whole number written loosely ("approx 40", "30-40", "none").</summary>
    Number,
    /// <summary>A length or wait in weeks ("6-8 weeks", "3 months", "26 weekly sessions").</summary>
    Weeks,
    /// <summary>A date and time (when the form was completed).</summary>
    DateTime,
    /// <summary>A date, or "ongoing / core funded", or "don't know".</summary>
    FundingDate,
    /// <summary>Postcodes of venues.</summary>
    Postcodes,
    /// <summary>An e-mail address.</summary>
    Email,
    /// <summary>Phone numbers, e-mail addresses and web pages.</summary>
    Contact,
}

/// <summary>A Blueprint field that a profile can map a column to.</summary>
public sealed record SurveyField(string Name, FieldKind Kind, string Label, string? Vocabulary = null, int MaxLength = 4000);

/// <summary>The fields a survey response can fill (the survey's questions, in Blueprint's terms).</summary>
public static class SurveyFields
{
    public static readonly IReadOnlyList<SurveyField> All =
    [
        new("responseId", FieldKind.Text, "Response ID", MaxLength: 100),
        new("completedAt", FieldKind.DateTime, "Completion time"),
        new("respondentName", FieldKind.Text, "Your name", MaxLength: 200),
        new("respondentJobTitle", FieldKind.Text, "Job title", MaxLength: 200),
        new("respondentEmail", FieldKind.Email, "E-mail address", MaxLength: 320),
        new("consentToPublish", FieldKind.YesNo, "May we publish this intervention"),
        new("consentToContact", FieldKind.YesNo, "May we contact you"),
        new("organisationName", FieldKind.Text, "Organisation name", MaxLength: 300),
        new("organisationType", FieldKind.Code, "Organisation type", "organisation-type"),
        new("interventionName", FieldKind.Text, "Name of the intervention", MaxLength: 300),
        new("description", FieldKind.Text, "Brief description", MaxLength: 4000),
        new("purposes", FieldKind.Codes, "Purpose", "purpose"),
        new("forms", FieldKind.Codes, "Forms of VAWDASV addressed", "vawdasv-form"),
        new("settings", FieldKind.Codes, "Setting", "setting"),
        new("stages", FieldKind.Codes, "Stage", "stage"),
        new("areas", FieldKind.Areas, "Where is it delivered"),
        new("venuePostcodes", FieldKind.Postcodes, "Postcodes of venues"),
        new("venueVisibility", FieldKind.Code, "May the venue be shown", "visibility"),
        new("gender", FieldKind.Code, "Gender", "gender"),
        new("ageBands", FieldKind.Codes, "Age", "age-band"),
        new("cohortGroups", FieldKind.Codes, "Specific groups", "cohort-group"),
        new("riskLevels", FieldKind.Codes, "Risk levels accepted", "risk-level"),
        new("referralRoutes", FieldKind.Codes, "Referral routes", "referral-route"),
        new("format", FieldKind.Code, "Format", "format"),
        new("length", FieldKind.Weeks, "Length", MaxLength: 200),
        new("languages", FieldKind.Codes, "Languages", "language"),
        new("placesPerYear", FieldKind.Number, "Places per year"),
        new("waitingTimeWeeks", FieldKind.Weeks, "Current waiting time"),
        new("supportsPartners", FieldKind.YesNo, "Support offered to partners or family"),
        new("accreditations", FieldKind.Codes, "Accreditation or standards", "accreditation"),
        new("fundingSources", FieldKind.Codes, "Funding sources", "funding-source"),
        new("fundingEnds", FieldKind.FundingDate, "Funding secure until"),
        new("evaluation", FieldKind.Code, "Has it been evaluated", "evaluation"),
        new("outcomeMeasures", FieldKind.Text, "Outcome measures used", MaxLength: 4000),
        new("barriers", FieldKind.Text, "Barriers and challenges", MaxLength: 4000),
        new("referralContact", FieldKind.Contact, "Referral contact", MaxLength: 500),
    ];

    private static readonly Dictionary<string, SurveyField> ByName = All.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);

    public static SurveyField? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>Fields every profile must map: a response without them cannot become a listing or be matched.</summary>
    public static readonly IReadOnlyList<string> Essential = ["organisationName", "interventionName"];
}
