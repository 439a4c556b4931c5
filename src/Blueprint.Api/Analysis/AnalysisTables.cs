using Blueprint.Api.OData;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OData.UriParser;

namespace Blueprint.Api.Analysis;

/// <summary>Computes one analysis over one or more rounds: what the OData sets and the exports both answer.</summary>
public sealed class AnalysisTables(AnalysisSource source, AnalysisEngine engine, TimeProvider clock)
{
    public delegate List<T> Compute<T>(AnalysisEngine engine, IReadOnlyList<AnalysisItem> items, int round, DateOnly today);

    public static readonly Compute<ProvisionByArea> Provision = (e, items, round, _) => e.Provision(items, round);
    public static readonly Compute<Gap> Gaps = (e, items, round, _) => e.Gaps(items, round);
    public static readonly Compute<Access> Access = (e, items, round, _) => e.Access(items, round);
    public static readonly Compute<FundingRisk> Funding = (e, items, round, today) => e.Funding(items, round, today);

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>The rows for these rounds, or the first round that does not exist.</summary>
    public async Task<(List<T>? Rows, int? Unknown)> RowsAsync<T>(IReadOnlySet<int> rounds, Compute<T> compute, CancellationToken ct, AnalysisFilter? filter = null)
    {
        var rows = new List<T>();
        foreach (var round in rounds.Order())
        {
            if (await source.LoadAsync(round, ct) is not { } items)
            {
                return (null, round);
            }
            rows.AddRange(compute(engine, filter is null || filter.IsEmpty ? items : items.Where(filter.Matches).ToList(), round, Today));
        }
        return (rows, null);
    }

    public async Task<IActionResult> AnswerAsync<T>(ControllerBase controller, FilterClause? filter, Compute<T> compute, CancellationToken ct)
    {
        var rounds = RoundFilter.Of(filter);
        if (rounds.Count > RoundFilter.MostRounds)
        {
            return BlueprintQueryAttribute.Error(400, "TooManyRounds", $"Ask for at most {RoundFilter.MostRounds} rounds at once.");
        }
        var (rows, unknown) = await RowsAsync(rounds, compute, ct);
        return rows is null
            ? BlueprintQueryAttribute.Error(404, "UnknownRound", $"There is no round {unknown}: rounds are listed at /{AnalysisModel.Prefix}/Rounds (0 is the live directory).")
            : controller.Ok(rows.AsQueryable());
    }
}
