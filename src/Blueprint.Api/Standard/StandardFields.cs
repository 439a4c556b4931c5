using Blueprint.Data.Listings;
using Blueprint.Ingest.Profiles;

namespace Blueprint.Api.Standard;

/// <summary>What kind of value a field of the standard holds.</summary>
public enum StandardType { Text, Whole, YesNo, Date, Code, Codes, Areas, Uuid, DateTime }

/// <summary>
/// One field of the national minimum data standard: its name in the API (OData, JSON Schema), its column in the
/// bulk template (null when the template does not carry it), whether a listing must have it, its vocabulary (codes
/// and labels come from data/vocabularies.json), its meaning in English and Welsh and its Open Referral UK
/// equivalent (ORUK 3.0 field names, <c>schema/service.json</c> and the objects it links to).
/// </summary>
public sealed record StandardField(
    string Field, string? Column, StandardType Type, bool Required, bool SetByDirectory, string? Vocabulary,
    int? MaxLength, string MeaningEn, string MeaningCy, string Oruk);

/// <summary>
/// The fields of the standard, in the bulk template's order, from the model: the listings profile's columns
/// (<see cref="ListingsProfile"/>), the listing rules' vocabularies and lengths (<see cref="ListingRules"/>), and the
/// meanings below. A field the profile gains without a meaning here fails the standard's tests.
/// </summary>
public static class StandardFields
{
    public const string Version = "1.0.0";

    /// <summary>Fields the template does not carry but a published listing does (set by the directory).</summary>
    private static readonly string[] DirectoryFields = ["PublicId", "LastVerified", "PublicModifiedAt"];

