namespace Blueprint.Data.Geography;

/// <summary>Finds the repository's data/ folder from any working folder below it, and names the files in it.</summary>
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

    /// <summary>The default boundaries, relative to the data root: ONS boundaries shipped in data/geography (see its README).</summary>
    public const string DefaultBoundaries = "data/geography/wales-lad-2013.geojson";

    /// <summary>
    /// Loads a data file named by a setting. A missing file throws <see cref="FileNotFoundException"/> and an unreadable or
    /// malformed one <see cref="InvalidDataException"/>, each with a one-line message naming the setting and the path, which
    /// the host prints instead of a stack trace.
    /// </summary>
    public static T Load<T>(string setting, string path, Func<string, T> load)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{setting}: there is no file {path}", path);
        }
        try
        {
            return load(path);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            throw new InvalidDataException($"{setting}: cannot read {path}: {e.Message.ReplaceLineEndings(" ")}", e);
        }
    }

    public const string BoundaryAttribution =
        "Contains Ordnance Survey data © Crown copyright and database right 2014. Contains National Statistics data © Crown copyright and database right. Boundaries via martinjc/UK-GeoJSON (CC BY 4.0).";
}
