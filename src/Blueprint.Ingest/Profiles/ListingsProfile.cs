namespace Blueprint.Ingest.Profiles;

/// <summary>How a column of the listings export is read back.</summary>
public enum ListingColumnKind
{
    /// <summary>Shown for people, never read back (the organisation's name, the public id, verification, venues).</summary>
    ReadOnly,
    /// <summary>The listing's key: empty for a new listing.</summary>
    Id,
    /// <summary>The organisation that runs the listing.</summary>
    Organisation,
    Text,
    /// <summary>One vocabulary code.</summary>
    Code,
    /// <summary>Vocabulary codes joined by "; ".</summary>
    Codes,
    /// <summary>Area codes joined by "; ".</summary>
    Areas,
    /// <summary>yes / no (or ie / na), empty for not known.</summary>
    YesNo,
    /// <summary>A whole number.</summary>
    Number,
    /// <summary>A date, yyyy-mm-dd.</summary>
    Date,
    /// <summary>A length: a number of weeks, or text such as "26 weekly sessions" (its weeks read as the survey reads them).</summary>
    Length,
}

/// <summary>One column of the listings export: its header, the listing field (the OData model's name) it holds, and how it is read.</summary>
public sealed record ListingColumn(string Header, string? Field, ListingColumnKind Kind);

/// <summary>
/// The built-in profile of the directory's own listings export (GET /api/listings/export): the columns the
/// export writes, in order, and how an edited copy's cells are read back by the upload. The export writes its
/// header from here, so the two cannot drift. Unlike the survey profiles (data/profiles/*.json), which map a
/// survey tool's questions to survey answers, this one maps columns straight to listing fields.
/// </summary>
public static class ListingsProfile
{
    public const string Name = "listings-export";

    public static readonly IReadOnlyList<ListingColumn> Columns =
    [
        new("Organisation id", "OrganisationId", ListingColumnKind.Organisation),
        new("Organisation", null, ListingColumnKind.ReadOnly),
        new("Id", "Id", ListingColumnKind.Id),
        new("Public id", null, ListingColumnKind.ReadOnly),
        new("Name", "Name", ListingColumnKind.Text),
        new("Name (Welsh)", "NameCy", ListingColumnKind.Text),
        new("Description", "Description", ListingColumnKind.Text),
        new("Description (Welsh)", "DescriptionCy", ListingColumnKind.Text),
        new("Status", "Status", ListingColumnKind.Code),
        new("All Wales", "AllWales", ListingColumnKind.YesNo),
        new("Areas", "Areas", ListingColumnKind.Areas),
        new("Purposes", "Purposes", ListingColumnKind.Codes),
        new("Forms", "Forms", ListingColumnKind.Codes),
        new("Settings", "Settings", ListingColumnKind.Codes),
        new("Stages", "Stages", ListingColumnKind.Codes),
        new("Gender", "Gender", ListingColumnKind.Code),
        new("Age bands", "AgeBands", ListingColumnKind.Codes),
        new("Cohort groups", "CohortGroups", ListingColumnKind.Codes),
        new("Risk levels", "RiskLevels", ListingColumnKind.Codes),
        new("Referral routes", "ReferralRoutes", ListingColumnKind.Codes),
        new("Format", "Format", ListingColumnKind.Code),
        new("Length", "LengthText", ListingColumnKind.Length),
        new("Languages", "Languages", ListingColumnKind.Codes),
        new("Places per year", "PlacesPerYear", ListingColumnKind.Number),
        new("Waiting time (weeks)", "WaitingTimeWeeks", ListingColumnKind.Number),
        new("Supports partners", "SupportsPartners", ListingColumnKind.YesNo),
        new("Accreditations", "Accreditations", ListingColumnKind.Codes),
        new("Funding sources", "FundingSources", ListingColumnKind.Codes),
        new("Funding ends", "FundingEnds", ListingColumnKind.Date),
        new("Funding status", "FundingStatus", ListingColumnKind.Code),
        new("Evaluation", "Evaluation", ListingColumnKind.Code),
        new("Outcome measures", "OutcomeMeasures", ListingColumnKind.Text),
        new("Referral phone", "ReferralPhone", ListingColumnKind.Text),
        new("Referral e-mail", "ReferralEmail", ListingColumnKind.Text),
        new("Referral website", "ReferralUrl", ListingColumnKind.Text),
        new("Last verified", null, ListingColumnKind.ReadOnly),
        new("Verified by", null, ListingColumnKind.ReadOnly),
        new("Venues", null, ListingColumnKind.ReadOnly),
    ];

    /// <summary>The export's header row.</summary>
    public static string[] Header => [.. Columns.Select(c => c.Header)];

    /// <summary>The text between the codes of a list cell.</summary>
    public const string ListSeparator = "; ";

    /// <summary>
    /// For each of the profile's columns, its index in the file's header (headers matched as the survey
    /// profiles match them: case, spacing and punctuation ignored), or -1 when the file lacks it.
    /// </summary>
    public static int[] Bind(IReadOnlyList<string> headers)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < headers.Count; i++)
        {
            index.TryAdd(HeaderKey.Of(headers[i]), i);
        }
        return [.. Columns.Select(c => index.TryGetValue(HeaderKey.Of(c.Header), out var i) ? i : -1)];
    }

    /// <summary>
    /// Undoes the export's formula guard: a CSV cell the export wrote as <c>'=…</c> (text a spreadsheet would
    /// otherwise run) reads back as <c>=…</c>.
    /// </summary>
    public static string Unguard(string cell) =>
        cell.Length >= 2 && cell[0] == '\'' && cell[1] is '=' or '+' or '-' or '@' or '\t' or '\r' ? cell[1..] : cell;
}
