using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Blueprint.Data.Analysis;
using Blueprint.Data.Geography;
using Blueprint.Data.Vocabularies;

namespace Blueprint.Api.Analysis;

/// <summary>
/// Counts public searches in memory until the writer takes them (<see cref="Drain"/>). What is kept of a
/// search is reduced first: the area as an area code, the filters as known vocabulary codes of known facets
/// (a value that is not one, free text included, is dropped), the language as en or cy, the day; never the
/// query text, a postcode, an address, the client's address or its user agent.
/// </summary>
public sealed partial class SearchRecorder(AreaCatalog areas, VocabularyCatalog vocabularies, SearchStatisticsOptions options, TimeProvider clock)
{
    public sealed record Key(DateOnly Day, string Kind, string AreaCode, string Filters, string Language);

    private sealed class Tally
    {
        public int Searches, Zero, Few;
        public long Results;
    }

    private ConcurrentDictionary<Key, Tally> buffer = new();

    /// <summary>The facet properties of the public filter and their vocabularies.</summary>
    private static readonly Dictionary<string, string> Facets = new(StringComparer.Ordinal)
    {
        ["Purposes"] = "purpose", ["Forms"] = "vawdasv-form", ["Settings"] = "setting", ["Stages"] = "stage",
        ["Gender"] = "gender", ["AgeBands"] = "age-band", ["CohortGroups"] = "cohort-group", ["RiskLevels"] = "risk-level",
        ["ReferralRoutes"] = "referral-route", ["Format"] = "format", ["Languages"] = "language",
        ["Accreditations"] = "accreditation", ["FundingSources"] = "funding-source", ["Evaluation"] = "evaluation", ["Status"] = "status",
    };

    /// <summary>A facet property name, or a quoted literal.</summary>
    [GeneratedRegex(@"(?<property>\b[A-Z][A-Za-z]+\b)|'(?<literal>(?:[^']|'')*)'")]
    private static partial Regex Tokens();

    /// <summary>The known <c>Property=code</c> pairs of a filter, sorted and joined by <c>;</c>: each code is the nearest facet before it.</summary>
    public string FiltersOf(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return "";
        }
        var pairs = new SortedSet<string>(StringComparer.Ordinal);
        string? facet = null;
        foreach (Match m in Tokens().Matches(filter))
        {
            if (m.Groups["property"].Success)
            {
                facet = Facets.ContainsKey(m.Value) ? m.Value : null;
            }
            else if (facet is not null && vocabularies.IsCode(Facets[facet], m.Groups["literal"].Value))
            {
                pairs.Add($"{facet}={m.Groups["literal"].Value}");
            }
        }
        return string.Join(';', pairs);
    }

    /// <summary>An area code as the catalogue spells it, or empty for none or an unknown one.</summary>
    public string AreaOf(string? code) => code is { Length: > 0 } && areas.Find(code) is { } area ? area.Code : "";

    public void Record(string kind, string areaCode, string filters, string language, int results)
    {
        if (!options.Enabled)
        {
            return;
        }
        var key = new Key(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), kind, areaCode, filters, language == "cy" ? "cy" : "en");
        var tally = buffer.GetOrAdd(key, _ => new Tally());
        lock (tally)
        {
            tally.Searches++;
            tally.Results += results;
            if (results == 0)
            {
                tally.Zero++;
            }
            else if (results < options.FewResults)
            {
                tally.Few++;
            }
        }
    }

    /// <summary>Takes what has been counted since the last call, as rows to write.</summary>
    public List<SearchCount> Drain()
    {
        var taken = Interlocked.Exchange(ref buffer, new ConcurrentDictionary<Key, Tally>());
        return taken.Select(p =>
        {
            lock (p.Value)
            {
                return new SearchCount
                {
                    Day = p.Key.Day, Kind = p.Key.Kind, AreaCode = p.Key.AreaCode, Filters = p.Key.Filters, Language = p.Key.Language,
                    Searches = p.Value.Searches, ZeroResults = p.Value.Zero, FewResults = p.Value.Few, Results = p.Value.Results,
                };
            }
        }).ToList();
    }
}
