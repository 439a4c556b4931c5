using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Blueprint.Data.Listings;
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
    // What a single-column answer means depends only on its field and its text: each is read once.
    private readonly BoundedMemo<Remembered>[] memos = [.. binding.Fields.Select(_ => new BoundedMemo<Remembered>(4096))];

    private static readonly string[] Ticked = ["1", "x", "yes", "y", "true", "ticked", "selected", "checked", "✓", "✔"];
    private static readonly string[] NotTicked = ["0", "no", "n", "false", "-"];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (NormalisedResponse Response, Respondent Respondent, List<Problem> Problems) Normalise(IReadOnlyList<string> cells)
    {
        var r = new NormalisedResponse();
        var problems = new List<Problem>();
        string? name = null, jobTitle = null, email = null;
        for (var i = 0; i < binding.Fields.Count; i++)
        {
            var f = binding.Fields[i];
            var field = f.Field;
            if (f.Options.Count == 0)
            {
                var value = Cell(cells, f.Index);
                if (value.Length == 0)
                {
                    if (f.Mapping.Required)
                    {
                        problems.Add(new(f.Header, null, $"'{field.Label}' must be answered, but this row leaves it blank.", Code: "required"));
                    }
                    continue;
                }
                if (value.Length > field.MaxLength)
                {
                    problems.Add(new(f.Header, Shorten(value), $"The answer is {value.Length:N0} characters long; at most {field.MaxLength:N0} are kept for '{field.Label}'.", Code: "too-long"));
                    continue;
                }
                switch (field.Kind)
                {
                    case FieldKind.Text:
                        WarnIfFormula(f.Header, value, problems);
                        SetText(r, field.Name, value, ref name, ref jobTitle);
                        break;
                    case FieldKind.Email:
                        WarnIfFormula(f.Header, value, problems);
                        if (!LooksLikeEmail(value))
                        {
                            problems.Add(new(f.Header, value, "This is not an e-mail address.", Severity.Warning, "not-email"));
                        }
                        email = value;
                        break;
                    case FieldKind.DateTime:
                        // Completion times are all different: nothing to remember.
                        WarnIfFormula(f.Header, value, problems);
                        SetDateTime(r, f, value, problems);
                        break;
                    default:
                        var answer = memos[i].Get(value, (Normaliser: this, Field: f), static (s, v) => s.Normaliser.Remember(s.Field, v));
                        problems.AddRange(answer.Problems);
                        Apply(r, f, answer.Value);
                        break;
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
                        problems.Add(new(f.Header, null, $"'{field.Label}' must be answered, but no option is ticked in this row.", Code: "required"));
                    }
                    continue;
                }
                if (field.Kind is FieldKind.Code && chosen.Count > 1)
                {
                    problems.Add(new(f.Header, string.Join("; ", chosen), $"Only one answer is expected for '{field.Label}', but several are ticked.", Code: "one-answer-only"));
                    continue;
                }
                object? read = field.Kind switch
                {
                    FieldKind.Areas => ReadAreas(f, chosen, problems),
                    FieldKind.Codes => ReadCodes(f, chosen, problems),
                    FieldKind.Code => ReadCode(f, chosen[0], problems),
                    FieldKind.YesNo => ReadYesNo(f, chosen[0], problems),
                    _ => null,
                };
                Apply(r, f, read);
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
            problems.Add(new(column, Shorten(value), "This answer starts like a spreadsheet formula. It is kept as plain text and is never run.", Severity.Warning, "formula"));
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
    private static string Collapse(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsWhiteSpace(value[i]) && (value[i] != ' ' || (i + 1 < value.Length && char.IsWhiteSpace(value[i + 1]))))
            {
                return Whitespace().Replace(value, " ");
            }
        }
        return value;
    }

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

    // What one answer means, worked out once per distinct text of a field (see memos).
    private sealed record CodeAnswer(string Code, string? Other);
    private sealed record CodesAnswer(string[] Codes, string[] Others);
    private sealed record WeeksAnswer(string? LengthText, int? Weeks);
    private sealed record FundingAnswer(string Status, DateOnly? Ends);
    private sealed record ContactAnswer(string? Phone, string? Email, string? Url);

    /// <summary>Reads one cell of a single-column field (not free text): the value, and its problems in <paramref name="problems"/>.</summary>
    internal object? Read(FieldBinding f, string value, List<Problem> problems)
    {
        WarnIfFormula(f.Header, value, problems);
        return f.Field.Kind switch
        {
            FieldKind.YesNo => ReadYesNo(f, value, problems),
            FieldKind.Code => ReadCode(f, value, problems),
            FieldKind.Codes => ReadCodes(f, Split(f, value), problems),
            FieldKind.Areas => ReadAreas(f, Split(f, value), problems),
            FieldKind.Number => ReadNumber(f, value, problems),
            FieldKind.Weeks => ReadWeeks(f, value, problems),
            FieldKind.FundingDate => ReadFunding(f, value, problems),
            FieldKind.Postcodes => ReadPostcodes(f, value, problems),
            FieldKind.Contact => ReadContact(f, value, problems),
            _ => throw new InvalidOperationException($"{f.Field.Kind} fields are not read through {nameof(Read)}."),
        };
    }

    /// <summary>Puts what <see cref="Read"/> found into the response (null: nothing usable).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Apply(NormalisedResponse r, FieldBinding f, object? value)
    {
        var name = f.Field.Name;
        switch (value)
        {
            case null:
                return;
            case bool yes:
                switch (name)
                {
                    case "consentToPublish": r.ConsentToPublish = yes; break;
                    case "consentToContact": r.ConsentToContact = yes; break;
                    case "supportsPartners": r.SupportsPartners = yes; break;
                }
                return;
            case CodeAnswer code:
                if (code.Other is not null)
                {
                    r.AddOther(name, code.Other);
                }
                switch (name)
                {
                    case "organisationType": r.OrganisationType = code.Code; break;
                    case "venueVisibility": r.VenueVisibility = code.Code; break;
                    case "gender": r.Gender = code.Code; break;
                    case "format": r.Format = code.Code; break;
                    case "evaluation": r.Evaluation = code.Code; break;
                }
                return;
            case CodesAnswer codes:
                var list = Codes(r, name);
                foreach (var c in codes.Codes)
                {
                    if (!list.Contains(c))
                    {
                        list.Add(c);
                    }
                }
                foreach (var other in codes.Others)
                {
                    r.AddOther(name, other);
                }
                return;
            case AreasAnswer served:
                if (r.LocalAuthorities.Count == 0)
                {
                    r.LocalAuthorities = [.. served.LocalAuthorities];
                }
                else
                {
                    r.LocalAuthorities = [.. new SortedSet<string>(r.LocalAuthorities.Concat(served.LocalAuthorities), StringComparer.Ordinal)];
                }
                r.AllWales = r.LocalAuthorities.Count == areas.AllLocalAuthorities.Count;
                return;
            case int n:
                r.PlacesPerYear = n;
                return;
            case WeeksAnswer weeks:
                if (name == "length")
                {
                    r.LengthText = weeks.LengthText;
                    r.LengthWeeks = weeks.Weeks ?? r.LengthWeeks;
                }
                else if (weeks.Weeks is { } wait)
                {
                    r.WaitingTimeWeeks = wait;
                }
                return;
            case FundingAnswer funding:
                r.FundingStatus = funding.Status;
                r.FundingEnds = funding.Ends ?? r.FundingEnds;
                return;
            case VenueAnswer[] venues:
                foreach (var v in venues)
                {
                    if (!r.Venues.Exists(x => x.Postcode == v.Postcode))
                    {
                        r.Venues.Add(v);
                    }
                }
                return;
            case ContactAnswer contact:
                r.ReferralPhone ??= contact.Phone;
                r.ReferralEmail ??= contact.Email;
                r.ReferralUrl ??= contact.Url;
                return;
        }
    }

    private static object? ReadYesNo(FieldBinding f, string value, List<Problem> problems)
    {
        var answer = YesNo(value);
        if (answer is null)
        {
            problems.Add(new(f.Header, value, $"'{f.Field.Label}' should be answered yes or no.", Code: "not-yes-no"));
            return null;
        }
        return answer.Value;
    }

    private static CodeAnswer? ReadCode(FieldBinding f, string value, List<Problem> problems)
    {
        var code = f.Answers!.CodeOf(value);
        if (code is not null)
        {
            return new CodeAnswer(code, null);
        }
        if (f.Answers.HasOther)
        {
            return new CodeAnswer("other", value);
        }
        problems.Add(new(f.Header, Shorten(value), $"'{Shorten(value)}' is not one of the answers to '{f.Field.Label}'. Add it to the profile's answers if it means one of them.", Code: "unknown-answer"));
        return null;
    }

    private static CodesAnswer ReadCodes(FieldBinding f, IReadOnlyList<string> answers, List<Problem> problems)
    {
        var codes = new List<string>(answers.Count);
        var others = new List<string>();
        foreach (var answer in answers)
        {
            var code = f.Answers!.CodeOf(answer);
            if (code is null && f.Answers.HasOther)
            {
                code = "other";
                if (!others.Contains(answer))
                {
                    others.Add(answer);
                }
            }
            if (code is null)
            {
                problems.Add(new(f.Header, Shorten(answer), $"'{Shorten(answer)}' is not one of the answers to '{f.Field.Label}'. Add it to the profile's answers if it means one of them.", Code: "unknown-answer"));
                continue;
            }
            if (!codes.Contains(code))
            {
                codes.Add(code);
            }
        }
        return new CodesAnswer([.. codes], [.. others]);
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

    private sealed record AreasAnswer(string[] LocalAuthorities);

    private AreasAnswer ReadAreas(FieldBinding f, IReadOnlyList<string> answers, List<Problem> problems)
    {
        var codes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var answer in answers)
        {
            var (found, correction) = areas.Resolve(answer);
            if (found.Count == 0)
            {
                problems.Add(new(f.Header, Shorten(answer), $"'{Shorten(answer)}' is not a Welsh local authority, region or 'All Wales' that we recognise.", Code: "unknown-area"));
                continue;
            }
            if (correction is not null)
            {
                problems.Add(new(f.Header, answer, correction, Severity.Warning, "area-corrected"));
            }
            foreach (var area in found)
            {
                codes.UnionWith(area.LocalAuthorities);
            }
        }
        return new AreasAnswer([.. codes]);
    }

    private static object? ReadNumber(FieldBinding f, string value, List<Problem> problems)
    {
        var n = LooseNumbers.Count(value);
        if (n is null)
        {
            problems.Add(new(f.Header, Shorten(value), $"Could not read a number in '{Shorten(value)}'; the answer is kept as written.", Severity.Warning, "not-number"));
            return null;
        }
        if (n > ListingRules.MaxCount)
        {
            problems.Add(new(f.Header, value, $"{n:N0} is more than the {ListingRules.MaxCount:N0} '{f.Field.Label}' can be.", Code: "too-large"));
            return null;
        }
        return n.Value;
    }

    private static WeeksAnswer? ReadWeeks(FieldBinding f, string value, List<Problem> problems)
    {
        var length = f.Field.Name == "length";
        var weeks = LooseNumbers.Weeks(value);
        if (weeks is null)
        {
            if (!length || LooseNumbers.Read(value) is null)
            {
                problems.Add(new(f.Header, Shorten(value), $"Could not read a number of weeks in '{Shorten(value)}'; the answer is kept as written.", Severity.Warning, "not-weeks"));
            }
            return length ? new WeeksAnswer(value, null) : null;
        }
        if (weeks > ListingRules.MaxWeeks)
        {
            problems.Add(new(f.Header, value, $"{weeks} weeks is more than ten years; check the answer to '{f.Field.Label}'.", Code: "too-many-weeks"));
            return length ? new WeeksAnswer(value, null) : null;
        }
        return new WeeksAnswer(length ? value : null, weeks);
    }

    private void SetDateTime(NormalisedResponse r, FieldBinding f, string value, List<Problem> problems)
    {
        var dt = LooseDates.DateTimeOf(value, binding.Profile.DateFormats);
        if (dt is null)
        {
            problems.Add(new(f.Header, Shorten(value), $"Could not read '{Shorten(value)}' as a date and time.", Severity.Warning, "not-date-time"));
            return;
        }
        if (!ListingRules.IsYearInRange(dt.Value.Year))
        {
            problems.Add(new(f.Header, value, $"The date {dt.Value:yyyy-MM-dd} is outside the years {ListingRules.FirstYear} to {ListingRules.LastYear}.", Code: "date-out-of-range"));
            return;
        }
        r.CompletedAt = dt;
    }

    private static readonly string[] Ongoing = ["ongoing", "core funded", "core", "permanent", "recurrent", "recurring", "mainstream", "mainstreamed", "no end date", "parhaus", "ongoing core funded"];
    private static readonly string[] Unknown = ["don t know", "dont know", "do not know", "unknown", "not known", "unsure", "not sure", "tbc", "tbd", "n a", "na", "ddim yn gwybod"];

    private FundingAnswer? ReadFunding(FieldBinding f, string value, List<Problem> problems)
    {
        var key = HeaderKey.Of(value);
        if (Ongoing.Any(o => key == o || key.StartsWith(o + " ", StringComparison.Ordinal) || key.EndsWith(" " + o, StringComparison.Ordinal)))
        {
            return new FundingAnswer("ongoing", null);
        }
        if (Unknown.Contains(key))
        {
            return new FundingAnswer("unknown", null);
        }
        var date = LooseDates.DateOf(value, binding.Profile.DateFormats);
        if (date is null)
        {
            problems.Add(new(f.Header, Shorten(value), $"Could not read '{Shorten(value)}' as a date, 'ongoing' or 'don't know'; funding is recorded as not known.", Severity.Warning, "not-funding-date"));
            return new FundingAnswer("unknown", null);
        }
        if (!ListingRules.IsYearInRange(date.Value.Year))
        {
            problems.Add(new(f.Header, value, $"The date {date.Value:yyyy-MM-dd} is outside the years {ListingRules.FirstYear} to {ListingRules.LastYear}.", Code: "date-out-of-range"));
            return null;
        }
        return new FundingAnswer("fixed-term", date);
    }

    private VenueAnswer[] ReadPostcodes(FieldBinding f, string value, List<Problem> problems)
    {
        if (HeaderKey.Of(value) is "none" or "n a" or "na" or "no venue" or "online" or "various" or "no")
        {
            return [];
        }
        var venues = new List<VenueAnswer>();
        foreach (var piece in Postcodes.Pieces(value))
        {
            var pc = Postcodes.Standard(piece);
            if (pc is null)
            {
                problems.Add(new(f.Header, Shorten(piece), $"'{Shorten(piece)}' is not a UK postcode; that venue is left out.", Severity.Warning, "not-postcode"));
                continue;
            }
            if (venues.Exists(v => v.Postcode == pc))
            {
                continue;
            }
            var point = postcodes.Locate(pc);
            venues.Add(new VenueAnswer(pc, point?.Latitude, point?.Longitude));
        }
        return [.. venues];
    }

    /// <summary>The shapes and ranges are the listing rules every route shares (<see cref="ListingRules"/>).</summary>
    private static bool LooksLikeEmail(string value) => ListingRules.IsEmail(value);

    private static ContactAnswer ReadContact(FieldBinding f, string value, List<Problem> problems)
    {
        string? phone = null, email = null, url = null;
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
                email ??= piece;
            }
            else if (piece.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || piece.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                url ??= piece;
            }
            else if (piece.StartsWith("www.", StringComparison.OrdinalIgnoreCase))
            {
                url ??= "https://" + piece;
            }
            else if (ListingRules.IsPhone(piece))
            {
                phone ??= piece;
            }
            else
            {
                problems.Add(new(f.Header, Shorten(piece), $"'{Shorten(piece)}' is not a phone number, e-mail address or web address; it is left out.", Severity.Warning, "not-contact"));
            }
        }
        return new ContactAnswer(phone, email, url);
    }

    private Remembered Remember(FieldBinding f, string value)
    {
        var problems = new List<Problem>();
        return new Remembered(Read(f, value, problems), [.. problems]);
    }

    /// <summary>An answer's value (shared between rows: never changed once made) and its problems.</summary>
    private sealed record Remembered(object? Value, Problem[] Problems);
}
