namespace Blueprint.Data.Geography;

/// <summary>Finds the repository's data/ folder and the shared boundary file from any working folder below it.</summary>
public static class DataFiles
{
    /// <summary>The first folder at or above <paramref name="start"/> that holds data/areas.json.</summary>
    public static string? FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "data", "areas.json")))
            {
                return dir.FullName;
            }
        }
        return null;
    }

    public static string DefaultRoot() =>
        FindRoot(AppContext.BaseDirectory) ?? FindRoot(System.IO.Directory.GetCurrentDirectory())
        ?? throw new DirectoryNotFoundException("Could not find the data/ folder; set Data:Root.");

    /// <summary>The default boundaries: shared/data/geography beside the repository.</summary>
    public const string DefaultBoundaries = "../shared/data/geography/wales-lad-2013.geojson";

    public const string BoundaryAttribution =
        "Contains Ordnance Survey data © Crown copyright and database right 2014. Contains National Statistics data © Crown copyright and database right. Boundaries via martinjc/UK-GeoJSON (CC BY 4.0).";
}
