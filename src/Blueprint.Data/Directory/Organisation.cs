namespace Blueprint.Data.Directory;

/// <summary>An organisation that runs interventions (HSDS "organization").</summary>
public class Organisation : ITracked
{
    public int Id { get; set; }
    /// <summary>A stable, random public identifier (never reused), for feeds and links that must not reveal the integer key.</summary>
    public Guid PublicId { get; set; } = Guid.NewGuid();
    public required string Name { get; set; }
    public string? NameCy { get; set; }
    /// <summary>Code from the <c>organisation-type</c> vocabulary.</summary>
    public required string Type { get; set; }
    public string? Website { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    /// <summary>
    /// Whether its providers' edits wait for an administrator (moderation). New organisations wait; those that
    /// existed when moderation arrived were migrated to publish immediately.
    /// </summary>
    public bool EditsWaitForApproval { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public long Version { get; set; }
    /// <summary>When a public field last changed (decision 0034): what partner directories sync by. Set by SaveChanges only.</summary>
    public DateTime PublicModifiedAt { get; set; }

    public List<Intervention> Interventions { get; set; } = [];
}
