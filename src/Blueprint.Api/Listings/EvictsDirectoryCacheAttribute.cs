using Blueprint.Api.Hosting;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.OutputCaching;

namespace Blueprint.Api.Listings;

/// <summary>
/// After a listing write, this host drops its cached directory answers at once (other hosts follow the data
/// version within about a second, decision 0009), so the writer's next read shows the change.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class EvictsDirectoryCacheAttribute : ActionFilterAttribute
{
    public override async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is null)
        {
            await DirectoryCache.InvalidateAsync(context.HttpContext.RequestServices.GetRequiredService<IOutputCacheStore>(), CancellationToken.None);
        }
    }
}
