namespace Blueprint.Data.Directory;

/// <summary>
/// The public face of a venue, materialised from its <see cref="VenueRecord"/> whenever that is written:
/// an exact venue carries its address and point; an approximate one only its local authority; a hidden
/// one has no row here at all. Every public route reads this table, so no query option can reach what
/// it does not hold. See docs/decisions/0003-confidential-venues.md.
/// </summary>
public class Venue
{
    /// <summary>The same id as the venue's <see cref="VenueRecord"/> (set by EF from the one-to-one link). Private: not in the public model.</summary>
    public int Id { get; set; }
    /// <summary>
    /// The venue's public key, its record's <see cref="VenueRecord.PublicId"/>: a random UUID, so the ids
    /// the public sees say nothing about how many hidden venues lie between them.
    /// </summary>
    public Guid PublicId { get; set; }
    public int InterventionId { get; set; }
    public string? Name { get; set; }
    public string? Address { get; set; }
    public string? Postcode { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    /// <summary>ONS code of the local authority that contains the venue.</summary>
    public string? AreaCode { get; set; }
    /// <summary>exact or approximate (hidden venues are absent).</summary>
    public required string Visibility { get; set; }

    /// <summary>The public face of <paramref name="record"/>, or null when it must not be shown at all.</summary>
    public static Venue? PublicFaceOf(VenueRecord record) => record.Visibility switch
    {
        VenueVisibility.Exact => new Venue
        {
            PublicId = record.PublicId,
            Name = record.Name,
            Address = record.Address, Postcode = record.Postcode,
            Latitude = record.Latitude, Longitude = record.Longitude,
            AreaCode = record.AreaCode, Visibility = VenueVisibility.Exact,
        },
        VenueVisibility.Approximate => new Venue
        {
            PublicId = record.PublicId,
            Name = null,
            AreaCode = record.AreaCode, Visibility = VenueVisibility.Approximate,
        },
        _ => null,
    };
}

public static class VenueVisibility
{
    public const string Exact = "exact";
    public const string Approximate = "approximate";
    public const string Hidden = "hidden";

    public static bool IsValid(string? value) => value is Exact or Approximate or Hidden;
}
