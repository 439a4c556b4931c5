using Blueprint.Api.Auth;
using Blueprint.Api.OData;
using Blueprint.Ingest.Staging;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Query;
using Microsoft.AspNetCore.OData.Routing.Controllers;

namespace Blueprint.Api.Analysis;

/// <summary>
/// An intervention of one round compared with an earlier one, matched as the ingest matches listings (the
/// organisation's and the intervention's names, case, accents and punctuation folded): new, closed (in the
/// earlier round only), changed (which fields) or unchanged.
/// </summary>
public sealed class RoundChange
{
    /// <summary>The earlier round.</summary>
    public int Since { get; set; }
    public int Round { get; set; }
    public required string MatchKey { get; set; }
    public string? OrganisationName { get; set; }
    public string? InterventionName { get; set; }
    /// <summary>new, closed, changed or unchanged.</summary>
    public required string Change { get; set; }
    /// <summary>The fields whose answers differ, comma-separated (lists compared as sets).</summary>
    public string? ChangedFields { get; set; }
}

public static class RoundComparison
{
    private static readonly (string Field, Func<AnalysisItem, string> Value)[] Fields =
    [
        ("AllWales", i => i.AllWales ? "yes" : "no"),
        ("LocalAuthorities", i => Set(i.AllWales ? [] : i.LocalAuthorities)),
        ("Purposes", i => Set(i.Purposes)), ("Stages", i => Set(i.Stages)), ("Settings", i => Set(i.Settings)), ("Forms", i => Set(i.Forms)),
        ("Gender", i => i.Gender ?? ""), ("AgeBands", i => Set(i.AgeBands)), ("CohortGroups", i => Set(i.CohortGroups)),
        ("RiskLevels", i => Set(i.RiskLevels)), ("Format", i => i.Format ?? ""), ("Languages", i => Set(i.Languages)),
        ("ReferralRoutes", i => Set(i.ReferralRoutes)), ("Accreditations", i => Set(i.Accreditations)), ("Evaluation", i => i.Evaluation ?? ""),
        ("FundingSources", i => Set(i.FundingSources)), ("FundingEnds", i => i.FundingEnds?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? ""),
        ("FundingStatus", i => i.FundingStatus ?? ""), ("WaitingTimeWeeks", i => i.WaitingTimeWeeks?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ""),
        ("PlacesPerYear", i => i.PlacesPerYear?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ""),
    ];

    private static string Set(IEnumerable<string> values) => string.Join(',', values.Distinct().Order(StringComparer.Ordinal));

    /// <summary>An intervention's match key: its organisation's and its own name, folded as the ingest matches listings.</summary>
    public static string Key(AnalysisItem i) =>
        ListingMatcher.OrganisationKey(i.OrganisationName ?? "") + "|" + ListingMatcher.NameKey(i.InterventionName ?? "");

    public static List<RoundChange> Compare(int since, IReadOnlyList<AnalysisItem> before, int round, IReadOnlyList<AnalysisItem> after)
    {
        var earlier = new Dictionary<string, AnalysisItem>();
        foreach (var item in before)
        {
            earlier.TryAdd(Key(item), item);
        }
        var seen = new HashSet<string>();
        var changes = new List<RoundChange>();
        foreach (var item in after)
        {
            var key = Key(item);
            if (!seen.Add(key))
            {
                continue;
            }
            RoundChange Row(string change, string? fields) => new()
            {
                Since = since, Round = round, MatchKey = key, OrganisationName = item.OrganisationName,
                InterventionName = item.InterventionName, Change = change, ChangedFields = fields,
            };
            if (!earlier.TryGetValue(key, out var old))
            {
                changes.Add(Row("new", null));
                continue;
            }
            var differ = Fields.Where(f => f.Value(old) != f.Value(item)).Select(f => f.Field).ToList();
            changes.Add(Row(differ.Count > 0 ? "changed" : "unchanged", differ.Count > 0 ? string.Join(',', differ) : null));
        }
        foreach (var (key, old) in earlier.Where(e => !seen.Contains(e.Key)))
        {
            changes.Add(new RoundChange
            {
                Since = since, Round = round, MatchKey = key, OrganisationName = old.OrganisationName,
                InterventionName = old.InterventionName, Change = "closed",
            });
        }
        return changes;
    }
}

/// <summary><c>/odata/survey/analysis/RoundChanges?$filter=Since eq 3 and Round eq 5</c>: both rounds are required.</summary>
[Authorize(Policy = Policies.Analyst)]
public sealed class RoundChangesController(AnalysisSource source) : ODataController
{
    [AnalysisQuery]
    public async Task<IActionResult> Get(ODataQueryOptions<RoundChange> options, CancellationToken ct)
    {
        var since = RoundFilter.Pinned(options.Filter?.FilterClause, "Since");
        var round = RoundFilter.Pinned(options.Filter?.FilterClause, "Round");
        if (since is not { Count: 1 } || round is not { Count: 1 } || since.Single() == AnalysisSource.LiveDirectory || round.Single() == AnalysisSource.LiveDirectory)
        {
            return BlueprintQueryAttribute.Error(400, "RoundsRequired", "Compare two survey rounds (not the live directory): $filter=Since eq A and Round eq B (survey rounds are listed at /api/rounds and at Rounds).");
        }
        int a = since.Single(), b = round.Single();
        if (await source.LoadAsync(a, ct) is not { } before)
        {
            var (status, code, message) = await source.UnknownAsync(a, ct);
            return BlueprintQueryAttribute.Error(status, code, message);
        }
        if (await source.LoadAsync(b, ct) is not { } after)
        {
            var (status, code, message) = await source.UnknownAsync(b, ct);
            return BlueprintQueryAttribute.Error(status, code, message);
        }
        return Ok(RoundComparison.Compare(a, before, b, after).AsQueryable());
    }
}
