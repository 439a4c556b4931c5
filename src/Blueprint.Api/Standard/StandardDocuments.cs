using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Blueprint.Data.Vocabularies;
using Blueprint.Ingest.Profiles;

namespace Blueprint.Api.Standard;

/// <summary>
/// The standard's three published forms, generated from <see cref="StandardFields"/> and the vocabularies: a page
/// in English or Welsh, a JSON Schema (2020-12) for one listing, and the CSV template of the listings upload.
/// Deterministic (no dates, no host names), so the committed copies in docs/standard can be compared byte for byte.
/// </summary>
public static class StandardDocuments
{
    public const string SchemaId = "urn:blueprint-wales:standard:listing:" + StandardFields.Version;

    /// <summary>The files <c>standard write DIR</c> writes, and the test compares.</summary>
    public static IReadOnlyList<(string File, Func<VocabularyCatalog, string> Content)> Files { get; } =
    [
        ("standard.en.html", v => Html("en", v)),
        ("standard.cy.html", v => Html("cy", v)),
        ("schema.json", Schema),
        ("template.csv", _ => TemplateCsv()),
    ];

    /// <summary>The upload's header row: the columns of the listings export, in order.</summary>
    public static string TemplateCsv() => string.Join(',', ListingsProfile.Header.Select(Csv)) + "\r\n";

