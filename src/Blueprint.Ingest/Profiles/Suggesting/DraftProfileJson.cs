using System.Text.Json;
using System.Text.Json.Nodes;

namespace Blueprint.Ingest.Profiles.Suggesting;

/// <summary>A profile as data/profiles writes it: only what differs from the defaults, fields in the survey's order.</summary>
public static class DraftProfileJson
{
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonObject Write(MappingProfile profile)
    {
        var fields = new JsonObject();
        foreach (var (name, map) in profile.Fields)
        {
            var field = new JsonObject { ["column"] = map.Column };
            if (map.Required)
            {
                field["required"] = true;
            }
            if (map.Split is not null)
            {
                field["split"] = map.Split;
            }
            if (map.Options is not null)
            {
                field["options"] = new JsonArray([.. map.Options.Select(o => JsonValue.Create(o))]);
                if (map.OptionHeader != "{column} - {option}")
                {
                    field["optionHeader"] = map.OptionHeader;
                }
            }
            if (map.Other is not null)
            {
                field["other"] = map.Other;
            }
            if (map.Answers.Count > 0)
            {
                var answers = new JsonObject();
                foreach (var (code, texts) in map.Answers)
                {
                    answers[code] = new JsonArray([.. texts.Select(t => JsonValue.Create(t))]);
                }
                field["answers"] = answers;
            }
            fields[name] = field;
        }
        return new JsonObject
        {
            ["name"] = profile.Name,
            ["description"] = profile.Description,
            ["separator"] = profile.Separator.ToString(),
            ["dateFormats"] = new JsonArray([.. profile.DateFormats.Select(f => JsonValue.Create(f))]),
            ["fields"] = fields,
        };
    }

    public static string Text(JsonObject profile) => profile.ToJsonString(Indented);
}
