using Blueprint.Data.Directory;
using Blueprint.Data.Geography;

namespace Blueprint.Data.Sample;

/// <summary>
/// Makes a realistic, clearly synthetic directory: provision spread unevenly over Wales (weighted by
/// population, with gaps), some all-Wales services, hidden and approximate venues, Welsh-language
/// provision mostly in the west and north. Deterministic for a given seed.
/// </summary>
public sealed class SampleGenerator(AreaLocator geography, int seed = 2023)
{
    private readonly Random random = new(seed);

    // Rough relative weights (population, with a few deliberately thin areas) by ONS code.
    private static readonly Dictionary<string, double> Weight = new()
    {
        ["W06000015"] = 12, ["W06000011"] = 8, ["W06000016"] = 7, ["W06000022"] = 5, ["W06000018"] = 5,
        ["W06000010"] = 5, ["W06000005"] = 4, ["W06000013"] = 4, ["W06000006"] = 4, ["W06000012"] = 4,
        ["W06000014"] = 3.5, ["W06000002"] = 3, ["W06000023"] = 3, ["W06000003"] = 3, ["W06000009"] = 3,
        ["W06000004"] = 2.5, ["W06000021"] = 2, ["W06000020"] = 2, ["W06000019"] = 1, ["W06000001"] = 1.5,
        ["W06000008"] = 0.6, ["W06000024"] = 0.4,
    };

    // Where Welsh is most used in daily life: more Welsh-medium provision.
    private static readonly HashSet<string> WelshHeartland = ["W06000001", "W06000002", "W06000008", "W06000010", "W06000003", "W06000004"];

    private static readonly (string En, string Cy, string[] Forms, string[] Purposes, string[] Stages, string[] Settings)[] Kinds =
    [
        ("Domestic Abuse Perpetrator Programme", "Rhaglen i Gyflawnwyr Cam-drin Domestig", ["domestic-abuse", "coercive-control"], ["behaviour-change", "prevent-reoffending", "manage-risk"], ["early-intervention", "court-mandated"], ["community"]),
        ("Healthy Relationships for Young People", "Perthnasoedd Iach i Bobl Ifanc", ["domestic-abuse", "harassment"], ["prevent-first-instance"], ["primary-prevention"], ["education", "community"]),
        ("Family Programme for Child to Parent Violence", "Rhaglen Deuluol ar Drais Plant at Rieni", ["capva", "domestic-abuse"], ["behaviour-change", "prevent-reoffending"], ["early-intervention"], ["community"]),
        ("High-Harm Perpetrator Case Management", "Rheoli Achosion Cyflawnwyr Niwed Uchel", ["domestic-abuse", "stalking", "coercive-control"], ["manage-risk", "hold-to-account"], ["early-intervention", "pre-sentence"], ["community"]),
        ("Stalking Intervention Service", "Gwasanaeth Ymyrraeth Stelcio", ["stalking", "harassment"], ["manage-risk", "behaviour-change"], ["pre-sentence", "court-mandated"], ["community", "health"]),
        ("Harmful Sexual Behaviour Service", "Gwasanaeth Ymddygiad Rhywiol Niweidiol", ["sexual-violence"], ["behaviour-change", "prevent-reoffending"], ["early-intervention", "court-mandated"], ["community"]),
        ("Custody Relationships Course", "Cwrs Perthnasoedd yn y Ddalfa", ["domestic-abuse"], ["behaviour-change", "prevent-reoffending"], ["custodial"], ["custodial"]),
        ("Resettlement Support for Perpetrators", "Cymorth Ailsefydlu i Gyflawnwyr", ["domestic-abuse", "sexual-violence"], ["prevent-reoffending", "manage-risk"], ["resettlement"], ["community"]),
        ("Out of Court Disposal Programme", "Rhaglen Gwaredu y Tu Allan i'r Llys", ["domestic-abuse"], ["hold-to-account", "behaviour-change"], ["pre-sentence"], ["community"]),
        ("Online Abuse Awareness Course", "Cwrs Ymwybyddiaeth Cam-drin Ar-lein", ["harassment", "sexual-violence"], ["prevent-first-instance", "behaviour-change"], ["primary-prevention", "early-intervention"], ["online"]),
        ("Honour-Based Abuse and Forced Marriage Prevention", "Atal Cam-drin ar Sail Anrhydedd a Phriodas dan Orfod", ["honour-based-abuse", "forced-marriage", "fgm"], ["prevent-first-instance", "manage-risk"], ["primary-prevention", "early-intervention"], ["community"]),
        ("Early Help for Those Worried About Their Behaviour", "Cymorth Cynnar i Bobl sy'n Poeni am eu Hymddygiad", ["domestic-abuse", "coercive-control"], ["prevent-first-instance", "behaviour-change"], ["early-intervention"], ["community", "online"]),
    ];

