using Blueprint.Data.Geography;

namespace Blueprint.Data.Directory;

/// <summary>
/// A perpetration intervention (HSDS "service"). Multi-choice answers are lists of vocabulary codes
/// (see data/vocabularies.json); free text comes in English and, where given, Welsh.
/// </summary>
public class Intervention : ITracked
{
    public int Id { get; set; }
    /// <summary>A stable, random public identifier (never reused), for feeds and links that must not reveal the integer key.</summary>
    public Guid PublicId { get; set; } = Guid.NewGuid();
    public int OrganisationId { get; set; }
    public Organisation? Organisation { get; set; }

    public required string Name { get; set; }
    public string? NameCy { get; set; }
    public string? Description { get; set; }
    public string? DescriptionCy { get; set; }

    public List<string> Purposes { get; set; } = [];
    public List<string> Forms { get; set; } = [];
    public List<string> Settings { get; set; } = [];
    public List<string> Stages { get; set; } = [];

    /// <summary>Code from <c>gender</c>: men, women or all.</summary>
    public string? Gender { get; set; }
    public List<string> AgeBands { get; set; } = [];
    public List<string> CohortGroups { get; set; } = [];
    public List<string> RiskLevels { get; set; } = [];
    public List<string> ReferralRoutes { get; set; } = [];

    /// <summary>Code from <c>format</c>.</summary>
    public string? Format { get; set; }
    /// <summary>Length as the provider wrote it ("26 weekly sessions").</summary>
    public string? LengthText { get; set; }
    public int? LengthWeeks { get; set; }
    public List<string> Languages { get; set; } = [];
    public int? PlacesPerYear { get; set; }
    public int? WaitingTimeWeeks { get; set; }
    /// <summary>Whether (ex-)partners or family are supported alongside (an integrated safety service).</summary>
    public bool? SupportsPartners { get; set; }
    public List<string> Accreditations { get; set; } = [];
    public List<string> FundingSources { get; set; } = [];
    public DateOnly? FundingEnds { get; set; }
    /// <summary>Code: fixed-term, ongoing or unknown.</summary>
    public string? FundingStatus { get; set; }
    /// <summary>Code from <c>evaluation</c>.</summary>
    public string? Evaluation { get; set; }
    public string? OutcomeMeasures { get; set; }

    public string? ReferralPhone { get; set; }
    public string? ReferralEmail { get; set; }
    public string? ReferralUrl { get; set; }

    /// <summary>Code from <c>status</c>: active, paused or closed.</summary>
    public string Status { get; set; } = "active";
    /// <summary>Served across all of Wales (then <see cref="Areas"/> may be empty).</summary>
    public bool AllWales { get; set; }
    /// <summary>The local authorities served.</summary>
    public List<Area> Areas { get; set; } = [];
    /// <summary>The public faces of the venues (hidden ones absent, approximate ones coarsened).</summary>
    public List<Venue> Venues { get; set; } = [];
    /// <summary>The venues as recorded, confidential details included. Never part of the public OData model.</summary>
    public List<VenueRecord> VenueRecords { get; set; } = [];

    /// <summary>When the provider last confirmed the listing is accurate (only verification sets it; an edit does not).</summary>
    public DateOnly LastVerified { get; set; }
    public string? VerifiedBy { get; set; }
    /// <summary>When the listing was deleted (closed and tombstoned): it stays for the audit trail and change feeds, out of search.</summary>
    public DateTime? ClosedAt { get; set; }
    /// <summary>Code from <c>source</c>: survey, import or editor.</summary>
    public string Source { get; set; } = "editor";
    /// <summary>Which survey response, import or editor the record came from.</summary>
    public string? SourceReference { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public long Version { get; set; }
    /// <summary>When a public field last changed (decision 0034): what partner directories sync by. Set by SaveChanges only.</summary>
    public DateTime PublicModifiedAt { get; set; }

    /// <summary>Adds a venue and its public face (derived from its visibility) in one step.</summary>
    public VenueRecord AddVenue(VenueRecord record)
    {
        record.PublicFace = Venue.PublicFaceOf(record);
        VenueRecords.Add(record);
        if (record.PublicFace is { } face)
        {
            Venues.Add(face);
        }
        return record;
    }

    /// <summary>Not stored: the distance from a searched point, filled by distance search only.</summary>
    public double? DistanceKm { get; set; }
}
