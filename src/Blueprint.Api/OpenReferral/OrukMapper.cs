using System.Globalization;
using System.Text.RegularExpressions;
using Blueprint.Data.Directory;
using Blueprint.Data.Geography;

namespace Blueprint.Api.OpenReferral;

/// <summary>
/// Turns the directory's public records into ORUK records (docs/openreferral-mapping.md). It is given only
/// public rows: listings the caller may see and venues' public faces, of which it keeps exact ones alone
/// (an approximate venue becomes no location at all; its service still shows the areas it serves).
/// </summary>
public sealed partial class OrukMapper(OrukTaxonomies taxonomies, AreaCatalog areas)
{
    /// <summary>The ONS code of Wales, the service area of an all-Wales listing.</summary>
    public const string Wales = "W92000004";

    public OrukTaxonomies Taxonomies => taxonomies;

    /// <summary>ORUK status of a listing status: active → active, paused → temporarily closed, closed → defunct.</summary>
    public static string Status(string status) => status switch
    {
        "paused" => "temporarily closed",
        "closed" => "defunct",
        _ => "active",
    };

    /// <summary>A service with its one-to-one fields (and its organisation), as lists carry it; <paramref name="full"/> adds everything nested.</summary>
    public OrukService Service(Intervention i, bool full)
    {
        var id = i.PublicId;
        var (minimumAge, maximumAge) = Ages(i.AgeBands);
        var service = new OrukService
        {
            Id = id,
            OrganizationId = i.Organisation?.PublicId,
            Name = i.Name,
            Description = i.Description,
            Url = WebAddress(i.ReferralUrl),
            Email = EmailAddress(i.ReferralEmail),
            Status = Status(i.Status),
            Accreditations = i.Accreditations.Count == 0 ? null : string.Join("; ", i.Accreditations.Select(c => taxonomies.Label("accreditation", c))),
            MinimumAge = minimumAge,
            MaximumAge = maximumAge,
            AssuredDate = i.LastVerified.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            LastModified = OrukJson.Time(OrukChanges.LastModifiedOf(i)),
            Organization = i.Organisation is { } o ? Organization(o, full) : null,
        };
        if (!full)
        {
            return service;
        }
        return service with
        {
            ServiceAreas = ServiceAreas(i),
            ServiceAtLocations = i.Venues.Where(IsLocation).OrderBy(v => v.PublicId).Select(v => ServiceAtLocation(v, i, service: null)).ToList(),
            Languages = i.Languages.Select(c => new OrukLanguage(OrukIds.Language(id, c), id, taxonomies.Label("language", c), LanguageCode(c))).ToList(),
            Funding = i.FundingSources.Select(c => new OrukFunding(OrukIds.Funding(id, c), id, taxonomies.Label("funding-source", c))).ToList(),
            Contacts = Contacts(i),
            Attributes = taxonomies.AttributesOf(i, id, nested: true),
            Schedules = [],
            CostOptions = [],
        };
    }

    public OrukOrganization Organization(Organisation o, bool withAttributes) => new()
    {
        Id = o.PublicId,
        Name = o.Name,
        Description = OrganisationDescription(o),
        Email = EmailAddress(o.Email),
        Website = WebAddress(o.Website),
        Attributes = withAttributes ? taxonomies.AttributesOf(o, o.PublicId, nested: true) : null,
    };

    /// <summary>
    /// The model holds no description of an organisation; ORUK requires one. This one is built from what is
    /// held (names and type), Welsh after English, and says where it comes from (decision 0033).
    /// </summary>
    public string OrganisationDescription(Organisation o)
    {
        var type = taxonomies.Term(OrukIds.Term(OrukTaxonomies.OrganisationType, o.Type, "en"))?.Name ?? o.Type;
        var typeCy = taxonomies.Term(OrukIds.Term(OrukTaxonomies.OrganisationType, o.Type, "cy"))?.Name ?? o.Type;
        return $"{o.Name} ({type}) runs interventions listed in Blueprint, the directory of perpetrator interventions in Wales. "
            + $"Mae {o.NameCy ?? o.Name} ({typeCy}) yn darparu ymyriadau sydd wedi'u rhestru yn Blueprint, cyfeiriadur ymyriadau i gyflawnwyr yng Nghymru.";
    }

