using Blueprint.Api.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OData.Routing;
using Microsoft.OData.Edm;
using Microsoft.OData.ModelBuilder;

namespace Blueprint.Api.Analysis;

/// <summary>
/// The analyses as an OData feed for Excel and Power BI, at <c>/odata/survey/analysis</c>: under the
/// analysts' route, so it is never output-cached, compressed or stored by a browser, and every request
/// needs the Analyst policy (<see cref="RequireAnalystOnAnalysisFeed"/>). Its own model, with nothing
/// personal in it: read-only, computed sets keyed by round and area (docs/decisions/0018).
/// </summary>
public static class AnalysisModel
{
    public const string Prefix = "odata/survey/analysis";
    public const string Namespace = "Blueprint.Analysis";

    public static IEdmModel Build()
    {
        var b = new ODataConventionModelBuilder { Namespace = Namespace, ContainerName = "Analysis" };
        b.EntitySet<Round>("Rounds").EntityType.HasKey(r => r.Id).Page(AnalysisQueryAttribute.TopLimit, AnalysisQueryAttribute.PageRows);
        b.EntitySet<ProvisionByArea>("ProvisionByArea").EntityType
            .HasKey(r => new { r.Round, r.AreaCode, r.Facet, r.Value }).Page(AnalysisQueryAttribute.TopLimit, AnalysisQueryAttribute.PageRows);
        b.EntitySet<Gap>("Gaps").EntityType
            .HasKey(r => new { r.Round, r.AreaCode, r.Dimension, r.Value }).Page(AnalysisQueryAttribute.TopLimit, AnalysisQueryAttribute.PageRows);
        b.EntitySet<Access>("Access").EntityType
            .HasKey(r => new { r.Round, r.AreaCode }).Page(AnalysisQueryAttribute.TopLimit, AnalysisQueryAttribute.PageRows);
        b.EntitySet<FundingRisk>("FundingRisk").EntityType
            .HasKey(r => new { r.Round, r.AreaCode, r.FundingSource }).Page(AnalysisQueryAttribute.TopLimit, AnalysisQueryAttribute.PageRows);
        b.EntitySet<SearchDemand>("SearchDemand").EntityType
            .HasKey(r => new { r.Month, r.Kind, r.AreaCode, r.Filters, r.Language }).Page(AnalysisQueryAttribute.TopLimit, AnalysisQueryAttribute.PageRows);
        b.EntitySet<RoundChange>("RoundChanges").EntityType
            .HasKey(r => new { r.Since, r.Round, r.MatchKey }).Page(AnalysisQueryAttribute.TopLimit, AnalysisQueryAttribute.PageRows);
        return b.GetEdmModel();
    }

    /// <summary>Every endpoint of the analysis route, <c>$metadata</c> and the service document included, requires the Analyst policy.</summary>
    public static ControllerActionEndpointConventionBuilder RequireAnalystOnAnalysisFeed(this ControllerActionEndpointConventionBuilder controllers)
    {
        controllers.Add(endpoint =>
        {
            if (endpoint.Metadata.OfType<IODataRoutingMetadata>().Any(m => string.Equals(m.Prefix, Prefix, StringComparison.OrdinalIgnoreCase)))
            {
                endpoint.Metadata.Add(new AuthorizeAttribute { Policy = Policies.Analyst });
            }
        });
        return controllers;
    }
}
