namespace Blueprint.Data.Geography;

/// <summary>
/// A geography used in this field: a local authority (the building block, ONS W06 code) or a union of
/// them (VAWDASV region, police force area, health board, Wales). Reference data from data/areas.json.
/// </summary>
public class Area
{
    public required string Code { get; set; }
    /// <summary>One of <see cref="AreaKinds"/>.</summary>
    public required string Kind { get; set; }
    public required string NameEn { get; set; }
    public required string NameCy { get; set; }
    /// <summary>The ONS codes of the local authorities this area is made of (itself, for a local authority).</summary>
    public List<string> LocalAuthorities { get; set; } = [];
    /// <summary>Other names seen in answers: abbreviations, spellings without diacritics.</summary>
    public List<string> Aliases { get; set; } = [];
}

public static class AreaKinds
{
    public const string LocalAuthority = "local-authority";
    public const string VawdasvRegion = "vawdasv-region";
    public const string PoliceForceArea = "police-force-area";
    public const string HealthBoard = "health-board";
    public const string Country = "country";

    public static readonly IReadOnlyList<string> All = [LocalAuthority, VawdasvRegion, PoliceForceArea, HealthBoard, Country];
}
