using System.Text.Json;
using System.Text.Json.Serialization;

namespace Blueprint.Api.OpenReferral;

// The Open Referral UK 3.0 records this server writes (schema/*.json of the profile). Property names become
// snake_case (service_areas, last_modified); null properties are left out. See docs/openreferral-mapping.md.

public sealed record OrukService
{
    public required Guid Id { get; init; }
    public Guid? OrganizationId { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public string? Url { get; init; }
    public string? Email { get; init; }
    public required string Status { get; init; }
    public string? Accreditations { get; init; }
    public int? MinimumAge { get; init; }
    public int? MaximumAge { get; init; }
    public string? AssuredDate { get; init; }
    public required string LastModified { get; init; }
    public OrukOrganization? Organization { get; init; }
    public List<OrukServiceArea>? ServiceAreas { get; init; }
    public List<OrukServiceAtLocation>? ServiceAtLocations { get; init; }
    public List<OrukLanguage>? Languages { get; init; }
    public List<OrukFunding>? Funding { get; init; }
    public List<OrukContact>? Contacts { get; init; }
    public List<OrukAttribute>? Attributes { get; init; }
    public List<object>? Schedules { get; init; }
    public List<object>? CostOptions { get; init; }
}

public sealed record OrukOrganization
{
    public required Guid Id { get; init; }
    public required string Name { get; init; }
    public required string Description { get; init; }
    public string? Email { get; init; }
    public string? Website { get; init; }
    public List<OrukAttribute>? Attributes { get; init; }
    public List<OrukService>? Services { get; init; }
}

public sealed record OrukLocation
{
    public required Guid Id { get; init; }
    public string LocationType { get; init; } = "physical";
    public string? Name { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public List<OrukAddress>? Addresses { get; init; }
}

public sealed record OrukAddress
{
    public required Guid Id { get; init; }
    public required Guid LocationId { get; init; }
    [JsonPropertyName("address_1")]
    public required string Address1 { get; init; }
    public required string City { get; init; }
    public string? Region { get; init; }
    public required string StateProvince { get; init; }
    public required string PostalCode { get; init; }
    public string Country { get; init; } = "GB";
    public string AddressType { get; init; } = "physical";
}

public sealed record OrukServiceAtLocation
{
    public required Guid Id { get; init; }
    public required Guid ServiceId { get; init; }
    public required Guid LocationId { get; init; }
    public OrukLocation? Location { get; init; }
    public OrukService? Service { get; init; }
}

public sealed record OrukServiceArea(Guid Id, Guid ServiceId, string Name, string Extent, string ExtentType, string Uri);

public sealed record OrukLanguage(Guid Id, Guid ServiceId, string Name, string? Code);

public sealed record OrukFunding(Guid Id, Guid ServiceId, string Source);

public sealed record OrukContact(Guid Id, Guid ServiceId, string Name, string? Email, List<OrukPhone>? Phones);

public sealed record OrukPhone(Guid Id, Guid ContactId, string Number);

public sealed record OrukAttribute(Guid Id, Guid LinkId, string LinkType, Guid TaxonomyTermId, OrukTaxonomyTerm? TaxonomyTerm);

public sealed record OrukTaxonomy(Guid Id, string Name, string Description, string Version, List<OrukTaxonomyTerm>? TaxonomyTerms);

public sealed record OrukTaxonomyTerm(Guid Id, string Name, string Description, string Taxonomy, Guid TaxonomyId, string Term, string Language);

/// <summary>The ORUK page envelope around a list.</summary>
public sealed record OrukPage<T>(int TotalItems, int TotalPages, int PageNumber, int Size, bool FirstPage, bool LastPage, bool Empty, IReadOnlyList<T> Contents);

public static class OrukJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>ORUK's date-time: UTC with milliseconds.</summary>
    public static string Time(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
