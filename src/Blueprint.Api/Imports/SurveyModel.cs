using Blueprint.Api.Auth;
using Blueprint.Data.Survey;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OData.Routing;
using Microsoft.OData.Edm;
using Microsoft.OData.ModelBuilder;

namespace Blueprint.Api.Imports;

/// <summary>
/// The EDM of the survey evidence feed at <c>/odata/survey</c>: survey imports and their staged
/// responses, respondents' personal data included. It is a route of its own, with its own
/// <c>$metadata</c>, so that the public <c>/odata</c> model never describes these types; every request
/// to it needs the Analyst policy (see <see cref="RequireAnalystOnSurveyFeed"/>). Read-only.
/// </summary>
public static class SurveyModel
{
    /// <summary>The route prefix. The public route is <c>odata</c>, whose model has no <c>survey</c> segment.</summary>
    public const string Prefix = "odata/survey";
    public const string Namespace = "Blueprint.Survey";

    public static IEdmModel Build()
    {
        var b = new ODataConventionModelBuilder { Namespace = Namespace, ContainerName = "Survey" };

        var imports = b.EntitySet<SurveyImport>("SurveyImports");
        imports.EntityType.HasKey(i => i.Id);
        var responses = b.EntitySet<SurveyResponse>("SurveyResponses");
        responses.EntityType.HasKey(r => r.Id);
        imports.HasManyBinding(i => i.Responses, "SurveyResponses");
        responses.HasOptionalBinding(r => r.Import, "SurveyImports");

        // Server-driven paging per entity type, so expanded Responses are paged too (see SurveyQueryAttribute).
        imports.EntityType.Page(SurveyQueryAttribute.Limits.MaxTop, SurveyQueryAttribute.Limits.PageSize);
        responses.EntityType.Page(SurveyQueryAttribute.Limits.MaxTop, SurveyQueryAttribute.Limits.PageSize);

        return b.GetEdmModel();
    }

    /// <summary>
    /// Every endpoint of the survey route (its entity sets, and also the library's own <c>$metadata</c> and
    /// service document, which carry no [Authorize] of ours) requires the Analyst policy.
    /// </summary>
    public static ControllerActionEndpointConventionBuilder RequireAnalystOnSurveyFeed(this ControllerActionEndpointConventionBuilder controllers)
    {
        controllers.Add(endpoint =>
        {
            if (IsSurveyFeed(endpoint.Metadata))
            {
                endpoint.Metadata.Add(new AuthorizeAttribute { Policy = Policies.Analyst });
            }
        });
        return controllers;
    }

    internal static bool IsSurveyFeed(IEnumerable<object> endpointMetadata) =>
        endpointMetadata.OfType<IODataRoutingMetadata>().Any(m => string.Equals(m.Prefix, Prefix, StringComparison.OrdinalIgnoreCase));
}
