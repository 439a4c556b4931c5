using System.Globalization;
using System.Text;
using Blueprint.Ingest.Profiles;
using CsvHelper;
using static System.FormattableString;

namespace Blueprint.Ingest.Sample;

/// <summary>
/// Writes realistic, clearly synthetic survey exports (fictional organisations marked "(synthetic)",
/// respondents at example.org) in either export shape, deterministically from a seed, with the
/// messy answers real exports have: Welsh and English place names, abbreviations and misspellings,
/// regions, "approx 40", "6-8 weeks", dates in several formats, a duplicate submission, blank rows,
/// a multi-line cell, a cell starting with "=", a row without consent and a row missing its name.
/// </summary>
public static class SampleSurvey
{
    public const int DefaultSeed = 20231204;

    private static readonly string[] Organisations =
    [
        "Afon Valley Change Project (synthetic)", "Cymorth i Newid (synthetic)", "Harbourside Respect Partnership (synthetic)",
        "Bryn Glas Family Safety CIC (synthetic)", "North Coast Men's Service (synthetic)", "Teulu Diogel Wales (synthetic)",
        "Severnside Youth Justice Service (synthetic)", "Gwent Valleys Council Safeguarding (synthetic)", "Pont Probation Unit (synthetic)",
        "Mynydd Health Board Perpetrator Team (synthetic)", "Castell Housing Association (synthetic)", "Ynys Prevention Trust (synthetic)",
    ];

    private static readonly (string Type, string Name)[] Kinds =
    [
        ("Specialist VAWDASV (third sector)", "Domestic Abuse Perpetrator Programme"), ("Third sector", "Healthy Relationships Course"),
        ("Probation / HMPPS", "Building Better Relationships"), ("Youth Justice Service", "Respectful Relationships for Young People"),
        ("Local authority – social services", "Family Change Service"), ("Health", "Stalking Intervention Clinic"),
        ("Police and Crime Commissioner", "Early Intervention Scheme"), ("Housing", "Tenancy Safety Intervention"),
        ("Specialist VAWDASV", "CAPVA Family Support"), ("Other (please specify): faith group", "Community Accountability Circle"),
    ];

    private static readonly string[] Areas =
    [
        "Cardiff", "Caerdydd", "RCT", "Rhondda Cynon Taff", "Ynys Mon", "Isle of Anglesey", "Gwynedd", "Conwy", "Sir Ddinbych",
        "Flintshire", "Wrexham", "Ceredigion", "Pembrokeshire", "Sir Gâr", "Swansea", "Abertawe", "NPT", "Bridgend",
        "Vale of Glamorgan", "Caerphilly", "Blaenau Gwent", "Torfaen", "Monmouthshire", "Newport", "Powys", "Merthyr Tydfill",
    ];

    private static readonly string[] Regions = ["North Wales", "All of Wales", "Cardiff & Vale", "Gwent", "Mid and West Wales", "West Glamorgan", "Cwm Taf Morgannwg"];

    private static readonly string[] Postcodes = ["CF10 1AA", "SA1 3SN", "LL57 2PW", "NP20 1XJ", "SY23 1HR", "CF37 1DL", "LL11 1AY", "SA61 1TP", "none", "cf24 0ab", "online only"];

    private static readonly string[] Lengths = ["6-8 weeks", "26 weekly sessions", "12 weeks", "approx 10 weeks", "3 months", "24 sessions", "1 year", "varies"];
    private static readonly string[] Places = ["approx 40", "25", "30-40", "100+", "twelve", "none", "c. 60", "200", "not sure"];
    private static readonly string[] Waits = ["none", "2 weeks", "4-6 weeks", "about 3 months", "0", "8"];
    private static readonly string[] Funding = ["31/03/2025", "March 2026", "2025-03-31", "ongoing / core funded", "don't know", "31st March 2027", "31 Mar 2025", "2026"];
    private static readonly string[] Contacts = ["referrals@example.org", "01234 567890", "https://example.org/refer", "Tel: 029 2000 0000; referrals@example.org", "www.example.org/referrals"];

