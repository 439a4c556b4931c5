using Blueprint.Api.Imports;
using Microsoft.AspNetCore.OData;
using Microsoft.AspNetCore.OData.Query.Expressions;

namespace Blueprint.Api.OData;

public static class ODataRegistration
{
    /// <summary>
    /// Two OData routes, each with its own model: the public directory at <c>/odata</c>, and survey
    /// evidence (personal data, analysts only) at <c>/odata/survey</c> (see <see cref="SurveyModel"/>).
    /// </summary>
    public static void AddBlueprintOData(this WebApplicationBuilder builder)
    {
        var model = DirectoryModel.Build();
        builder.Services.AddControllers().AddOData(o =>
        {
            o.EnableQueryFeatures(maxTopValue: QueryLimits.MaxTop);
            // Timestamps are stored in UTC (BlueprintDb.Clock) and read back without a kind: without this
            // the library reads them, and $filter literals, in the server's local time zone.
            o.TimeZone = TimeZoneInfo.Utc;
            o.AddRouteComponents("odata", model, services =>
                services.AddSingleton<ISearchBinder, DirectorySearchBinder>());
            o.AddRouteComponents(SurveyModel.Prefix, SurveyModel.Build());
        });
    }
}
