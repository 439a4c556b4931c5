using Blueprint.Api.Auth;
using Blueprint.Api.OData;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Query;
using Microsoft.AspNetCore.OData.Routing.Controllers;

namespace Blueprint.Api.Analysis;

/// <summary>The rounds analyses can be run over: <c>/odata/survey/analysis/Rounds</c>.</summary>
[Authorize(Policy = Policies.Analyst)]
public sealed class RoundsController(AnalysisSource source) : ODataController
{
    [AnalysisQuery]
    public async Task<IActionResult> Get(CancellationToken ct) => Ok((await source.RoundsAsync(ct)).AsQueryable());
}

[Authorize(Policy = Policies.Analyst)]
public sealed class ProvisionByAreaController(AnalysisTables tables) : ODataController
{
    [AnalysisQuery]
    public Task<IActionResult> Get(ODataQueryOptions<ProvisionByArea> options, CancellationToken ct) =>
        tables.AnswerAsync(this, options.Filter?.FilterClause, AnalysisTables.Provision, ExportTables.Provision, ct);
}

[Authorize(Policy = Policies.Analyst)]
public sealed class GapsController(AnalysisTables tables) : ODataController
{
    [AnalysisQuery]
    public Task<IActionResult> Get(ODataQueryOptions<Gap> options, CancellationToken ct) =>
        tables.AnswerAsync(this, options.Filter?.FilterClause, AnalysisTables.Gaps, ExportTables.Gaps, ct);
}

[Authorize(Policy = Policies.Analyst)]
public sealed class AccessController(AnalysisTables tables) : ODataController
{
    [AnalysisQuery]
    public Task<IActionResult> Get(ODataQueryOptions<Access> options, CancellationToken ct) =>
        tables.AnswerAsync(this, options.Filter?.FilterClause, AnalysisTables.Access, ExportTables.Access, ct);
}

[Authorize(Policy = Policies.Analyst)]
public sealed class FundingRiskController(AnalysisTables tables) : ODataController
{
    [AnalysisQuery]
    public Task<IActionResult> Get(ODataQueryOptions<FundingRisk> options, CancellationToken ct) =>
        tables.AnswerAsync(this, options.Filter?.FilterClause, AnalysisTables.Funding, ExportTables.Funding, ct);
}