    /// <summary>Meaning (English, Welsh) and ORUK equivalent, by field.</summary>
    private static readonly Dictionary<string, (string En, string Cy, string Oruk)> Meanings = new(StringComparer.Ordinal)
    {
        ["OrganisationId"] = ("The organisation that runs the service: its number in the directory.", "Y sefydliad sy'n rhedeg y gwasanaeth: ei rif yn y cyfeiriadur.", "service.organization_id"),
        ["Id"] = ("The listing's number in the directory. Leave it empty for a new listing.", "Rhif y rhestriad yn y cyfeiriadur. Gadewch ef yn wag ar gyfer rhestriad newydd.", "—"),
        ["PublicId"] = ("The listing's stable public identifier (a UUID), never reused.", "Dynodwr cyhoeddus sefydlog y rhestriad (UUID), na chaiff byth ei ailddefnyddio.", "service.id"),
        ["Name"] = ("The name of the service in English.", "Enw'r gwasanaeth yn Saesneg.", "service.name"),
        ["NameCy"] = ("The name of the service in Welsh.", "Enw'r gwasanaeth yn Gymraeg.", "—"),
        ["Description"] = ("What the service does and for whom, in English.", "Beth mae'r gwasanaeth yn ei wneud ac i bwy, yn Saesneg.", "service.description"),
        ["DescriptionCy"] = ("What the service does and for whom, in Welsh.", "Beth mae'r gwasanaeth yn ei wneud ac i bwy, yn Gymraeg.", "—"),
        ["Status"] = ("Whether the service is running now.", "A yw'r gwasanaeth yn rhedeg ar hyn o bryd.", "service.status (active → active, paused → temporarily closed, closed → defunct)"),
        ["AllWales"] = ("The service is open to people anywhere in Wales.", "Mae'r gwasanaeth ar agor i bobl unrhyw le yng Nghymru.", "service_areas (Wales, W92000004)"),
        ["Areas"] = ("The local authorities served, as ONS codes (a region's code stands for its local authorities).", "Yr awdurdodau lleol a wasanaethir, fel codau ONS (mae cod rhanbarth yn cynrychioli ei awdurdodau lleol).", "service_areas.uri"),
        ["Purposes"] = ("What the intervention aims to achieve.", "Beth mae'r ymyriad yn anelu at ei gyflawni.", "attributes (taxonomy_term)"),
        ["Forms"] = ("The forms of violence against women, domestic abuse and sexual violence it addresses.", "Y mathau o drais yn erbyn menywod, cam-drin domestig a thrais rhywiol y mae'n mynd i'r afael â nhw.", "attributes (taxonomy_term)"),
        ["Settings"] = ("Where or how the intervention is delivered.", "Ble neu sut y darperir yr ymyriad.", "attributes (taxonomy_term)"),
        ["Stages"] = ("The stages of the justice or support journey at which people can join.", "Y camau yn y daith cyfiawnder neu gymorth lle gall pobl ymuno.", "attributes (taxonomy_term)"),
        ["Gender"] = ("Who the intervention is for by gender.", "Ar gyfer pwy y mae'r ymyriad, yn ôl rhywedd.", "attributes (taxonomy_term)"),
        ["AgeBands"] = ("The age groups the intervention works with.", "Y grwpiau oedran y mae'r ymyriad yn gweithio gyda nhw.", "service.minimum_age, service.maximum_age; attributes"),
        ["CohortGroups"] = ("Particular groups the intervention is designed for.", "Grwpiau penodol y cynlluniwyd yr ymyriad ar eu cyfer.", "attributes (taxonomy_term)"),
        ["RiskLevels"] = ("The levels of risk the intervention accepts.", "Y lefelau risg y mae'r ymyriad yn eu derbyn.", "attributes (taxonomy_term)"),
        ["ReferralRoutes"] = ("How people are referred or refer themselves.", "Sut mae pobl yn cael eu cyfeirio neu'n cyfeirio eu hunain.", "attributes (taxonomy_term)"),
        ["Format"] = ("Whether the intervention is delivered to groups, individuals or both.", "A yw'r ymyriad yn cael ei ddarparu i grwpiau, unigolion neu'r ddau.", "attributes (taxonomy_term)"),
        ["LengthText"] = ("How long the intervention lasts, as the provider describes it (\"26 weekly sessions\").", "Pa mor hir mae'r ymyriad yn para, fel y mae'r darparwr yn ei ddisgrifio (\"26 sesiwn wythnosol\").", "—"),
        ["Languages"] = ("The languages the intervention can be delivered in.", "Yr ieithoedd y gellir darparu'r ymyriad ynddynt.", "languages"),
        ["PlacesPerYear"] = ("How many people the intervention can take in a year.", "Faint o bobl y gall yr ymyriad eu derbyn mewn blwyddyn.", "—"),
        ["WaitingTimeWeeks"] = ("The usual wait before starting, in weeks.", "Yr amser aros arferol cyn dechrau, mewn wythnosau.", "—"),
        ["SupportsPartners"] = ("Whether (ex-)partners or family are supported alongside.", "A yw (cyn-)bartneriaid neu deulu yn cael cymorth ochr yn ochr.", "attributes (taxonomy_term)"),
        ["Accreditations"] = ("Accreditations the intervention holds.", "Achrediadau sydd gan yr ymyriad.", "service.accreditations"),
        ["FundingSources"] = ("Where the intervention's funding comes from.", "O ble daw cyllid yr ymyriad.", "funding.source"),
        ["FundingEnds"] = ("When fixed-term funding ends.", "Pryd mae cyllid cyfnod penodol yn dod i ben.", "—"),
        ["FundingStatus"] = ("Whether funding is fixed-term, ongoing or not known.", "A yw'r cyllid am gyfnod penodol, yn barhaus neu heb ei wybod.", "—"),
        ["Evaluation"] = ("How the intervention has been evaluated.", "Sut mae'r ymyriad wedi'i werthuso.", "attributes (taxonomy_term)"),
        ["OutcomeMeasures"] = ("The outcomes the intervention measures.", "Y canlyniadau y mae'r ymyriad yn eu mesur.", "—"),
        ["ReferralPhone"] = ("The phone number for referrals.", "Y rhif ffôn ar gyfer atgyfeiriadau.", "contacts.phones.number"),
        ["ReferralEmail"] = ("The e-mail address for referrals.", "Y cyfeiriad e-bost ar gyfer atgyfeiriadau.", "service.email"),
        ["ReferralUrl"] = ("The web page for referrals or more information.", "Y dudalen we ar gyfer atgyfeiriadau neu ragor o wybodaeth.", "service.url"),
        ["LastVerified"] = ("When the provider last confirmed the listing is accurate.", "Pryd y cadarnhaodd y darparwr ddiwethaf fod y rhestriad yn gywir.", "service.assured_date"),
        ["PublicModifiedAt"] = ("When a public field of the listing last changed.", "Pryd y newidiodd maes cyhoeddus yn y rhestriad ddiwethaf.", "service.last_modified"),
    };

