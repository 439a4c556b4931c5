using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Blueprint.Api.Analysis;

/// <summary>
/// Reads what the analyses need of a staged response's normalised answers straight from its UTF-8 JSON, in
/// one pass, skipping every other property (descriptions, venues, other answers …). Reads exactly what the
/// web-default <see cref="JsonSerializer"/> read before (property names in any case, numbers as numbers or
/// numeric strings, dates as <c>yyyy-MM-dd</c>, the last of a repeated property), but a code that repeats
/// across responses is one string (<see cref="Interner"/>) and no object is built only to be copied.
/// </summary>
internal static class AnswersReader
{
    /// <summary>Strings read once per distinct value (codes and local authorities repeat across responses).</summary>
    internal sealed class Interner
    {
        private readonly Dictionary<string, string> strings = new(StringComparer.Ordinal);

        public string? Read(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException($"A string was expected, not {reader.TokenType}.");
            }
            if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > 128)
            {
                return reader.GetString();
            }
            Span<char> chars = stackalloc char[128];
            var length = Encoding.UTF8.GetChars(reader.ValueSpan, chars);
            var lookup = strings.GetAlternateLookup<ReadOnlySpan<char>>();
            if (lookup.TryGetValue(chars[..length], out var known))
            {
                return known;
            }
            var made = new string(chars[..length]);
            strings[made] = made;
            return made;
        }
    }

    private static readonly string[] None = [];

    /// <summary>The item of one response (row number <paramref name="rowNumber"/>) from its normalised answers as UTF-8.</summary>
    public static AnalysisItem Read(int rowNumber, ReadOnlySpan<byte> json, Interner strings)
    {
        var reader = new Utf8JsonReader(json);
        string? organisation = null, intervention = null, gender = null, format = null, evaluation = null, fundingStatus = null;
        string[] purposes = None, forms = None, settings = None, stages = None, localAuthorities = None, ageBands = None,
            cohortGroups = None, riskLevels = None, referralRoutes = None, languages = None, accreditations = None, fundingSources = None;
        var allWales = false;
        int? places = null, waiting = null;
        DateOnly? fundingEnds = null;

        if (!reader.Read() || reader.TokenType == JsonTokenType.Null)
        {
            return Item();
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("The normalised answers are not a JSON object.");
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Name(ref reader);
            reader.Read();
            switch (name)
            {
                case "organisationname": organisation = strings.Read(ref reader); break;
                case "interventionname": intervention = strings.Read(ref reader); break;
                case "purposes": purposes = List(ref reader, strings); break;
                case "forms": forms = List(ref reader, strings); break;
                case "settings": settings = List(ref reader, strings); break;
                case "stages": stages = List(ref reader, strings); break;
                case "allwales": allWales = reader.GetBoolean(); break;
                case "localauthorities": localAuthorities = List(ref reader, strings); break;
                case "gender": gender = strings.Read(ref reader); break;
                case "agebands": ageBands = List(ref reader, strings); break;
                case "cohortgroups": cohortGroups = List(ref reader, strings); break;
                case "risklevels": riskLevels = List(ref reader, strings); break;
                case "referralroutes": referralRoutes = List(ref reader, strings); break;
                case "format": format = strings.Read(ref reader); break;
                case "languages": languages = List(ref reader, strings); break;
                case "placesperyear": places = Number(ref reader); break;
                case "waitingtimeweeks": waiting = Number(ref reader); break;
                case "accreditations": accreditations = List(ref reader, strings); break;
                case "fundingsources": fundingSources = List(ref reader, strings); break;
                case "fundingends": fundingEnds = Date(ref reader); break;
                case "fundingstatus": fundingStatus = strings.Read(ref reader); break;
                case "evaluation": evaluation = strings.Read(ref reader); break;
                default: reader.Skip(); break;
            }
        }
        return Item();

        AnalysisItem Item() => new(rowNumber, allWales, allWales ? None : localAuthorities)
        {
            Purposes = purposes, Stages = stages, Settings = settings, Forms = forms,
            Gender = gender, AgeBands = ageBands, CohortGroups = cohortGroups, RiskLevels = riskLevels,
            Format = format, Languages = languages, ReferralRoutes = referralRoutes,
            Accreditations = accreditations, Evaluation = evaluation, FundingSources = fundingSources,
            FundingEnds = fundingEnds, FundingStatus = fundingStatus,
            WaitingTimeWeeks = waiting, PlacesPerYear = places,
            OrganisationName = organisation, InterventionName = intervention,
        };
    }

    /// <summary>A property's name in lower case (names match in any case, as the web defaults read them).</summary>
    private static string Name(ref Utf8JsonReader reader)
    {
        var raw = reader.HasValueSequence || reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
        if (raw.Length > 32)
        {
            return "";
        }
        Span<char> lower = stackalloc char[32];
        var n = 0;
        foreach (var b in raw)
        {
            lower[n++] = b is >= (byte)'A' and <= (byte)'Z' ? (char)(b + 32) : (char)b;
        }
        return Known.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(lower[..n], out var name) ? name : "";
    }

    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "organisationname", "interventionname", "purposes", "forms", "settings", "stages", "allwales", "localauthorities",
        "gender", "agebands", "cohortgroups", "risklevels", "referralroutes", "format", "languages", "placesperyear",
        "waitingtimeweeks", "accreditations", "fundingsources", "fundingends", "fundingstatus", "evaluation",
    };

    /// <summary>A list of strings; null reads as an empty list.</summary>
    private static string[] List(ref Utf8JsonReader reader, Interner strings)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return None;
        }
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"A list was expected, not {reader.TokenType}.");
        }
        var values = new List<string>(4);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            values.Add(strings.Read(ref reader)!);
        }
        return values.Count == 0 ? None : [.. values];
    }

    /// <summary>A whole number, written as a number or as a numeric string (the web defaults read both).</summary>
    private static int? Number(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.Number => reader.GetInt32(),
        JsonTokenType.String when Utf8Parser.TryParse(reader.ValueSpan, out int n, out var used) && used == reader.ValueSpan.Length && !reader.ValueIsEscaped => n,
        JsonTokenType.String when int.TryParse(reader.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
        _ => throw new JsonException($"A number was expected, not {reader.TokenType}."),
    };

    private static DateOnly? Date(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => DateOnly.ParseExact(reader.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => throw new JsonException($"A date was expected, not {reader.TokenType}."),
    };

    /// <summary>Encodes a string as UTF-8 into a rented buffer (returned by the caller).</summary>
    public static ReadOnlySpan<byte> Utf8(string text, ref byte[] buffer)
    {
        var most = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (buffer.Length < most)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = ArrayPool<byte>.Shared.Rent(most);
        }
        return buffer.AsSpan(0, Encoding.UTF8.GetBytes(text, buffer));
    }
}
