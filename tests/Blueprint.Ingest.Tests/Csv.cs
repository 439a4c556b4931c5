using Blueprint.Ingest.Profiles;

namespace Blueprint.Ingest.Tests;

/// <summary>Builds small exports inline: a header from a profile's columns and rows by field name.</summary>
public static class Csv
{
    public static readonly MappingProfile MsForms = new ProfileCatalog(TestDb.Root).Get("msforms-2023");
    public static readonly MappingProfile PerOption = new ProfileCatalog(TestDb.Root).Get("per-option-2023");

    /// <summary>The Microsoft Forms header, every question in profile order.</summary>
    public static IReadOnlyList<string> MsFormsHeader => MsForms.Fields.Values.Select(f => f.Column).ToList();

    /// <summary>A Microsoft Forms export: each row is field → cell text (missing fields are empty).</summary>
    public static string MsFormsFile(params Dictionary<string, string>[] rows)
    {
        var fields = MsForms.Fields.Keys.ToList();
        var lines = new List<string> { string.Join(",", MsFormsHeader.Select(Quote)) };
        lines.AddRange(rows.Select(r => string.Join(",", fields.Select(f => Quote(r.GetValueOrDefault(f) ?? "")))));
        return string.Join("\r\n", lines) + "\r\n";
    }

    /// <summary>A minimal complete answer set for one intervention.</summary>
    public static Dictionary<string, string> Row(string org = "Test Org (synthetic)", string name = "Test Programme", string publish = "Yes") => new()
    {
        ["responseId"] = "1",
        ["completedAt"] = "05/12/2023 10:15:00",
        ["organisationName"] = org,
        ["organisationType"] = "Specialist VAWDASV (third sector)",
        ["respondentName"] = "Alex Example",
        ["respondentJobTitle"] = "Service manager",
        ["respondentEmail"] = "alex.example@example.org",
        ["consentToPublish"] = publish,
        ["consentToContact"] = "Yes",
        ["interventionName"] = name,
        ["description"] = "A group programme.",
        ["purposes"] = "Support perpetrators to change their behaviour;Manage the risk posed by perpetrators;",
        ["forms"] = "Domestic abuse;Coercive control;",
        ["settings"] = "Community;",
        ["stages"] = "Early intervention;",
        ["areas"] = "Cardiff;",
        ["gender"] = "Men",
        ["ageBands"] = "Adults;",
        ["riskLevels"] = "Standard;Medium;",
        ["referralRoutes"] = "Self-referral;Police;",
        ["format"] = "Group work",
        ["length"] = "26 weeks",
        ["languages"] = "English;Welsh;",
        ["placesPerYear"] = "40",
        ["waitingTimeWeeks"] = "2",
        ["supportsPartners"] = "Yes",
        ["accreditations"] = "Respect accreditation;",
        ["fundingSources"] = "Welsh Government;",
        ["fundingEnds"] = "31/03/2026",
        ["evaluation"] = "Internal evaluation",
        ["referralContact"] = "referrals@example.org",
    };

    public static Dictionary<string, string> With(this Dictionary<string, string> row, string field, string value)
    {
        var copy = new Dictionary<string, string>(row) { [field] = value };
        return copy;
    }

    public static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;
}