    private static readonly Dictionary<string, string> Vocabularies =
        ListingRules.CodeLists.Select(c => (c.Field, c.Vocabulary)).Concat(ListingRules.Codes.Select(c => (c.Field, c.Vocabulary)))
            .ToDictionary(c => c.Field, c => c.Vocabulary, StringComparer.Ordinal);

    private static readonly Dictionary<string, int> Lengths = ListingRules.Texts.ToDictionary(t => t.Field, t => t.MaxLength, StringComparer.Ordinal);

    /// <summary>Fields a listing must have (the listing rules' "Required").</summary>
    private static readonly HashSet<string> RequiredFields = ["OrganisationId", "Name", "Status"];

    /// <summary>Every field of the standard, the template's first, in its order.</summary>
    public static IReadOnlyList<StandardField> All { get; } = Build();

    /// <summary>Fields whose meaning is missing (a profile column or directory field added without one): empty when the standard is complete.</summary>
    public static IReadOnlyList<string> Undescribed { get; } =
        [.. ListingsProfile.Columns.Where(c => c.Field is not null).Select(c => c.Field!).Concat(DirectoryFields).Where(f => !Meanings.ContainsKey(f))];

    private static List<StandardField> Build()
    {
        var fields = new List<StandardField>();
        foreach (var column in ListingsProfile.Columns.Where(c => c.Field is not null && c.Kind != ListingColumnKind.ReadOnly))
        {
            fields.Add(Field(column.Field!, column.Header, TypeOf(column), setByDirectory: false));
        }
        fields.Add(Field("PublicId", "Public id", StandardType.Uuid, setByDirectory: true));
        fields.Add(Field("LastVerified", "Last verified", StandardType.Date, setByDirectory: true));
        fields.Add(Field("PublicModifiedAt", null, StandardType.DateTime, setByDirectory: true));
        return fields;
    }

    private static StandardField Field(string name, string? column, StandardType type, bool setByDirectory)
    {
        var (en, cy, oruk) = Meanings.TryGetValue(name, out var m) ? m : ("", "", "");
        var vocabulary = Vocabularies.GetValueOrDefault(name);
        return new StandardField(name, column, type, RequiredFields.Contains(name), setByDirectory, vocabulary,
            Lengths.TryGetValue(name, out var max) ? max : null, en, cy, oruk);
    }

    private static StandardType TypeOf(ListingColumn column) => column.Kind switch
    {
        ListingColumnKind.Id or ListingColumnKind.Organisation or ListingColumnKind.Number => StandardType.Whole,
        ListingColumnKind.YesNo => StandardType.YesNo,
        ListingColumnKind.Date => StandardType.Date,
        ListingColumnKind.Code => StandardType.Code,
        ListingColumnKind.Codes => StandardType.Codes,
        ListingColumnKind.Areas => StandardType.Areas,
        _ => StandardType.Text,
    };

    /// <summary>FundingStatus's codes, which are fixed in the listing rules rather than a vocabulary.</summary>
    public static IReadOnlyList<(string Code, string En, string Cy)> FundingStatuses { get; } =
    [
        ("fixed-term", "Fixed term", "Cyfnod penodol"),
        ("ongoing", "Ongoing", "Parhaus"),
        ("unknown", "Not known", "Anhysbys"),
    ];
}
