using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Blueprint.Ingest.Profiles;

namespace Blueprint.Ingest.Staging;

/// <summary>
/// What erasure keeps of a staged response (docs/decisions/0028): the answers the analyses count (codes, areas,
/// numbers, dates, consent, the organisation's and the intervention's names), as normalised and as received in their
/// own columns. Everything else goes: the respondent's name, job title, e-mail and response id, contact details,
/// free texts (description, outcome measures, barriers, "other" answers), venue postcodes, the answers of fields
/// the profile marks <c>personal</c>, and the raw cells of every column no kept field reads.
/// </summary>
public sealed class ErasureRules
{
    /// <summary>Kept fields (profile field names) and the normalised properties each fills.</summary>
    private static readonly Dictionary<string, string[]> Kept = new(StringComparer.OrdinalIgnoreCase)
    {
        ["completedAt"] = ["completedAt"], ["consentToPublish"] = ["consentToPublish"], ["consentToContact"] = ["consentToContact"],
        ["organisationName"] = ["organisationName"], ["organisationType"] = ["organisationType"], ["interventionName"] = ["interventionName"],
        ["purposes"] = ["purposes"], ["forms"] = ["forms"], ["settings"] = ["settings"], ["stages"] = ["stages"],
        ["areas"] = ["allWales", "localAuthorities"], ["venueVisibility"] = ["venueVisibility"], ["gender"] = ["gender"],
        ["ageBands"] = ["ageBands"], ["cohortGroups"] = ["cohortGroups"], ["riskLevels"] = ["riskLevels"],
        ["referralRoutes"] = ["referralRoutes"], ["format"] = ["format"], ["length"] = ["lengthText", "lengthWeeks"],
        ["languages"] = ["languages"], ["placesPerYear"] = ["placesPerYear"], ["waitingTimeWeeks"] = ["waitingTimeWeeks"],
        ["supportsPartners"] = ["supportsPartners"], ["accreditations"] = ["accreditations"], ["fundingSources"] = ["fundingSources"],
        ["fundingEnds"] = ["fundingEnds", "fundingStatus"], ["evaluation"] = ["evaluation"],
    };

    /// <summary>Written as the importer writes staged JSON: Welsh letters as they are, not escaped.</summary>
    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The message an erased problem carries instead of its own (which may quote the erased answer).</summary>
    public const string ErasedProblem = "Erased with the respondent's personal data.";

    private readonly HashSet<string> keptProperties;
    /// <summary>Column index → the kept field that reads it.</summary>
    private readonly Dictionary<int, string> keptColumns;
    /// <summary>A problem's column (the header as the file writes it, or an option question) → the kept field.</summary>
    private readonly Dictionary<string, string> keptHeaders;

    /// <summary>What goes, in words, for the import record.</summary>
    public string Summary { get; }

    private ErasureRules(HashSet<string> keptFields, Dictionary<int, string> columns, Dictionary<string, string> headers, string summary)
    {
        keptProperties = keptFields.SelectMany(f => Kept[f]).ToHashSet(StringComparer.Ordinal);
        (keptColumns, keptHeaders, Summary) = (columns, headers, summary);
    }

    /// <summary>The rules for an import with this header, read with this profile (null when its file is gone: then no raw cell is kept).</summary>
    public static ErasureRules For(IReadOnlyList<string> header, MappingProfile? profile)
    {
        var personal = profile?.Fields.Where(f => f.Value.Personal).Select(f => f.Key).ToList() ?? [];
        var keptFields = Kept.Keys.Where(f => !personal.Contains(f, StringComparer.OrdinalIgnoreCase)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var columns = new Dictionary<int, string>();
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            index.TryAdd(HeaderKey.Of(header[i]), i);
        }
        foreach (var (name, map) in profile?.Fields.Where(f => keptFields.Contains(f.Key)) ?? [])
        {
            var field = Kept.Keys.First(k => k.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (map.Options is null)
            {
                if (index.TryGetValue(HeaderKey.Of(map.Column), out var i))
                {
                    columns[i] = field;
                    headers[header[i]] = field;
                }
                continue;
            }
            headers[map.Column] = field;
            foreach (var option in map.Options)
            {
                if (index.TryGetValue(HeaderKey.Of(map.OptionColumn(option)), out var i))
                {
                    columns[i] = field;
                }
            }
        }
        string[] erasedFields = ["respondentName", "respondentJobTitle", "respondentEmail", "responseId", "referralContact", "description",
            "outcomeMeasures", "barriers", "venuePostcodes", "other answers", .. personal];
        var summary = $"Erased: {string.Join(", ", erasedFields)}; the raw answers of {header.Count - columns.Count} of {header.Count} column(s)"
            + (profile is null ? " (the profile was not found, so every raw answer)" : "")
            + ". Kept: the coded answers the analyses count.";
        return new ErasureRules(keptFields, columns, headers, summary);
    }

    /// <summary>The normalised answers with only the kept properties, and the fields that held an "other" free text (whose raw cells go too).</summary>
    public (string? Json, HashSet<string> WithOthers) Normalised(string? json)
    {
        var withOthers = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (json is null || JsonNode.Parse(json) is not JsonObject answers)
        {
            return (null, withOthers);
        }
        if (answers["otherAnswers"] is JsonObject others)
        {
            withOthers.UnionWith(others.Select(o => o.Key));
        }
        foreach (var name in answers.Select(p => p.Key).Where(n => !keptProperties.Contains(n)).ToList())
        {
            answers.Remove(name);
        }
        return (answers.ToJsonString(Relaxed), withOthers);
    }

    /// <summary>The row's cells with only the kept columns' answers (others empty); an unreadable row's text goes whole.</summary>
    public string Raw(string raw, IReadOnlySet<string> withOthers)
    {
        if (JsonNode.Parse(raw) is not JsonArray cells)
        {
            return new JsonObject { ["$raw"] = "" }.ToJsonString(Relaxed);
        }
        var kept = new JsonArray();
        for (var i = 0; i < cells.Count; i++)
        {
            kept.Add(keptColumns.TryGetValue(i, out var field) && !withOthers.Contains(field) ? cells[i]?.GetValue<string>() ?? "" : "");
        }
        return kept.ToJsonString(Relaxed);
    }

    /// <summary>The problems, those of erased columns without their answer and in neutral words (their message may quote it).</summary>
    public string? Problems(string? json, IReadOnlySet<string> withOthers)
    {
        if (json is null || JsonNode.Parse(json) is not JsonArray problems)
        {
            return null;
        }
        foreach (var problem in problems.OfType<JsonObject>())
        {
            var column = problem["column"]?.GetValue<string>() ?? "";
            if (keptHeaders.TryGetValue(column, out var field) && !withOthers.Contains(field))
            {
                continue;
            }
            problem.Remove("value");
            problem["message"] = ErasedProblem;
            problem["code"] = "erased";
        }
        return problems.ToJsonString(Relaxed);
    }

    /// <summary>The content hash of the row as it is now kept (the hash of the original cells would still single the row out).</summary>
    public static string Hash(string raw) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw)));
}
