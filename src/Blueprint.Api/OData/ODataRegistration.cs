using Blueprint.Api.Imports;
using Microsoft.AspNetCore.OData;
using Microsoft.AspNetCore.OData.Query;
using Microsoft.AspNetCore.OData.Query.Expressions;
using Microsoft.AspNetCore.OData.Query.Validator;
using Microsoft.OData;
using Microsoft.OData.Json;

namespace Blueprint.Api.OData;

public static class ODataRegistration
{
    /// <summary>
    /// Two OData routes, each with its own model: the public directory at <c>/odata</c>, and survey
    /// evidence (personal data, analysts only) at <c>/odata/survey</c> (see <see cref="SurveyModel"/>).
    /// </summary>
    public static void AddBlueprintOData(this WebApplicationBuilder builder)
    {
        // The three models take a few hundred milliseconds to build: on the other core while the host is put together.
        var directory = Task.Run(() => DirectoryModel.Instance);
        var survey = Task.Run(SurveyModel.Build);
        var analysis = Task.Run(Analysis.AnalysisModel.Build);
        builder.Services.AddControllers().AddOData(o =>
        {
            o.EnableQueryFeatures(maxTopValue: QueryLimits.MaxTop);
            // Skip tokens are KeysetPaging's (registered per route with its validator). Left on, the library would
            // also project every $orderby expression into $select results for its own token, and an expression
            // that is null in SQL (length of a null, div 0) then fails to materialise.
            o.QueryConfigurations.EnableSkipToken = false;
            // Timestamps are stored in UTC (BlueprintDb.Clock) and read back without a kind: without this
            // the library reads them, and $filter literals, in the server's local time zone.
            o.TimeZone = TimeZoneInfo.Utc;
            // Next links on both routes come from KeysetPaging: they terminate and never break on a value.
            o.AddRouteComponents("odata", directory.Result, services => services
                .AddSingleton<ISearchBinder, DirectorySearchBinder>()
                .AddKeysetPaging().AddJsonWriter());
            o.AddRouteComponents(SurveyModel.Prefix, survey.Result, services => services.AddKeysetPaging().AddJsonWriter());
            o.AddRouteComponents(Analysis.AnalysisModel.Prefix, analysis.Result, services => services.AddKeysetPaging().AddJsonWriter());
        });
    }

    /// <summary>
    /// One JSON writer for every answer, named rather than left to the library's defaults: the classic writer,
    /// which escapes every character past ASCII (<c>\u00f4</c>), as ReadModel/DirectPage writes pages. Left
    /// unnamed, answers were written now by it and now by the UTF-8 writer (raw <c>ô</c>), from one start to the next.
    /// </summary>
    private static IServiceCollection AddJsonWriter(this IServiceCollection services) => services
        .AddSingleton<IJsonWriterFactory>(new ODataJsonWriterFactory(ODataStringEscapeOption.EscapeNonAscii));

    private static IServiceCollection AddKeysetPaging(this IServiceCollection services) => services
        .AddSingleton<SkipTokenHandler, KeysetPaging>()
        .AddSingleton<ISkipTokenQueryValidator, KeysetPaging.TokenValidator>();
}