    private static readonly string[] Purposes = ["Prevent perpetration in the first instance", "Prevent perpetration from happening again", "Hold perpetrators to account", "Support perpetrators to change their behaviour", "Manage the risk posed by perpetrators"];
    private static readonly string[] Forms = ["Domestic abuse", "Sexual violence", "Stalking", "Harassment (including online)", "Coercive control", "So-called honour-based abuse", "FGM", "Forced marriage", "CAPVA"];
    private static readonly string[] Settings = ["Community", "Custodial", "Online", "Education setting", "Health setting"];
    private static readonly string[] Stages = ["Primary prevention", "Early intervention", "Pre-sentence / out of court", "Court-mandated", "Custodial", "Resettlement / post-sentence"];
    private static readonly string[] Ages = ["Under 10", "10-17", "18-25", "Adults", "Older people 60+"];
    private static readonly string[] Groups = ["LGBTQ+", "Black, Asian and minority ethnic communities", "Disabled people", "Neurodivergent people", "People with substance misuse needs", "Armed forces and veterans"];
    private static readonly string[] Risks = ["Standard", "Medium", "High"];
    private static readonly string[] Routes = ["Self-referral", "Police", "Probation", "Courts (mandated)", "Children's services", "Health", "MARAC", "Other agency"];
    private static readonly string[] Languages = ["English", "Welsh", "BSL", "Polish"];
    private static readonly string[] Accreditations = ["Respect accreditation", "HMPPS accredited programme", "Welsh Government perpetrator service standards", "None"];
    private static readonly string[] Funders = ["Welsh Government", "Home Office", "Police and Crime Commissioner", "Local authority", "HMPPS / Ministry of Justice", "Health board", "National Lottery / charitable trust", "Participant-paid", "Town council grant"];
    private static readonly string[] FirstNames = ["Alex", "Sam", "Rhian", "Dafydd", "Priya", "Tomasz", "Catrin", "Jordan", "Nia", "Owain"];
    private static readonly string[] LastNames = ["Example", "Sample", "Placeholder", "Testing", "Specimen"];

    /// <summary>One synthetic response, as the respondent answered it.</summary>
    private sealed class Answers
    {
        public required Dictionary<string, string> Single { get; init; }
        public required Dictionary<string, List<string>> Multi { get; init; }
        public DateTime Started { get; init; }
        public DateTime Completed { get; init; }
        public int Id { get; init; }
    }

