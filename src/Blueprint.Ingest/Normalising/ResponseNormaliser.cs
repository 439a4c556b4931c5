using System.Text.RegularExpressions;
using Blueprint.Ingest.Profiles;

namespace Blueprint.Ingest.Normalising;

/// <summary>The respondent's personal data: kept in the staged response only, never published.</summary>
public sealed record Respondent(string? Name, string? JobTitle, string? Email);

/// <summary>
/// Turns one row's cells into a <see cref="NormalisedResponse"/> through a profile, and says what is
/// wrong with it in words a survey officer understands (each problem names its column and value).
/// </summary>
public sealed partial class ResponseNormaliser(ProfileBinding binding, AreaAnswers areas, PostcodeDirectory postcodes)
{
    private static readonly string[] Ticked = ["1", "x", "yes", "y", "true", "ticked", "selected", "checked", "✓", "✔"];
    private static readonly string[] NotTicked = ["0", "no", "n", "false", "-"];

    public (NormalisedResponse Response, Respondent Respondent, List<Problem> Problems) Normalise(IReadOnlyList<string> cells)
    {
        var r = new NormalisedResponse();
        var problems = new List<Problem>();
        string? name = null, jobTitle = null, email = null;
        foreach (var f in binding.Fields)
        {
            var field = f.Field;
            if (f.Options.Count == 0)
            {
                var value = Cell(cells, f.Index);
                if (value.Length == 0)
                {
                    if (f.Mapping.Required)
                    {
                        problems.Add(new(f.Header, null, $"'{field.Label}' must be answered, but this row leaves it blank."));
                    }
                    continue;
                }
                if (value.Length > field.MaxLength)
                {
                    problems.Add(new(f.Header, Shorten(value), $"The answer is {value.Length:N0} characters long; at most {field.MaxLength:N0} are kept for '{field.Label}'."));
                    continue;
                }
                WarnIfFormula(f.Header, value, problems);
                switch (field.Kind)
                {
                    case FieldKind.Text: SetText(r, field.Name, value, ref name, ref jobTitle); break;
                    case FieldKind.Email:
                        if (!LooksLikeEmail(value))
                        {
                            problems.Add(new(f.Header, value, "This is not an e-mail address.", Severity.Warning));
                        }
                        email = value;
                        break;
                    case FieldKind.YesNo: SetYesNo(r, f, value, problems); break;
                    case FieldKind.Code: SetCode(r, f, value, problems); break;
                    case FieldKind.Codes: SetCodes(r, f, Split(f, value), problems); break;
                    case FieldKind.Areas: SetAreas(r, f, Split(f, value), problems); break;
                    case FieldKind.Number: SetNumber(r, f, value, problems); break;
                    case FieldKind.Weeks: SetWeeks(r, f, value, problems); break;
                    case FieldKind.DateTime: SetDateTime(r, f, value, problems); break;
                    case FieldKind.FundingDate: SetFunding(r, f, value, problems); break;
                    case FieldKind.Postcodes: SetPostcodes(r, f, value, problems); break;
                    case FieldKind.Contact: SetContact(r, f, value, problems); break;
                }
            }
            else
            {
                var chosen = new List<string>();
                foreach (var option in f.Options)
                {
                    var value = Cell(cells, option.Index);
                    if (value.Length == 0 || NotTicked.Contains(value, StringComparer.OrdinalIgnoreCase))
                    {
                        continue;
                    }
                    chosen.Add(Ticked.Contains(value, StringComparer.OrdinalIgnoreCase) || value.Equals(option.Option, StringComparison.OrdinalIgnoreCase) || HeaderKey.Of(value) == HeaderKey.Of(option.Option) ? option.Option : value);
                }
                var other = f.Other is { } o ? Cell(cells, o.Index) : "";
                if (other.Length > 0 && !Ticked.Contains(other, StringComparer.OrdinalIgnoreCase))
                {
                    WarnIfFormula(f.Other!.Header, other, problems);
                    chosen.AddRange(other.Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                }
                if (chosen.Count == 0)
                {
                    if (f.Mapping.Required)
                    {
                        problems.Add(new(f.Header, null, $"'{field.Label}' must be answered, but no option is ticked in this row."));
                    }
                    continue;
                }
                if (field.Kind == FieldKind.Areas)
                {
                    SetAreas(r, f, chosen, problems);
                }
                else if (field.Kind == FieldKind.Codes)
                {
                    SetCodes(r, f, chosen, problems);
                }
                else if (field.Kind == FieldKind.Code)
                {
                    if (chosen.Count > 1)
                    {
                        problems.Add(new(f.Header, string.Join("; ", chosen), $"Only one answer is expected for '{field.Label}', but several are ticked."));
                        continue;
                    }
                    SetCode(r, f, chosen[0], problems);
                }
                else if (field.Kind == FieldKind.YesNo)
                {
                    SetYesNo(r, f, chosen[0], problems);
                }
            }
        }
        if (r.Venues.Count > 0 && r.VenueVisibility is null)
        {
            r.VenueVisibility = "hidden";
        }
        return (r, new Respondent(name, jobTitle, email), problems);
    }

    private static string Cell(IReadOnlyList<string> cells, int index) => index < cells.Count ? cells[index].Trim() : "";

    private static string Shorten(string value) => value.Length <= 80 ? value : string.Concat(value.AsSpan(0, 77), "...");

    /// <summary>A spreadsheet would run a cell that starts with one of these as a formula.</summary>
    public static bool IsFormulaLike(string value) =>
        value.Length > 0 && (value[0] is '=' or '+' or '@' or '\t' or '\r' || (value[0] == '-' && value.Length > 1 && !char.IsWhiteSpace(value[1]) && !char.IsLetterOrDigit(value[1])));

    private static void WarnIfFormula(string column, string value, List<Problem> problems)
    {
        if (IsFormulaLike(value))
        {
            problems.Add(new(column, Shorten(value), "This answer starts like a spreadsheet formula. It is kept as plain text and is never run.", Severity.Warning));
        }
    }

    private static void SetText(NormalisedResponse r, string field, string value, ref string? name, ref string? jobTitle)
    {
        switch (field)
        {
            case "responseId": r.ResponseId = value; break;
            case "respondentName": name = value; break;
            case "respondentJobTitle": jobTitle = value; break;
            case "organisationName": r.OrganisationName = Collapse(value); break;
            case "interventionName": r.InterventionName = Collapse(value); break;
            case "description": r.Description = value; break;
            case "outcomeMeasures": r.OutcomeMeasures = value; break;
            case "barriers": r.Barriers = value; break;
        }
    }

    /// <summary>Runs of spaces and line breaks in a name become one space.</summary>
    private static string Collapse(string value) => Whitespace().Replace(value, " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private static IReadOnlyList<string> Split(FieldBinding f, string value)
    {
        if (f.Mapping.Split is not { Length: > 0 } separator)
        {
            return [value];
        }
        return value.Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static readonly string[] Yes = ["yes", "y", "ydw", "ie", "oes", "do", "true", "1", "yes please", "iawn"];
    private static readonly string[] No = ["no", "n", "na", "nac ydw", "nac oes", "naddo", "false", "0", "no thanks", "not at this time"];

    internal static bool? YesNo(string value)
    {
        var key = HeaderKey.Of(value);
        if (Yes.Contains(key) || key.StartsWith("yes ", StringComparison.Ordinal))
        {
            return true;
        }
        if (No.Contains(key) || key.StartsWith("no ", StringComparison.Ordinal))
        {
            return false;
        }
        return null;
    }

    private static void SetYesNo(NormalisedResponse r, FieldBinding f, string value, List<Problem> problems)
    {
        var answer = YesNo(value);
        if (answer is null)
        {
            problems.Add(new(f.Header, value, $"'{f.Field.Label}' should be answered yes or no."));
            return;
        }
        switch (f.Field.Name)
        {
            case "consentToPublish": r.ConsentToPublish = answer; break;
            case "consentToContact": r.ConsentToContact = answer; break;
            case "supportsPartners": r.SupportsPartners = answer; break;
        }
    }

    private static void SetCode(NormalisedResponse r, FieldBinding f, string value, List<Problem> problems)
    {
        var code = f.Answers!.CodeOf(value);
        if (code is null && f.Answers.HasOther)
        {
            code = "other";
            r.AddOther(f.Field.Name, value);
        }
        if (code is null)
        {
            problems.Add(new(f.Header, Shorten(value), $"'{Shorten(value)}' is not one of the answers to '{f.Field.Label}'. Add it to the profile's answers if it means one of them."));
            return;
        }
        switch (f.Field.Name)
        {
            case "organisationType": r.OrganisationType = code; break;
            case "venueVisibility": r.VenueVisibility = code; break;
            case "gender": r.Gender = code; break;
            case "format": r.Format = code; break;
            case "evaluation": r.Evaluation = code; break;
        }
    }

    private static void SetCodes(NormalisedResponse r, FieldBinding f, IReadOnlyList<string> answers, List<Problem> problems)
    {
        var codes = Codes(r, f.Field.Name);
        foreach (var answer in answers)
        {
            var code = f.Answers!.CodeOf(answer);
            if (code is null && f.Answers.HasOther)
            {
                code = "other";
                r.AddOther(f.Field.Name, answer);
            }
            if (code is null)
            {
                problems.Add(new(f.Header, Shorten(answer), $"'{Shorten(answer)}' is not one of the answers to '{f.Field.Label}'. Add it to the profile's answers if it means one of them."));
                continue;
            }
            if (!codes.Contains(code))
            {
                codes.Add(code);
            }
        }
    }

    private static List<string> Codes(NormalisedResponse r, string field) => field switch
    {
        "purposes" => r.Purposes,
        "forms" => r.Forms,
        "settings" => r.Settings,
        "stages" => r.Stages,
        "ageBands" => r.AgeBands,
        "cohortGroups" => r.CohortGroups,
        "riskLevels" => r.RiskLevels,
        "referralRoutes" => r.ReferralRoutes,
        "languages" => r.Languages,
        "accreditations" => r.Accreditations,
        "fundingSources" => r.FundingSources,
        _ => throw new InvalidOperationException($"{field} is not a multi-choice field."),
    };

    private void SetAreas(NormalisedResponse r, FieldBinding f, IReadOnlyList<string> answers, List<Problem> problems)
    {
        var codes = new SortedSet<string>(r.LocalAuthorities, StringComparer.Ordinal);
        foreach (var answer in answers)
        {
            var (found, correction) = areas.Resolve(answer);
            if (found.Count == 0)
            {
                problems.Add(new(f.Header, Shorten(answer), $"'{Shorten(answer)}' is not a Welsh local authority, region or 'All Wales' that we recognise."));
                continue;
            }
            if (correction is not null)
            {
                problems.Add(new(f.Header, answer, correction, Severity.Warning));
            }
            foreach (var area in found)
            {
                codes.UnionWith(area.LocalAuthorities);
            }
        }
        r.LocalAuthorities = [.. codes];
        r.AllWales = codes.Count == areas.AllLocalAuthorities.Count;
    }

    private static void SetNumber(NormalisedResponse r, FieldBinding f, string value, List<Problem> problems)
    {
        var n = LooseNumbers.Count(value);
        if (n is null)
        {
            problems.Add(new(f.Header, Shorten(value), $"Could not read a number in '{Shorten(value)}'; the answer is kept as written.", Severity.Warning));
            return;
        }
        if (n > 100_000)
        {
            problems.Add(new(f.Header, value, $"{n:N0} is more than the 100,000 '{f.Field.Label}' can be."));
            return;
        }
        r.PlacesPerYear = n;
    }

    private static void SetWeeks(NormalisedResponse r, FieldBinding f, string value, List<Problem> problems)
    {
        var weeks = LooseNumbers.Weeks(value);
        if (f.Field.Name == "length")
        {
            r.LengthText = value;
        }
        if (weeks is null)
        {
            if (f.Field.Name != "length" || LooseNumbers.Read(value) is null)
            {
                problems.Add(new(f.Header, Shorten(value), $"Could not read a number of weeks in '{Shorten(value)}'; the answer is kept as written.", Severity.Warning));
            }
            return;
        }
        if (weeks > 520)
        {
            problems.Add(new(f.Header, value, $"{weeks} weeks is more than ten years; check the answer to '{f.Field.Label}'."));
            return;
        }
        if (f.Field.Name == "length")
        {
            r.LengthWeeks = weeks;
        }
        else
        {
            r.WaitingTimeWeeks = weeks;
        }
    }

    private void SetDateTime(NormalisedResponse r, FieldBinding f, string value, List<Problem> problems)
    {
        var dt = LooseDates.DateTimeOf(value, binding.Profile.DateFormats);
        if (dt is null)
        {
            problems.Add(new(f.Header, Shorten(value), $"Could not read '{Shorten(value)}' as a date and time.", Severity.Warning));
            return;
        }
        if (dt.Value.Year is < 2000 or > 2100)
        {
            problems.Add(new(f.Header, value, $"The date {dt.Value:yyyy-MM-dd} is outside the years 2000 to 2100."));
            return;
        }
        r.CompletedAt = dt;
    }

    private static readonly string[] Ongoing = ["ongoing", "core funded", "core", "permanent", "recurrent", "recurring", "mainstream", "mainstreamed", "no end date", "parhaus", "ongoing core funded"];
    private static readonly string[] Unknown = ["don t know", "dont know", "do not know", "unknown", "not known", "unsure", "not sure", "tbc", "tbd", "n a", "na", "ddim yn gwybod"];

    private void SetFunding(NormalisedResponse r, FieldBinding f, string value, List<Problem> problems)
    {
        var key = HeaderKey.Of(value);
        if (Ongoing.Any(o => key == o || key.StartsWith(o + " ", StringComparison.Ordinal) || key.EndsWith(" " + o, StringComparison.Ordinal)))
        {
            r.FundingStatus = "ongoing";
            return;
        }
        if (Unknown.Contains(key))
        {
            r.FundingStatus = "unknown";
            return;
        }
        var date = LooseDates.DateOf(value, binding.Profile.DateFormats);
        if (date is null)
        {
            r.FundingStatus = "unknown";
            problems.Add(new(f.Header, Shorten(value), $"Could not read '{Shorten(value)}' as a date, 'ongoing' or 'don't know'; funding is recorded as not known.", Severity.Warning));
            return;
        }
        if (date.Value.Year is < 2000 or > 2100)
        {
            problems.Add(new(f.Header, value, $"The date {date.Value:yyyy-MM-dd} is outside the years 2000 to 2100."));
            return;
        }
        r.FundingEnds = date;
        r.FundingStatus = "fixed-term";
    }

    private void SetPostcodes(NormalisedResponse r, FieldBinding f, string value, List<Problem> problems)
    {
        if (HeaderKey.Of(value) is "none" or "n a" or "na" or "no venue" or "online" or "various" or "no")
        {
            return;
        }
        foreach (var piece in Postcodes.Pieces(value))
        {
            var pc = Postcodes.Standard(piece);
            if (pc is null)
            {
                problems.Add(new(f.Header, Shorten(piece), $"'{Shorten(piece)}' is not a UK postcode; that venue is left out.", Severity.Warning));
                continue;
            }
            if (r.Venues.Any(v => v.Postcode == pc))
            {
                continue;
            }
            var point = postcodes.Locate(pc);
            r.Venues.Add(new VenueAnswer(pc, point?.Latitude, point?.Longitude));
        }
    }

    [GeneratedRegex(@"^[^@\s;,]+@[^@\s;,]+\.[^@\s;,]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailShape();

    private static bool LooksLikeEmail(string value) => EmailShape().IsMatch(value);

    private static void SetContact(NormalisedResponse r, FieldBinding f, string value, List<Problem> problems)
    {
        foreach (var raw in value.Split([';', '\n', '|', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                     .SelectMany(p => p.Split(" or ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var piece = raw.TrimEnd('.');
            var colon = piece.IndexOf(':');
            if (colon > 0 && colon < 12 && !piece.StartsWith("http", StringComparison.OrdinalIgnoreCase))
            {
                piece = piece[(colon + 1)..].Trim();   // "Tel: 01234 567890", "Email: x@y"
            }
            if (LooksLikeEmail(piece))
            {
                r.ReferralEmail ??= piece;
            }
            else if (piece.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || piece.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                r.ReferralUrl ??= piece;
            }
            else if (piece.StartsWith("www.", StringComparison.OrdinalIgnoreCase))
            {
                r.ReferralUrl ??= "https://" + piece;
            }
            else if (piece.Count(char.IsDigit) is >= 10 and <= 15 && piece.All(c => char.IsDigit(c) || c is ' ' or '+' or '(' or ')' or '-'))
            {
                r.ReferralPhone ??= piece;
            }
            else
            {
                problems.Add(new(f.Header, Shorten(piece), $"'{Shorten(piece)}' is not a phone number, e-mail address or web address; it is left out.", Severity.Warning));
            }
        }
    }
}
