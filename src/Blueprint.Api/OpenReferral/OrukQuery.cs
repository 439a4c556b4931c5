using System.Globalization;

namespace Blueprint.Api.OpenReferral;

/// <summary>A request's list parameters, read and checked before any query runs. A bad one is a 400 naming it.</summary>
public sealed record OrukQuery
{
    public const int DefaultPerPage = 50;
    public const int MaxPerPage = 500;
    public const int MaxSearchLength = 200;
    /// <summary>Largest <c>proximity</c> in metres (the distance search's own limit).</summary>
    public const int MaxProximity = (int)(Interventions.DistanceSearch.MaxRadiusKm * 1000);

    public string? Search { get; init; }
    public int Page { get; init; } = 1;
    public int PerPage { get; init; } = DefaultPerPage;
    public Guid? TaxonomyTermId { get; init; }
    public Guid? TaxonomyId { get; init; }
    public Guid? OrganizationId { get; init; }
    public DateTime? ModifiedAfter { get; init; }
    public bool Minimal { get; init; }
    public bool Full { get; init; }
    public bool Ndjson { get; init; }
    public string? Postcode { get; init; }
    public int? Proximity { get; init; }

    /// <summary>Parameters every list takes.</summary>
    private static readonly string[] Common = ["page", "per_page", "format"];

    /// <summary>The parameters each list accepts (ORUK's names).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Accepted = new Dictionary<string, string[]>
    {
        ["services"] = [.. Common, "search", "taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after", "minimal", "full"],
        ["service_at_locations"] = [.. Common, "search", "taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after", "full", "postcode", "proximity"],
        ["organizations"] = [.. Common, "search", "modified_after", "full"],
        ["taxonomies"] = [.. Common, "search"],
        ["taxonomy_terms"] = [.. Common, "search", "taxonomy_id"],
    };

    /// <summary>Reads the query of a list; <paramref name="error"/> says what is wrong when it returns null.</summary>
    public static OrukQuery? Read(string list, IQueryCollection query, out string? error)
    {
        error = null;
        var accepted = Accepted[list];
        foreach (var (key, values) in query)
        {
            if (!accepted.Contains(key, StringComparer.Ordinal))
            {
                error = Unsupported(key, list, accepted);
                return null;
            }
            if (values.Count != 1)
            {
                error = $"'{key}' is given {values.Count} times; give it once.";
                return null;
            }
        }
        var result = new OrukQuery();
        string? Value(string name) => query.TryGetValue(name, out var v) ? v.ToString() : null;
        try
        {
            result = result with
            {
                Search = Text(Value("search"), "search"),
                Page = Number(Value("page"), "page", 1, 1_000_000) ?? 1,
                PerPage = Number(Value("per_page"), "per_page", 1, MaxPerPage) ?? DefaultPerPage,
                TaxonomyTermId = Id(Value("taxonomy_term_id"), "taxonomy_term_id"),
                TaxonomyId = Id(Value("taxonomy_id"), "taxonomy_id"),
                OrganizationId = Id(Value("organization_id"), "organization_id"),
                ModifiedAfter = Time(Value("modified_after")),
                Minimal = Flag(Value("minimal"), "minimal"),
                Full = Flag(Value("full"), "full"),
                Ndjson = Format(Value("format")),
                Postcode = Text(Value("postcode"), "postcode"),
                Proximity = Number(Value("proximity"), "proximity", 1, MaxProximity),
            };
        }
        catch (FormatException e)
        {
            error = e.Message;
            return null;
        }
        if (result.Proximity is not null && result.Postcode is null)
        {
            error = "'proximity' needs a 'postcode' to measure from.";
            return null;
        }
        if (result.Minimal && result.Full)
        {
            error = "'minimal' and 'full' cannot both be true.";
            return null;
        }
        return result;
    }

    private static string Unsupported(string key, string list, string[] accepted) => key switch
    {
        "start_time" or "end_time" or "day" => $"'{key}' is not supported: this directory records no opening times.",
        "minimum_age" or "maximum_age" => $"'{key}' is not supported: services carry minimum_age and maximum_age, filter on taxonomy_term_id (age band) instead.",
        _ => $"'{key}' is not a parameter of /{list}. It takes: {string.Join(", ", accepted)}.",
    };

    private static string? Text(string? value, string name)
    {
        if (value is null)
        {
            return null;
        }
        var text = value.Trim();
        if (text.Length == 0)
        {
            throw new FormatException($"'{name}' is empty.");
        }
        if (text.Length > MaxSearchLength)
        {
            throw new FormatException($"'{name}' is longer than {MaxSearchLength} characters.");
        }
        return text;
    }

    private static int? Number(string? value, string name, int min, int max)
    {
        if (value is null)
        {
            return null;
        }
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
        {
            throw new FormatException($"'{name}' must be a whole number from {min} to {max}.");
        }
        return n;
    }

    private static Guid? Id(string? value, string name)
    {
        if (value is null)
        {
            return null;
        }
        if (!Guid.TryParseExact(value, "D", out var id))
        {
            throw new FormatException($"'{name}' must be a UUID (such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301).");
        }
        return id;
    }

    private static bool Flag(string? value, string name) => value switch
    {
        null => false,
        "true" or "True" or "1" => true,
        "false" or "False" or "0" => false,
        _ => throw new FormatException($"'{name}' must be true or false."),
    };

    private static bool Format(string? value) => value switch
    {
        null or "json" => false,
        "ndjson" => true,
        _ => throw new FormatException("'format' must be json or ndjson."),
    };

    private static DateTime? Time(string? value)
    {
        if (value is null)
        {
            return null;
        }
        if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            || time.Year < 2000 || time.Year > 9000)
        {
            throw new FormatException("'modified_after' must be a date-time such as 2026-11-01T00:00:00Z (UTC unless an offset is given).");
        }
        return time.UtcDateTime;
    }

    /// <summary>Whether a request asks for a stream of every result (<c>format=ndjson</c>): never cached, never buffered.</summary>
    public static bool IsStream(HttpRequest request) =>
        request.Query.TryGetValue("format", out var format) && format.Any(f => string.Equals(f, "ndjson", StringComparison.OrdinalIgnoreCase));

}
