using Blueprint.Data.Geography;

namespace Blueprint.Data.Tests.Geography;

/// <summary>The real reference data and the boundaries shipped in data/geography, loaded once for the geography tests.</summary>
public static class WalesGeography
{
    public static readonly string Root = DataFiles.DefaultRoot();
    public static readonly AreaCatalog Catalog = AreaCatalog.Load(Path.Combine(Root, "data", "areas.json"));
    public static readonly AreaLocator Locator = new(Catalog,
        Boundaries.LoadLocalAuthorities(Path.GetFullPath(Path.Combine(Root, DataFiles.DefaultBoundaries))));
}