    private static readonly (string Name, string Type)[] OrgStems =
    [
        ("Change Path Cymru", "specialist-third-sector"), ("Safer Futures", "specialist-third-sector"),
        ("Llwybr Newydd", "specialist-third-sector"), ("Respectful Relationships Trust", "specialist-third-sector"),
        ("Valleys Men's Project", "specialist-third-sector"), ("Coastal Family Support", "specialist-third-sector"),
        ("Dyfodol Diogel", "specialist-third-sector"), ("Bridges to Change", "specialist-third-sector"),
        ("Youth Justice Service", "youth-justice"), ("Children's Services Family Team", "la-social-services"),
        ("Probation Delivery Unit", "probation-hmpps"), ("Police Early Intervention Team", "police"),
        ("Health Board Safeguarding Team", "health"), ("Housing Association Tenancy Team", "housing"),
        ("PCC Commissioned Service", "pcc"), ("Schools Healthy Relationships Team", "education"),
    ];

    public SampleDirectory Generate(int organisations, int interventions, DateOnly today)
    {
        var las = geography.Catalog.LocalAuthorities.ToList();
        var directory = new SampleDirectory { AsOf = today };
        for (var o = 0; o < organisations; o++)
        {
            var (stem, type) = OrgStems[o % OrgStems.Length];
            var home = PickWeighted(las);
            var name = type == "specialist-third-sector" ? $"{stem} {home.NameEn}" : $"{home.NameEn} {stem}";
            var slug = new string(name.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());
            directory.Organisations.Add(new SampleDirectory.SampleOrganisation
            {
                Organisation = new Organisation
                {
                    Name = $"{name} (sample {o + 1})",
                    NameCy = type == "specialist-third-sector" ? null : $"{home.NameCy} – {stem} (sampl {o + 1})",
                    Type = type,
                    Website = $"https://{slug}.example.org",
                    Email = $"info@{slug}.example.org",
                    Phone = $"01632 {960000 + o:D6}"[..12],
                    // The sample stands for organisations that were listed before moderation: their edits publish at once.
                    EditsWaitForApproval = false,
                },
            });
        }

        for (var n = 0; n < interventions; n++)
        {
            var org = directory.Organisations[(int)(Math.Pow(random.NextDouble(), 1.6) * organisations)];
            org.Interventions.Add(Intervention(n, org.Organisation, las, today));
        }
        directory.Organisations.RemoveAll(o => o.Interventions.Count == 0);
        return directory;
    }

