using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Blueprint.Api.Listings;

/// <summary>Staleness, hiding of overdue listings, reminders, the stale report and problem reports.</summary>
public static class ListingsRegistration
{
    public static void AddBlueprintListings(this WebApplicationBuilder builder) => AddListingsCore(builder.Services, builder.Configuration);

    /// <summary>What the web host and the <c>reminders</c> command share.</summary>
    public static void AddListingsCore(IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<ListingsOptions>().Configure(o => ListingsOptions.Bind(o, config)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<Staleness>();
    }

    public static void MapListings(this WebApplication app)
    {
    }
}
