using System.Text.RegularExpressions;
using Blueprint.Data.Directory;
using Blueprint.Data.Vocabularies;

namespace Blueprint.Data.Listings;

/// <summary>
/// One problem with one field of a listing: the field's name, a stable code and a sentence for people, in English and,
/// where the problem can reach the workspace's pages, in Welsh.
/// </summary>
public sealed record FieldProblem(string Target, string Code, string Message, string? MessageCy = null)
{
    /// <summary>The sentence in the caller's language ("cy" or "en"): the Welsh one where there is one.</summary>
    public string In(string language) => language == "cy" && MessageCy is not null ? MessageCy : Message;
}

/// <summary>
/// The one set of rules a listing must meet, whichever way it arrives: a provider's edit through the API,
/// an approved moderation item, or a survey response being published (the survey normaliser also uses the
/// shapes and ranges below while it reads loose answers). A rule enforced in two places drifts.
/// </summary>
public static partial class ListingRules
{
    /// <summary>Most places a year (or any count) a listing may claim.</summary>
    public const int MaxCount = 100_000;
    /// <summary>Most weeks a length or a waiting time may be: ten years.</summary>
    public const int MaxWeeks = 520;
    public const int FirstYear = 2000, LastYear = 2100;

    /// <summary>How funding is recorded: a fixed term (with an end date), ongoing, or not known.</summary>
    public static readonly IReadOnlySet<string> FundingStatuses = new HashSet<string>(StringComparer.Ordinal) { "fixed-term", "ongoing", "unknown" };

    /// <summary>Each multi-choice field and its vocabulary (data/vocabularies.json).</summary>
    public static readonly IReadOnlyList<(string Field, string Vocabulary, Func<Intervention, List<string>> Codes)> CodeLists =
    [
        (nameof(Intervention.Purposes), "purpose", i => i.Purposes),
        (nameof(Intervention.Forms), "vawdasv-form", i => i.Forms),
        (nameof(Intervention.Settings), "setting", i => i.Settings),
        (nameof(Intervention.Stages), "stage", i => i.Stages),
        (nameof(Intervention.AgeBands), "age-band", i => i.AgeBands),
        (nameof(Intervention.CohortGroups), "cohort-group", i => i.CohortGroups),
        (nameof(Intervention.RiskLevels), "risk-level", i => i.RiskLevels),
        (nameof(Intervention.ReferralRoutes), "referral-route", i => i.ReferralRoutes),
        (nameof(Intervention.Languages), "language", i => i.Languages),
        (nameof(Intervention.Accreditations), "accreditation", i => i.Accreditations),
        (nameof(Intervention.FundingSources), "funding-source", i => i.FundingSources),
    ];

    /// <summary>Each single-choice field and its vocabulary.</summary>
    public static readonly IReadOnlyList<(string Field, string Vocabulary, Func<Intervention, string?> Code)> Codes =
    [
        (nameof(Intervention.Gender), "gender", i => i.Gender),
        (nameof(Intervention.Format), "format", i => i.Format),
        (nameof(Intervention.Evaluation), "evaluation", i => i.Evaluation),
        (nameof(Intervention.Status), "status", i => i.Status),
    ];

    /// <summary>Longest text per field (the database's column sizes).</summary>
    public static readonly IReadOnlyList<(string Field, int MaxLength, Func<Intervention, string?> Text)> Texts =
    [
        (nameof(Intervention.Name), 300, i => i.Name),
        (nameof(Intervention.NameCy), 300, i => i.NameCy),
        (nameof(Intervention.Description), 4000, i => i.Description),
        (nameof(Intervention.DescriptionCy), 4000, i => i.DescriptionCy),
        (nameof(Intervention.LengthText), 200, i => i.LengthText),
        (nameof(Intervention.OutcomeMeasures), 4000, i => i.OutcomeMeasures),
        (nameof(Intervention.ReferralPhone), 50, i => i.ReferralPhone),
        (nameof(Intervention.ReferralEmail), 320, i => i.ReferralEmail),
        (nameof(Intervention.ReferralUrl), 500, i => i.ReferralUrl),
    ];

