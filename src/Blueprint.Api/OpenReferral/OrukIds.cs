using System.Security.Cryptography;
using System.Text;

namespace Blueprint.Api.OpenReferral;

/// <summary>
/// Ids of the Open Referral records that have no row of their own (taxonomies, terms, service_at_location,
/// service_area, attribute, funding, language, contact): name-based UUIDs (RFC 9562 version 5, SHA-1) over
/// a fixed namespace and the codes or public ids they are made from, so the same record has the same id on
/// every host and every day, and no two records share one. See docs/decisions/0031-open-referral-ids.md.
/// </summary>
public static class OrukIds
{
    /// <summary>Blueprint's Open Referral namespace. Never change it: every derived id would change with it.</summary>
    public static readonly Guid Namespace = new("5b0e2a8c-7f3d-4c61-9e52-1d8a4f6b9c07");

    public static Guid Taxonomy(string vocabulary) => Of($"taxonomy:{vocabulary}");

    public static Guid Term(string vocabulary, string code, string language) => Of($"term:{vocabulary}:{code}:{language}");

    public static Guid ServiceAtLocation(Guid venue) => Of($"service_at_location:{venue:D}");

    public static Guid ServiceArea(Guid service, string areaCode) => Of($"service_area:{service:D}:{areaCode}");

    public static Guid Attribute(Guid linked, Guid term) => Of($"attribute:{linked:D}:{term:D}");

    public static Guid Funding(Guid service, string code) => Of($"funding:{service:D}:{code}");

    public static Guid Language(Guid service, string code) => Of($"language:{service:D}:{code}");

    public static Guid Contact(Guid service) => Of($"contact:{service:D}");

    public static Guid Phone(Guid service) => Of($"phone:{service:D}");

    public static Guid Address(Guid venue) => Of($"address:{venue:D}");

    /// <summary>A version 5 UUID of <paramref name="name"/> (UTF-8) in <see cref="Namespace"/>.</summary>
    public static Guid Of(string name) => Version5(Namespace, name);

    public static Guid Version5(Guid space, string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        space.TryWriteBytes(input, bigEndian: true, out _);
        nameBytes.CopyTo(input, 16);
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(input, hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