    /// <summary>Whether a public venue becomes an ORUK location: exact ones only (decision 0032).</summary>
    public static bool IsLocation(Venue v) => v.Visibility == VenueVisibility.Exact;

    public OrukServiceAtLocation ServiceAtLocation(Venue v, Intervention i, OrukService? service) => new()
    {
        Id = OrukIds.ServiceAtLocation(v.PublicId),
        ServiceId = i.PublicId,
        LocationId = v.PublicId,
        Location = Location(v),
        Service = service,
    };

    public OrukLocation Location(Venue v)
    {
        var area = v.AreaCode is null ? null : areas.Find(v.AreaCode);
        List<OrukAddress>? addresses = null;
        if (!string.IsNullOrWhiteSpace(v.Address))
        {
            var (street, city) = Split(v.Address, area?.NameEn);
            addresses =
            [
                new OrukAddress
                {
                    Id = OrukIds.Address(v.PublicId), LocationId = v.PublicId, Address1 = street, City = city,
                    Region = area?.NameEn, StateProvince = "Wales", PostalCode = v.Postcode ?? "",
                },
            ];
        }
        return new OrukLocation { Id = v.PublicId, Name = v.Name, Latitude = v.Latitude, Longitude = v.Longitude, Addresses = addresses };
    }

    private List<OrukServiceArea> ServiceAreas(Intervention i)
    {
        var codes = i.AllWales ? [Wales] : i.Areas.Select(a => a.Code).Order(StringComparer.Ordinal).ToList();
        return codes.Select(code =>
        {
            var name = areas.Find(code)?.NameEn ?? code;
            return new OrukServiceArea(OrukIds.ServiceArea(i.PublicId, code), i.PublicId, name, code, "ons_code",
                $"http://statistics.data.gov.uk/id/statistical-geography/{code}");
        }).ToList();
    }

    private static List<OrukContact> Contacts(Intervention i)
    {
        var email = EmailAddress(i.ReferralEmail);
        var phone = string.IsNullOrWhiteSpace(i.ReferralPhone) ? null : i.ReferralPhone.Trim();
        if (email is null && phone is null)
        {
            return [];
        }
        var contactId = OrukIds.Contact(i.PublicId);
        List<OrukPhone>? phones = phone is null ? null : [new OrukPhone(OrukIds.Phone(i.PublicId), contactId, phone)];
        return [new OrukContact(contactId, i.PublicId, "Referrals", email, phones)];
    }

    /// <summary>Ages from age bands: the youngest band's lower bound and the oldest band's upper bound (none when open-ended).</summary>
    public static (int? Minimum, int? Maximum) Ages(IReadOnlyCollection<string> bands)
    {
        var known = bands.Select(b => b switch
        {
            "under-10" => (Min: 0, Max: (int?)9),
            "10-17" => (10, 17),
            "18-25" => (18, 25),
            "adults" => (18, null),
            "older-60-plus" => (60, null),
            _ => ((int Min, int? Max)?)null,
        }).Where(b => b is not null).Select(b => b!.Value).ToList();
        if (known.Count == 0)
        {
            return (null, null);
        }
        return (known.Min(b => b.Min), known.Any(b => b.Max is null) ? null : known.Max(b => b.Max));
    }

    private static string? LanguageCode(string code) => code switch
    {
        "en" => "en",
        "cy" => "cy",
        "bsl" => "bfi",
        _ => null,
    };

    /// <summary>An absolute http(s) address, or nothing: ORUK's url and website must be URIs.</summary>
    public static string? WebAddress(string? text) =>
        Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && !string.IsNullOrEmpty(uri.Host)
            ? uri.AbsoluteUri : null;

    /// <summary>A plain e-mail address, or nothing.</summary>
    public static string? EmailAddress(string? text) =>
        text?.Trim() is { Length: > 0 and <= 320 } e && Email().IsMatch(e) ? e : null;

    /// <summary>"1 Known Street, Cardiff" → ("1 Known Street", "Cardiff"); with no comma the local authority is the city.</summary>
    private static (string Street, string City) Split(string address, string? areaName)
    {
        var cut = address.LastIndexOf(',');
        return cut > 0 && cut < address.Length - 1
            ? (address[..cut].Trim(), address[(cut + 1)..].Trim())
            : (address.Trim(), areaName ?? "");
    }

    [GeneratedRegex(@"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")]
    private static partial Regex Email();
}
