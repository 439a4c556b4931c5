using Blueprint.Api.Geography;
using Blueprint.Api.Hosting;
using Blueprint.Data.Geography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Api.Tests;

/// <summary>
/// The geography every in-process test host reads (areas, boundaries, simplified outlines), built once per test process
/// from the repository's data/ and handed to each host that reads those same files (decision 0054). A host configured
/// with other data files builds its own as registered by the product; the built-host tests always do.
/// </summary>
internal static class SharedGeography
{
    private static readonly DataPaths Defaults = DataPaths.From(new ConfigurationBuilder().Build());

    private static readonly Lazy<(AreaCatalog Catalog, AreaLocator Locator, AreaShapes Shapes)> Built = new(() =>
    {
        var catalog = DataFiles.Load("Data:Root", Defaults.Areas, AreaCatalog.Load);
        var locator = new AreaLocator(catalog, DataFiles.Load("Geography:BoundariesPath", Defaults.Boundaries, Boundaries.LoadLocalAuthorities));
        return (catalog, locator, new AreaShapes(locator));
    });

    /// <summary>Replaces the product's registrations (after them: ConfigureTestServices) with the shared instances when the paths match.</summary>
    public static void Use(IServiceCollection services)
    {
        Share(services, () => Built.Value.Catalog);
        Share(services, () => Built.Value.Locator);
        Share(services, () => Built.Value.Shapes);
    }

    private static void Share<T>(IServiceCollection services, Func<T> shared) where T : class
    {
        var product = services.LastOrDefault(d => d.ServiceType == typeof(T))
            ?? throw new InvalidOperationException($"The host registers no {typeof(T).Name}.");
        services.AddSingleton(sp => sp.GetRequiredService<DataPaths>() == Defaults ? shared() : (T)Create(sp, product));
    }

    private static object Create(IServiceProvider services, ServiceDescriptor product) =>
        product.ImplementationInstance
        ?? product.ImplementationFactory?.Invoke(services)
        ?? ActivatorUtilities.CreateInstance(services, product.ImplementationType!);
}