    /// <summary>Writes a Microsoft Forms-shaped export of <paramref name="rows"/> responses.</summary>
    public static void WriteMsForms(TextWriter output, MappingProfile profile, int rows, int seed = DefaultSeed, bool mess = true)
    {
        using var csv = CsvWriter.Create(output, CsvWriterOptions.Default with { FormatProvider = CultureInfo.InvariantCulture }, leaveOpen: true);
        var columns = profile.Fields.Where(f => f.Key is not ("responseId" or "completedAt")).ToList();
        csv.WriteField("ID");
        csv.WriteField("Start time");
        csv.WriteField("Completion time");
        csv.WriteField("Email");
        csv.WriteField("Name");
        foreach (var (_, map) in columns)
        {
            csv.WriteField(map.Column);
        }
        csv.EndRecord();
        foreach (var a in Responses(rows, seed, mess))
        {
            if (a is null)
            {
                Blank(csv, output, 5 + columns.Count);
                continue;
            }
            csv.WriteField(a.Id.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(a.Started.ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture));
            csv.WriteField(a.Completed.ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture));
            csv.WriteField("anonymous");
            csv.WriteField("");
            foreach (var (field, map) in columns)
            {
                if (map.Split is { } split)
                {
                    var list = a.Multi.GetValueOrDefault(field) ?? [];
                    csv.WriteField(list.Count == 0 ? "" : string.Concat(list.Select(x => x + split)));
                }
                else
                {
                    csv.WriteField(a.Single.GetValueOrDefault(field) ?? "");
                }
            }
            csv.EndRecord();
        }
        csv.Flush();
    }

    /// <summary>Writes a one-column-per-option export (SmartSurvey style) of <paramref name="rows"/> responses.</summary>
    public static void WritePerOption(TextWriter output, MappingProfile profile, int rows, int seed = DefaultSeed, bool mess = true)
    {
        using var csv = CsvWriter.Create(output, CsvWriterOptions.Default with { FormatProvider = CultureInfo.InvariantCulture }, leaveOpen: true);
        var columns = profile.Fields.Where(f => f.Key is not ("responseId" or "completedAt")).ToList();
        var count = 3;
        csv.WriteField("Response ID");
        csv.WriteField("Date Started");
        csv.WriteField("Date Ended");
        foreach (var (_, map) in columns)
        {
            foreach (var header in map.Headers())
            {
                csv.WriteField(header);
                count++;
            }
        }
        csv.EndRecord();
        foreach (var a in Responses(rows, seed, mess))
        {
            if (a is null)
            {
                Blank(csv, output, count);
                continue;
            }
            csv.WriteField(a.Id.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(a.Started.ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture));
            csv.WriteField(a.Completed.ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture));
            foreach (var (field, map) in columns)
            {
                if (map.Options is { } options)
                {
                    var list = a.Multi.GetValueOrDefault(field) ?? [];
                    var others = new List<string>();
                    var ticked = new HashSet<string>();
                    foreach (var answer in list)
                    {
                        var option = options.FirstOrDefault(o => HeaderKey.Of(o) == HeaderKey.Of(answer));
                        if (option is null)
                        {
                            others.Add(answer);
                        }
                        else
                        {
                            ticked.Add(option);
                        }
                    }
                    foreach (var option in options)
                    {
                        // Some tools write the option's text, some write 1.
                        csv.WriteField(ticked.Contains(option) ? (a.Id % 2 == 0 ? option : "1") : "");
                    }
                    if (map.Other is not null)
                    {
                        csv.WriteField(string.Join("; ", others));
                    }
                }
                else
                {
                    csv.WriteField(a.Single.GetValueOrDefault(field) ?? "");
                }
            }
            csv.EndRecord();
        }
        csv.Flush();
    }

    /// <summary>Excel writes a blank row as commas; a hand-edited file may have a truly empty line.</summary>
    private static void Blank(CsvWriter csv, TextWriter output, int columns)
    {
        for (var i = 0; i < columns; i++)
        {
            csv.WriteField("");
        }
        csv.EndRecord();
        csv.Flush();
        output.Write("\r\n");
    }

    /// <summary>The responses in file order; null stands for blank rows.</summary>
    private static IEnumerable<Answers?> Responses(int rows, int seed, bool mess)
    {
        var random = new Random(seed);
        var start = new DateTime(2023, 12, 4, 9, 0, 0, DateTimeKind.Utc);
        Answers? duplicateSource = null;
        for (var i = 0; i < rows; i++)
        {
            if (mess && i == 7)
            {
                yield return null;
            }
            var a = Make(random, i, start.AddMinutes(i * 37 % 80_000), mess);
            if (mess && i == 3)
            {
                duplicateSource = a;
            }
            yield return a;
            if (mess && i == 11 && duplicateSource is not null)
            {
                // The same intervention submitted again a few days later.
                yield return new Answers
                {
                    Id = 100_000 + duplicateSource.Id, Started = duplicateSource.Started.AddDays(3), Completed = duplicateSource.Completed.AddDays(3),
                    Single = new(duplicateSource.Single), Multi = duplicateSource.Multi,
                };
            }
        }
    }

    private static Answers Make(Random random, int i, DateTime started, bool mess)
    {
        var organisation = Organisations[i % Organisations.Length];
        var kind = Kinds[i / Organisations.Length % Kinds.Length];
        var round = i / (Organisations.Length * Kinds.Length);
        var name = round == 0 ? kind.Name : Invariant($"{kind.Name} {round + 1}");
        var first = FirstNames[random.Next(FirstNames.Length)];
        var last = LastNames[random.Next(LastNames.Length)];
        var single = new Dictionary<string, string>
        {
            ["organisationName"] = organisation,
            ["organisationType"] = kind.Type.StartsWith("Other", StringComparison.Ordinal) ? "Faith group" : kind.Type,
            ["respondentName"] = $"{first} {last}",
            ["respondentJobTitle"] = Pick(random, "Service manager", "Programme lead", "Team leader", "Commissioning officer", "Rheolwr gwasanaeth"),
            ["respondentEmail"] = $"{first.ToLowerInvariant()}.{last.ToLowerInvariant()}@example.org",
            ["consentToPublish"] = random.Next(10) < 8 ? Pick(random, "Yes", "Yes", "Ie") : "No",
            ["consentToContact"] = Pick(random, "Yes", "No"),
            ["interventionName"] = name,
            ["description"] = Invariant($"(synthetic) A fictional {kind.Name.ToLowerInvariant()} for survey testing; no such service exists."),
            ["venuePostcodes"] = Pick(random, Postcodes),
            ["venueVisibility"] = Pick(random, "Yes - show the address", "Show the area only", "No - keep the location hidden"),
            ["gender"] = Pick(random, "Men", "All", "Women", "Male"),
            ["format"] = Pick(random, "Group work", "One-to-one", "Mixed", "Online", "1:1"),
            ["length"] = Pick(random, Lengths),
            ["placesPerYear"] = Pick(random, Places),
            ["waitingTimeWeeks"] = Pick(random, Waits),
            ["supportsPartners"] = Pick(random, "Yes", "No", "Ydw"),
            ["fundingEnds"] = Pick(random, Funding),
            ["evaluation"] = Pick(random, "Independent evaluation", "Internal evaluation", "Planned", "No"),
            ["outcomeMeasures"] = Pick(random, "Repeat referrals to MARAC; partner feedback", "Pre/post questionnaires", "", "Police call-outs at 6 and 12 months"),
            ["barriers"] = Pick(random, "Short-term funding", "Waiting lists, recruitment", "Rural travel times", ""),
            ["referralContact"] = Pick(random, Contacts),
        };
        var areas = new List<string>();
        if (random.Next(4) == 0)
        {
            areas.Add(Pick(random, Regions));
        }
        else
        {
            for (var n = 1 + random.Next(3); n > 0; n--)
            {
                var area = Pick(random, Areas);
                if (!areas.Contains(area))
                {
                    areas.Add(area);
                }
            }
        }
        var multi = new Dictionary<string, List<string>>
        {
            ["purposes"] = Some(random, Purposes, 1, 3),
            ["forms"] = Some(random, Forms, 1, 3),
            ["settings"] = Some(random, Settings, 1, 2),
            ["stages"] = Some(random, Stages, 1, 1),
            ["areas"] = areas,
            ["ageBands"] = Some(random, Ages, 1, 2),
            ["cohortGroups"] = Some(random, Groups, 0, 2),
            ["riskLevels"] = Some(random, Risks, 1, 3),
            ["referralRoutes"] = Some(random, Routes, 1, 3),
            ["languages"] = Some(random, Languages, 1, 2),
            ["accreditations"] = Some(random, Accreditations, 1, 1),
            ["fundingSources"] = Some(random, Funders, 1, 2),
        };
        if (mess)
        {
            switch (i)
            {
                case 1:
                    single["description"] = "(synthetic) Runs in two parts:\r\n1. a 12-week group, \"Choices\";\r\n2. one-to-one follow-up, if needed.";
                    break;
                case 2:
                    single["description"] = "=HYPERLINK(\"https://example.invalid\",\"Click for details\")";
                    single["outcomeMeasures"] = "+44 checks, @team review";
                    break;
                case 5:
                    single["interventionName"] = "";
                    break;
                case 6:
                    multi["areas"] = ["Cardif", "Ynys Môn"];
                    break;
                case 8:
                    multi["areas"] = ["North Wales"];
                    single["placesPerYear"] = "approx 40";
                    single["length"] = "6-8 weeks";
                    break;
                case 9:
                    single["consentToPublish"] = "No";
                    break;
                case 10:
                    multi["areas"] = ["All of Wales"];
                    single["fundingEnds"] = "31/03/2025";
                    break;
            }
        }
        return new Answers { Id = i + 1, Started = started, Completed = started.AddMinutes(12 + random.Next(30)), Single = single, Multi = multi };
    }

    private static string Pick(Random random, params string[] options) => options[random.Next(options.Length)];

    private static List<string> Some(Random random, string[] options, int min, int max)
    {
        var n = min + random.Next(max - min + 1);
        return options.OrderBy(_ => random.Next()).Take(n).ToList();
    }

    /// <summary>Writes both sample files (data/sample/survey-msforms.csv and survey-per-option.csv) as UTF-8 with a BOM, as Excel saves them.</summary>
    public static void WriteSamples(string dataRoot, int rows = 60)
    {
        var profiles = new ProfileCatalog(dataRoot);
        var folder = Path.Combine(dataRoot, "data", "sample");
        Directory.CreateDirectory(folder);
        using (var w = new StreamWriter(Path.Combine(folder, "survey-msforms.csv"), false, new UTF8Encoding(true)))
        {
            WriteMsForms(w, profiles.Get("msforms-2023"), rows);
        }
        using (var w = new StreamWriter(Path.Combine(folder, "survey-per-option.csv"), false, new UTF8Encoding(true)))
        {
            WritePerOption(w, profiles.Get("per-option-2023"), rows);
        }
    }
}
