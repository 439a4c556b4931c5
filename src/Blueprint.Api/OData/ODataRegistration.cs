using Microsoft.AspNetCore.OData;
using Microsoft.AspNetCore.OData.Query.Expressions;

namespace Blueprint.Api.OData;

public static class ODataRegistration
{
    public static void AddBlueprintOData(this WebApplicationBuilder builder)
    {
        var model = DirectoryModel.Build();
        builder.Services.AddControllers().AddOData(o =>
        {
            o.EnableQueryFeatures(maxTopValue: QueryLimits.MaxTop);
            o.AddRouteComponents("odata", model, services =>
                services.AddSingleton<ISearchBinder, DirectorySearchBinder>());
        });
    }
}