    private static string Csv(string cell) => cell.IndexOfAny([',', '"', '\r', '\n']) < 0 ? cell : $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    public static string Schema(VocabularyCatalog vocabularies)
    {
        var properties = new JsonObject();
        foreach (var field in StandardFields.All)
        {
            var property = TypeOf(field, vocabularies);
            property["title"] = field.Field;
            property["description"] = field.MeaningEn;
            if (field.SetByDirectory || field.Field == "Id")
            {
                property["readOnly"] = true;
            }
            properties[field.Field] = property;
        }
        var schema = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = SchemaId,
            ["title"] = "Perpetration intervention listing (Wales national minimum data standard)",
            ["description"] = $"Version {StandardFields.Version}. One listing as the directory publishes it (GET /odata/Interventions(id)) or as a provider submits it (POST /odata/Interventions, with Areas as codes). Other properties are allowed (OData annotations, bookkeeping).",
            ["type"] = "object",
            ["required"] = new JsonArray([.. StandardFields.All.Where(f => f.Required).Select(f => (JsonNode)f.Field)]),
            ["properties"] = properties,
        };
        return schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }).ReplaceLineEndings("\n") + "\n";
    }

    private static JsonObject TypeOf(StandardField field, VocabularyCatalog vocabularies)
    {
        JsonNode Nullable(string type) => field.Required ? type : new JsonArray(type, "null");
        var codes = Codes(field, vocabularies)?.Select(c => c.Code).ToList();
        var node = field.Type switch
        {
            StandardType.Whole => new JsonObject { ["type"] = Nullable("integer"), ["minimum"] = 0 },
            StandardType.YesNo => new JsonObject { ["type"] = Nullable("boolean") },
            StandardType.Date => new JsonObject { ["type"] = Nullable("string"), ["format"] = "date" },
            StandardType.DateTime => new JsonObject { ["type"] = Nullable("string"), ["format"] = "date-time" },
            StandardType.Uuid => new JsonObject { ["type"] = Nullable("string"), ["format"] = "uuid" },
            StandardType.Code => new JsonObject { ["type"] = Nullable("string") },
            StandardType.Codes => new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
            StandardType.Areas => new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string", ["pattern"] = "^[A-Z0-9-]{2,16}$" } },
            _ => new JsonObject { ["type"] = Nullable("string") },
        };
        if (field.MaxLength is { } max)
        {
            node["maxLength"] = max;
        }
        if (codes is not null)
        {
            var allowed = new JsonArray([.. codes.Select(c => (JsonNode)c)]);
            if (field.Type == StandardType.Codes)
            {
                node["items"]!["enum"] = allowed;
            }
            else
            {
                if (!field.Required)
                {
                    allowed.Add(null);
                }
                node["enum"] = allowed;
            }
        }
        return node;
    }

    /// <summary>A field's allowed codes with their English and Welsh labels (null when any value of its type is allowed).</summary>
    public static IReadOnlyList<(string Code, string En, string Cy)>? Codes(StandardField field, VocabularyCatalog vocabularies) =>
        field.Field == "FundingStatus" ? StandardFields.FundingStatuses
        : field.Vocabulary is { } name ? [.. vocabularies[name].OrderBy(t => t.SortOrder).Select(t => (t.Code, t.LabelEn, t.LabelCy))]
        : null;

    private static readonly Dictionary<string, (string En, string Cy)> Words = new()
    {
        ["title"] = ("National minimum data standard for perpetration interventions", "Safon ddata ofynnol genedlaethol ar gyfer ymyriadau i gyflawnwyr"),
        ["intro"] = ("Every field a listing in the Wales directory of perpetration interventions may hold: what it means, whether it is required, the values it allows and its Open Referral UK (ORUK 3.0) equivalent. It is generated from the directory itself, so it always matches what the directory accepts and publishes.",
            "Pob maes y gall rhestriad yng nghyfeiriadur Cymru o ymyriadau i gyflawnwyr ei gynnwys: ei ystyr, a yw'n ofynnol, y gwerthoedd a ganiateir a'r maes cyfatebol yn Open Referral UK (ORUK 3.0). Fe'i cynhyrchir o'r cyfeiriadur ei hun, felly mae bob amser yn cyfateb i'r hyn y mae'r cyfeiriadur yn ei dderbyn a'i gyhoeddi."),
        ["version"] = ("Version", "Fersiwn"),
        ["other"] = ("Cymraeg", "English"),
        ["downloads"] = ("Downloads", "Lawrlwythiadau"),
        ["schema"] = ("JSON Schema for one listing (validate a listing before you send it)", "Sgema JSON ar gyfer un rhestriad (dilyswch restriad cyn i chi ei anfon)"),
        ["template"] = ("CSV template for bulk submission (the columns of the listings upload)", "Templed CSV ar gyfer cyflwyno mewn swmp (colofnau'r uwchlwythiad rhestriadau)"),
        ["fields"] = ("Fields", "Meysydd"),
        ["field"] = ("Field", "Maes"),
        ["column"] = ("Template column", "Colofn y templed"),
        ["meaning"] = ("Meaning", "Ystyr"),
        ["required"] = ("Required", "Gofynnol"),
        ["optional"] = ("Optional", "Dewisol"),
        ["set"] = ("Set by the directory", "Gosodir gan y cyfeiriadur"),
        ["values"] = ("Allowed values", "Gwerthoedd a ganiateir"),
        ["oruk"] = ("ORUK equivalent", "Cyfwerth ORUK"),
        ["type"] = ("Value", "Gwerth"),
        ["code"] = ("Code", "Cod"),
        ["english"] = ("English", "Saesneg"),
        ["welsh"] = ("Welsh", "Cymraeg"),
        ["max"] = ("at most {0} characters", "dim mwy na {0} nod"),
        ["see"] = ("see the list below", "gweler y rhestr isod"),
        ["codelists"] = ("Allowed values with their codes", "Gwerthoedd a ganiateir gyda'u codau"),
        ["none"] = ("—", "—"),
        [nameof(StandardType.Text)] = ("text", "testun"),
        [nameof(StandardType.Whole)] = ("whole number", "rhif cyfan"),
        [nameof(StandardType.YesNo)] = ("yes or no", "ie neu na"),
        [nameof(StandardType.Date)] = ("date (yyyy-mm-dd)", "dyddiad (bbbb-mm-dd)"),
        [nameof(StandardType.Code)] = ("one code", "un cod"),
        [nameof(StandardType.Codes)] = ("codes, separated by \"; \"", "codau, wedi'u gwahanu gan \"; \""),
        [nameof(StandardType.Areas)] = ("ONS area codes, separated by \"; \"", "codau ardal ONS, wedi'u gwahanu gan \"; \""),
        [nameof(StandardType.Uuid)] = ("UUID", "UUID"),
        [nameof(StandardType.DateTime)] = ("date and time (UTC)", "dyddiad ac amser (UTC)"),
    };

    /// <summary>The human-readable standard, in English (<c>en</c>) or Welsh (<c>cy</c>); plain HTML, no script or style.</summary>
    public static string Html(string lang, VocabularyCatalog vocabularies)
    {
        var cy = lang == "cy";
        string W(string key) => cy ? Words[key].Cy : Words[key].En;
        static string E(string text) => WebUtility.HtmlEncode(text);
        var html = new StringBuilder();
        void Line(string text) => html.Append(text).Append('\n');
        Line("<!DOCTYPE html>");
        Line($"<html lang=\"{(cy ? "cy" : "en")}\">");
        Line("<head>");
        Line("<meta charset=\"utf-8\">");
        Line("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        Line($"<title>{E(W("title"))}</title>");
        Line("</head>");
        Line("<body>");
        Line("<main>");
        Line($"<p><a href=\"{(cy ? "/standard" : "/standard/cy")}\" lang=\"{(cy ? "en" : "cy")}\" hreflang=\"{(cy ? "en" : "cy")}\">{E(W("other"))}</a></p>");
        Line($"<h1>{E(W("title"))}</h1>");
        Line($"<p>{E(W("version"))} {E(StandardFields.Version)}</p>");
        Line($"<p>{E(W("intro"))}</p>");
        Line($"<h2>{E(W("downloads"))}</h2>");
        Line("<ul>");
        Line($"<li><a href=\"/standard/schema.json\">{E(W("schema"))}</a></li>");
        Line($"<li><a href=\"/standard/template.csv\">{E(W("template"))}</a></li>");
        Line("</ul>");
        Line($"<h2>{E(W("fields"))}</h2>");
        Line("<table>");
        Line($"<caption>{E(W("fields"))}</caption>");
        Line($"<thead><tr><th scope=\"col\">{E(W("field"))}</th><th scope=\"col\">{E(W("column"))}</th><th scope=\"col\">{E(W("meaning"))}</th><th scope=\"col\">{E(W("required"))}</th><th scope=\"col\">{E(W("type"))}</th><th scope=\"col\">{E(W("oruk"))}</th></tr></thead>");
        Line("<tbody>");
        foreach (var field in StandardFields.All)
        {
            var need = field.SetByDirectory ? W("set") : field.Required ? W("required") : W("optional");
            var type = W(field.Type.ToString());
            if (field.MaxLength is { } max)
            {
                type += ", " + string.Format(System.Globalization.CultureInfo.InvariantCulture, W("max"), max);
            }
            var typeHtml = E(type);
            if (Codes(field, vocabularies) is not null)
            {
                typeHtml += $" (<a href=\"#values-{E(field.Field)}\">{E(W("see"))}</a>)";
            }
            Line($"<tr><th scope=\"row\"><code>{E(field.Field)}</code></th><td>{E(field.Column ?? W("none"))}</td><td>{E(cy ? field.MeaningCy : field.MeaningEn)}</td><td>{E(need)}</td><td>{typeHtml}</td><td>{E(field.Oruk)}</td></tr>");
        }
        Line("</tbody>");
        Line("</table>");
        Line($"<h2>{E(W("codelists"))}</h2>");
        foreach (var field in StandardFields.All)
        {
            if (Codes(field, vocabularies) is not { } codes)
            {
                continue;
            }
            Line($"<h3 id=\"values-{E(field.Field)}\"><code>{E(field.Field)}</code></h3>");
            Line("<table>");
            Line($"<caption>{E(W("values"))}: {E(field.Field)}</caption>");
            Line($"<thead><tr><th scope=\"col\">{E(W("code"))}</th><th scope=\"col\">{E(W("english"))}</th><th scope=\"col\">{E(W("welsh"))}</th></tr></thead>");
            Line("<tbody>");
            foreach (var (code, en, welsh) in codes)
            {
                Line($"<tr><th scope=\"row\"><code>{E(code)}</code></th><td lang=\"en\">{E(en)}</td><td lang=\"cy\">{E(welsh)}</td></tr>");
            }
            Line("</tbody>");
            Line("</table>");
        }
        Line("</main>");
        Line("</body>");
        Line("</html>");
        return html.ToString();
    }
}
