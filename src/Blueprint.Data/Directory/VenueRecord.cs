namespace Blueprint.Data.Directory;

/// <summary>
/// A venue as its provider recorded it, with its full address and point, confidential or not.
/// Only administrators, analysts and the provider that runs the intervention may read it.
/// Add venues with <see cref="Intervention.AddVenue"/> so that the public <see cref="Venue"/> stays in step.
/// </summary>
public class VenueRecord : ITracked
{
    public int Id { get; set; }
    /// <summary>A stable, random identifier (never reused); the public face carries the same one, never <see cref="Id"/>.</summary>
    public Guid PublicId { get; set; } = Guid.NewGuid();
    public int InterventionId { get; set; }
    public string? Name { get; set; }
    public string? Address { get; set; }
    public string? Postcode { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    /// <summary>ONS code of the local authority that contains the point (found at write time).</summary>
    public string? AreaCode { get; set; }
    public required string Visibility { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>The app-managed concurrency version (the ETag of <c>/odata/VenueRecords</c>).</summary>
    public long Version { get; set; }
    /// <summary>When the venue's public face last changed (added, changed or removed; decision 0034). Set by SaveChanges only.</summary>
    public DateTime PublicModifiedAt { get; set; }

    /// <summary>The public row derived from this one (absent for hidden venues).</summary>
    public Venue? PublicFace { get; set; }
}
