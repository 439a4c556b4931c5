namespace Blueprint.Data.Directory;

/// <summary>An organisation that runs interventions (HSDS "organization").</summary>
public class Organisation : ITracked
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string? NameCy { get; set; }
    /// <summary>Code from the <c>organisation-type</c> vocabulary.</summary>
    public required string Type { get; set; }
    public string? Website { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public long Version { get; set; }

    public List<Intervention> Interventions { get; set; } = [];
}
