using Blueprint.Ingest.Reading;

namespace Blueprint.Ingest.Profiles;

/// <summary>The mapping profiles in data/profiles/, by name, or a profile file given by path.</summary>
public sealed class ProfileCatalog(string dataRoot)
{
    public string Folder { get; } = Path.Combine(dataRoot, "data", "profiles");

    public IReadOnlyList<MappingProfile> All() =>
        Directory.Exists(Folder)
            ? Directory.EnumerateFiles(Folder, "*.json").Order(StringComparer.Ordinal).Select(Load).ToList()
            : [];

    /// <summary>A profile by name (data/profiles/NAME.json) or by path to a .json file.</summary>
    public MappingProfile Get(string nameOrPath)
    {
        var path = nameOrPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || nameOrPath.Contains('/') || nameOrPath.Contains('\\')
            ? nameOrPath
            : Path.Combine(Folder, nameOrPath + ".json");
        if (!File.Exists(path))
        {
            var known = All().Select(p => p.Name);
            throw new IngestFileException($"There is no profile '{nameOrPath}'. Known profiles: {string.Join(", ", known)}.",
                $"Nid oes proffil '{nameOrPath}'. Y proffiliau hysbys: {string.Join(", ", known)}.");
        }
        return Load(path);
    }

    private static MappingProfile Load(string path)
    {
        try
        {
            return MappingProfile.Load(path);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new IngestFileException($"The profile {Path.GetFileName(path)} is not valid: {e.Message}", $"Nid yw'r proffil {Path.GetFileName(path)} yn ddilys: {e.Message}");
        }
    }

    /// <summary>
    /// The profile whose columns the header has, all of them; among several, the one that uses the
    /// most columns. Null when none fits (the caller reports the closest one's missing columns).
    /// </summary>
    public static (MappingProfile? Chosen, MappingProfile? Closest) Choose(IReadOnlyList<MappingProfile> profiles, IReadOnlyList<string> headers)
    {
        MappingProfile? chosen = null, closest = null;
        var chosenNeeded = -1;
        var closestRatio = -1.0;
        foreach (var profile in profiles)
        {
            var (found, needed) = ProfileBinding.Fit(profile, headers);
            if (found == needed && needed > chosenNeeded)
            {
                (chosen, chosenNeeded) = (profile, needed);
            }
            var ratio = needed == 0 ? 0 : (double)found / needed;
            if (ratio > closestRatio)
            {
                (closest, closestRatio) = (profile, ratio);
            }
        }
        return (chosen, closest);
    }
}