    private SampleDirectory.SampleIntervention Intervention(int n, Organisation org, List<Area> las, DateOnly today)
    {
        var kind = Kinds[random.Next(Kinds.Length)];
        var allWales = random.NextDouble() < 0.07;
        var home = PickWeighted(las);
        var served = allWales ? [] : Neighbours(home, las);
        var welsh = WelshHeartland.Contains(home.Code) ? random.NextDouble() < 0.55 : random.NextDouble() < 0.12;
        var format = Pick("group", "one-to-one", "mixed", "online");
        var weeks = random.Next(1, 5) * 6;
        var stale = random.NextDouble() < 0.15;
        // Most listings verified within the six-month cycle; the rest overdue, some still shown as stale, most hidden.
        var verified = today.AddDays(-(stale ? random.Next(190, 420) : random.Next(3, 170)));
        var fundingEnds = random.NextDouble() < 0.6 ? today.AddMonths(random.Next(-2, 30)) : (DateOnly?)null;
        var intervention = new Intervention
        {
            Name = $"{home.NameEn} {kind.En}",
            NameCy = welsh || random.NextDouble() < 0.5 ? $"{kind.Cy} {home.NameCy}" : null,
            Description = $"Synthetic sample record. {kind.En} run by {org.Name} for people referred in {(allWales ? "all of Wales" : home.NameEn)}: assessment, {weeks} weeks of {(format == "group" ? "group sessions" : "one-to-one sessions")}, and safety planning with partner services.",
            DescriptionCy = welsh ? $"Cofnod sampl synthetig. {kind.Cy} gan {org.Name}: asesiad, {weeks} wythnos o sesiynau, a chynllunio diogelwch gyda gwasanaethau partner." : null,
            Purposes = [.. kind.Purposes],
            Forms = [.. kind.Forms],
            Settings = [.. kind.Settings],
            Stages = [.. kind.Stages],
            Gender = kind.En.Contains("Young") || kind.En.Contains("Family") ? "all" : Pick("men", "men", "men", "all", "women"),
            AgeBands = kind.En.Contains("Young") ? ["10-17"] : kind.En.Contains("Family") ? ["10-17", "under-10"] : Some(["18-25", "adults", "older-60-plus"], 1),
            CohortGroups = Some(["lgbtq", "minoritised-ethnic", "disabled", "neurodivergent", "substance-misuse", "armed-forces"], 0, 0.2),
            RiskLevels = kind.En.Contains("High-Harm") ? ["high"] : Some(["standard", "medium", "high"], 1),
            ReferralRoutes = Some(["self", "police", "probation", "courts", "childrens-services", "health", "marac", "other-agency"], 1, 0.35),
            Format = format,
            LengthText = $"{weeks} weekly sessions",
            LengthWeeks = weeks,
            Languages = welsh ? (random.NextDouble() < 0.2 ? ["cy", "en", "bsl"] : ["cy", "en"]) : (random.NextDouble() < 0.05 ? ["en", "bsl"] : ["en"]),
            PlacesPerYear = random.Next(1, 16) * 10,
            WaitingTimeWeeks = random.NextDouble() < 0.2 ? null : random.Next(0, 20),
            SupportsPartners = random.NextDouble() < 0.7,
            Accreditations = Some(["respect", "hmpps-accredited", "wg-standards"], 0, 0.3) is { Count: > 0 } acc ? acc : ["none"],
            FundingSources = Some(["welsh-government", "home-office", "pcc", "local-authority", "hmpps-moj", "health-board", "lottery-charitable"], 1, 0.25),
            FundingEnds = fundingEnds,
            FundingStatus = fundingEnds is null ? Pick("ongoing", "unknown") : "fixed-term",
            Evaluation = Pick("independent", "internal", "internal", "planned", "none"),
            OutcomeMeasures = Pick("Partner-reported safety; police call-outs", "Self-reported behaviour change questionnaire", null),
            ReferralPhone = org.Phone,
            ReferralEmail = $"referrals{n % 7}@{org.Website!["https://".Length..]}",
            ReferralUrl = $"{org.Website}/referrals",
            Status = random.NextDouble() < 0.06 ? "paused" : random.NextDouble() < 0.03 ? "closed" : "active",
            AllWales = allWales,
            LastVerified = verified,
            VerifiedBy = "Sample generator",
            Source = "editor",
            SourceReference = "synthetic sample",
        };
        var result = new SampleDirectory.SampleIntervention { Intervention = intervention, AreaCodes = served.Select(a => a.Code).ToList() };
        var venueCount = kind.Settings.Contains("online") ? 0 : random.Next(1, 3);
        for (var v = 0; v < venueCount; v++)
        {
            var at = allWales || v == 0 ? home : served[random.Next(served.Count)];
            var (lat, lon) = PointIn(at);
            var visibility = random.NextDouble() switch { < 0.12 => VenueVisibility.Hidden, < 0.30 => VenueVisibility.Approximate, _ => VenueVisibility.Exact };
            result.Venues.Add(new VenueRecord
            {
                Name = visibility == VenueVisibility.Hidden ? $"Co-located venue (confidential) {n}" : $"{at.NameEn} Community Hub",
                Address = $"{random.Next(1, 200)} Sample Street, {at.NameEn}",
                Latitude = Math.Round(lat, 5),
                Longitude = Math.Round(lon, 5),
                AreaCode = at.Code,
                Visibility = visibility,
            });
        }
        return result;
    }

    private List<Area> Neighbours(Area home, List<Area> las)
    {
        var served = new List<Area> { home };
        var region = geography.Catalog.All.FirstOrDefault(a => a.Kind == AreaKinds.VawdasvRegion && a.LocalAuthorities.Contains(home.Code));
        if (region is not null && random.NextDouble() < 0.35)
        {
            served = las.Where(a => region.LocalAuthorities.Contains(a.Code)).ToList();
        }
        return served;
    }

    private (double Lat, double Lon) PointIn(Area area)
    {
        var env = geography.ShapeOf(area.Code)!.EnvelopeInternal;
        for (var attempt = 0; attempt < 500; attempt++)
        {
            var lat = env.MinY + random.NextDouble() * env.Height;
            var lon = env.MinX + random.NextDouble() * env.Width;
            if (geography.LocalAuthorityAt(lat, lon)?.Code == area.Code)
            {
                return (lat, lon);
            }
        }
        var c = geography.ShapeOf(area.Code)!.InteriorPoint;
        return (c.Y, c.X);
    }

    private Area PickWeighted(List<Area> las)
    {
        var total = las.Sum(a => Weight.GetValueOrDefault(a.Code, 1));
        var x = random.NextDouble() * total;
        foreach (var a in las)
        {
            x -= Weight.GetValueOrDefault(a.Code, 1);
            if (x <= 0)
            {
                return a;
            }
        }
        return las[^1];
    }

    private T Pick<T>(params T[] options) => options[random.Next(options.Length)];

    private List<string> Some(string[] options, int atLeast, double chance = 0.4)
    {
        var chosen = options.Where(_ => random.NextDouble() < chance).ToList();
        while (chosen.Count < atLeast)
        {
            var o = Pick(options);
            if (!chosen.Contains(o))
            {
                chosen.Add(o);
            }
        }
        return chosen;
    }
}
