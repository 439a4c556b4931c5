using Blueprint.Api.OData;
using Blueprint.Data.Geography;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OData.UriParser;

namespace Blueprint.Api.Analysis;

/// <summary>Computes one analysis over one or more rounds: what the OData sets and the exports both answer.</summary>
public sealed class AnalysisTables(AnalysisSource source, AnalysisEngine engine, TimeProvider clock, AnalysisOptions options, AreaCatalog areas)
{
    public delegate List<T> Compute<T>(AnalysisEngine engine, IReadOnlyList<AnalysisItem> items, int round, DateOnly today);

    public static readonly Compute<ProvisionByArea> Provision = (e, items, round, _) => e.Provision(items, round);
    public static readonly Compute<Gap> Gaps = (e, items, round, _) => e.Gaps(items, round);
    public static readonly Compute<Access> Access = (e, items, round, _) => e.Access(items, round);
    public static readonly Compute<FundingRisk> Funding = (e, items, round, today) => e.Funding(items, round, today);

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>The rows for these rounds, or the first round that does not exist.</summary>
    /// <summary>Why a round cannot be analysed (<see cref="AnalysisSource.UnknownAsync"/>).</summary>
    public Task<(int Status, string Code, string Message)> UnknownAsync(int round, CancellationToken ct) => source.UnknownAsync(round, ct);

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

    /// <summary>
    /// The rows for the rounds the filter names. With <c>publication=true</c> in the query, the counts a
    /// "for publication" export would show as <c>[c]</c> (<see cref="Suppression"/>) are null, and so is any
    /// share or rate worked out from one; the other query options then run over what is left.
    /// </summary>
    public async Task<IActionResult> AnswerAsync<T>(ControllerBase controller, FilterClause? filter, Compute<T> compute,
        Func<IReadOnlyList<T>, AnalysisTable> table, CancellationToken ct)
    {
        var publication = controller.Request.Query["publication"].ToString();
        if (publication.Length > 0 && !bool.TryParse(publication, out _))
        {
            return BlueprintQueryAttribute.Error(400, "BadPublication", "publication is true or false.");
        }
        var rounds = RoundFilter.Of(filter);
        if (rounds.Count > RoundFilter.MostRounds)
        {
            return BlueprintQueryAttribute.Error(400, "TooManyRounds", $"Ask for at most {RoundFilter.MostRounds} rounds at once.");
        }
        var (rows, unknown) = await RowsAsync(rounds, compute, ct);
        if (rows is null)
        {
            var (status, code, message) = await source.UnknownAsync(unknown!.Value, ct);
            return BlueprintQueryAttribute.Error(status, code, message);
        }
        return controller.Ok((publication.Length > 0 && bool.Parse(publication) ? Suppression.Published(rows, table(rows), options.SuppressBelow, areas) : rows).AsQueryable());
    }

}