    [GeneratedRegex(@"^[^@\s;,]+@[^@\s;,]+\.[^@\s;,]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailShape();

    [GeneratedRegex(@"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex PostcodeShape();

    public static bool IsEmail(string value) => EmailShape().IsMatch(value);

    /// <summary>A UK phone number as people write it: 10 to 15 digits, with spaces, brackets, hyphens or a leading +.</summary>
    public static bool IsPhone(string value) =>
        value.Count(char.IsDigit) is >= 10 and <= 15 && value.All(c => char.IsDigit(c) || c is ' ' or '+' or '(' or ')' or '-');

    public static bool IsWebAddress(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Contains('.');

    public static bool IsPostcode(string value) => PostcodeShape().IsMatch(value.Trim());

    public static bool IsYearInRange(int year) => year is >= FirstYear and <= LastYear;

    /// <summary>Every problem with <paramref name="listing"/> as it would be saved (an empty list: it may be saved).</summary>
    /// <param name="isAreaCode">Whether a code is a local authority's (areas served are local authorities).</param>
    public static List<FieldProblem> Check(Intervention listing, VocabularyCatalog vocabularies, Func<string, bool> isAreaCode)
    {
        var problems = new List<FieldProblem>();
        if (string.IsNullOrWhiteSpace(listing.Name))
        {
            problems.Add(new(nameof(Intervention.Name), "Required", "Every listing needs a name in English.",
                "Mae angen enw Saesneg ar bob rhestriad."));
        }
        foreach (var (field, max, text) in Texts)
        {
            if (text(listing) is { } value && value.Length > max)
            {
                problems.Add(TooLong(field, value.Length, max));
            }
        }
        foreach (var (field, vocabulary, code) in Codes)
        {
            if (code(listing) is { } value && !vocabularies.IsCode(vocabulary, value))
            {
                problems.Add(UnknownCode(field, value, vocabulary));
            }
        }
        if (string.IsNullOrEmpty(listing.Status))
        {
            problems.Add(new(nameof(Intervention.Status), "Required", "Status must be active, paused or closed.",
                "Rhaid i'r statws fod yn active, paused neu closed."));
        }
        foreach (var (field, vocabulary, codes) in CodeLists)
        {
            foreach (var value in codes(listing).Where(c => !vocabularies.IsCode(vocabulary, c)).Take(1))
            {
                problems.Add(UnknownCode(field, value, vocabulary));
            }
        }
        Count(problems, nameof(Intervention.PlacesPerYear), listing.PlacesPerYear, MaxCount, "places", "lle");
        Count(problems, nameof(Intervention.WaitingTimeWeeks), listing.WaitingTimeWeeks, MaxWeeks, "weeks", "wythnos");
        Count(problems, nameof(Intervention.LengthWeeks), listing.LengthWeeks, MaxWeeks, "weeks", "wythnos");
        if (listing.FundingStatus is { } status && !FundingStatuses.Contains(status))
        {
            problems.Add(new(nameof(Intervention.FundingStatus), "UnknownCode", "FundingStatus must be fixed-term, ongoing or unknown.",
                "Rhaid i FundingStatus fod yn fixed-term, ongoing neu unknown."));
        }
        if (listing.FundingEnds is { } ends)
        {
            if (!IsYearInRange(ends.Year))
            {
                problems.Add(new(nameof(Intervention.FundingEnds), "OutOfRange", $"The date {ends:yyyy-MM-dd} is outside the years {FirstYear} to {LastYear}.",
                    $"Mae'r dyddiad {ends:yyyy-MM-dd} y tu allan i'r blynyddoedd {FirstYear} i {LastYear}."));
            }
            else if (listing.FundingStatus is not (null or "fixed-term"))
            {
                problems.Add(new(nameof(Intervention.FundingEnds), "Inconsistent", $"Funding that is '{listing.FundingStatus}' has no end date: set FundingStatus to fixed-term or leave FundingEnds empty.",
                    $"Nid oes dyddiad gorffen i gyllid sy'n '{listing.FundingStatus}': gosodwch FundingStatus yn fixed-term, neu gadewch FundingEnds yn wag."));
            }
        }
        Shape(problems, nameof(Intervention.ReferralPhone), listing.ReferralPhone, IsPhone, "is not a phone number (10 to 15 digits)", "rhif ffôn (10 i 15 digid)");
        Shape(problems, nameof(Intervention.ReferralEmail), listing.ReferralEmail, IsEmail, "is not an e-mail address", "gyfeiriad e-bost");
        Shape(problems, nameof(Intervention.ReferralUrl), listing.ReferralUrl, IsWebAddress, "is not a web address (http:// or https://)", "gyfeiriad gwe (http:// neu https://)");
        foreach (var area in listing.Areas.Where(a => !isAreaCode(a.Code)).Take(1))
        {
            problems.Add(new(nameof(Intervention.Areas), "UnknownArea", $"'{Short(area.Code)}' is not a Welsh local authority's code (W06…).",
                $"Nid yw '{Short(area.Code)}' yn god awdurdod lleol yng Nghymru (W06…)."));
        }
        return problems;
    }

    /// <summary>Every problem with a venue record as it would be saved.</summary>
    public static List<FieldProblem> Check(VenueRecord venue)
    {
        var problems = new List<FieldProblem>();
        if (!VenueVisibility.IsValid(venue.Visibility))
        {
            problems.Add(new(nameof(VenueRecord.Visibility), "UnknownCode", "Visibility must be exact, approximate or hidden.",
                "Rhaid i Visibility fod yn exact, approximate neu hidden."));
        }
        Text(problems, nameof(VenueRecord.Name), venue.Name, 300);
        Text(problems, nameof(VenueRecord.Address), venue.Address, 500);
        Shape(problems, nameof(VenueRecord.Postcode), venue.Postcode, IsPostcode, "is not a UK postcode", "god post yn y Deyrnas Unedig");
        if (venue.Latitude is null != venue.Longitude is null)
        {
            problems.Add(new(venue.Latitude is null ? nameof(VenueRecord.Latitude) : nameof(VenueRecord.Longitude), "Required", "Give both latitude and longitude, or neither.",
                "Rhowch y lledred a'r hydred ill dau, neu ddim un ohonynt."));
        }
        if (venue.Latitude is { } lat && (lat is < -90 or > 90 || double.IsNaN(lat)))
        {
            problems.Add(new(nameof(VenueRecord.Latitude), "OutOfRange", "Latitude must be between -90 and 90.",
                "Rhaid i'r lledred fod rhwng -90 a 90."));
        }
        if (venue.Longitude is { } lon && (lon is < -180 or > 180 || double.IsNaN(lon)))
        {
            problems.Add(new(nameof(VenueRecord.Longitude), "OutOfRange", "Longitude must be between -180 and 180.",
                "Rhaid i'r hydred fod rhwng -180 a 180."));
        }
        return problems;
    }

    private static void Count(List<FieldProblem> problems, string field, int? value, int max, string unit, string unitCy)
    {
        if (value is < 0 || value > max)
        {
            problems.Add(new(field, "OutOfRange", $"{field} must be between 0 and {max:N0} {unit}.",
                $"Rhaid i'r ateb fod rhwng 0 a {max:N0} {unitCy}."));
        }
    }

    private static void Text(List<FieldProblem> problems, string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            problems.Add(TooLong(field, value.Length, max));
        }
    }

    private static FieldProblem TooLong(string field, int length, int max) =>
        new(field, "TooLong", $"{field} is {length} characters long; it may be at most {max}.",
            $"Mae'r ateb yn {length} nod o hyd; caiff fod yn {max} nod ar y mwyaf.");

    private static FieldProblem UnknownCode(string field, string value, string vocabulary) =>
        new(field, "UnknownCode", $"'{Short(value)}' is not a code of the '{vocabulary}' vocabulary (see /odata/VocabularyTerms).",
            $"Nid yw '{Short(value)}' yn god yn yr eirfa '{vocabulary}' (gweler /odata/VocabularyTerms).");

    /// <param name="what">The English predicate ("is not an e-mail address").</param>
    /// <param name="whatCy">The Welsh complement after "Nid yw '…' yn", already mutated ("gyfeiriad e-bost").</param>
    private static void Shape(List<FieldProblem> problems, string field, string? value, Func<string, bool> valid, string what, string whatCy)
    {
        if (!string.IsNullOrEmpty(value) && !valid(value))
        {
            problems.Add(new(field, "BadShape", $"'{Short(value)}' {what}.", $"Nid yw '{Short(value)}' yn {whatCy}."));
        }
    }

    private static string Short(string value) => value.Length <= 80 ? value : string.Concat(value.AsSpan(0, 77), "...");
}
