using Blueprint.Data;
using Blueprint.Ingest.Normalising;
using Blueprint.Ingest.Profiles;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Ingest.Staging;

/// <summary>
/// Finds the listing a response describes: the same organisation and intervention name, ignoring
/// case, punctuation, "Ltd"-style suffixes and small spelling differences, so that a later survey
/// round updates a listing rather than duplicating it.
/// </summary>
public sealed class ListingMatcher
{
    private readonly Dictionary<string, List<(string NameKey, int Id)>> byOrganisation;
    private readonly Dictionary<string, string?> organisationMemo = [];

    public ListingMatcher(IEnumerable<(int Id, string Organisation, string Name)> listings)
    {
        byOrganisation = [];
        foreach (var (id, org, name) in listings)
        {
            var key = OrganisationKey(org);
            if (!byOrganisation.TryGetValue(key, out var list))
            {
                byOrganisation[key] = list = [];
            }
            list.Add((NameKey(name), id));
        }
    }

    public static async Task<ListingMatcher> LoadAsync(BlueprintDb db, CancellationToken ct = default)
    {
        var rows = await db.Interventions.AsNoTracking()
            .Select(i => new { i.Id, Organisation = i.Organisation!.Name, i.Name })
            .ToListAsync(ct);
        return new ListingMatcher(rows.Select(r => (r.Id, r.Organisation, r.Name)));
    }

    /// <summary>Words that do not tell organisations apart ("Ltd", "CIC", "Cyf", "the").</summary>
    private static readonly HashSet<string> Noise = ["the", "ltd", "limited", "cic", "cyf", "cyfyngedig", "plc", "llp"];

    public static string OrganisationKey(string name) =>
        string.Join(' ', HeaderKey.Of(name).Split(' ').Where(w => !Noise.Contains(w)));

    public static string NameKey(string name)
    {
        var key = HeaderKey.Of(name);
        return key.StartsWith("the ", StringComparison.Ordinal) ? key[4..] : key;
    }

    /// <summary>The id of the listing these names describe, or null.</summary>
    public int? Find(string organisation, string intervention) => FindByKeys(OrganisationKey(organisation), NameKey(intervention));

    /// <summary>As <see cref="Find"/>, with the names already turned into <see cref="OrganisationKey"/> and <see cref="NameKey"/>.</summary>
    public int? FindByKeys(string organisationKey, string nameKey)
    {
        var orgKey = ResolveOrganisation(organisationKey);
        if (orgKey is null)
        {
            return null;
        }
        var list = byOrganisation[orgKey];
        foreach (var (key, id) in list)
        {
            if (key == nameKey)
            {
                return id;
            }
        }
        var allowed = Allowed(nameKey);
        int? best = null;
        var bestDistance = int.MaxValue;
        foreach (var (key, id) in list)
        {
            var d = AreaAnswers.Distance(nameKey, key, allowed);
            if (d <= allowed && d < bestDistance)
            {
                (best, bestDistance) = (id, d);
            }
        }
        return best;
    }

    /// <summary>Adds a listing created while publishing, so later rows of the same run find it.</summary>
    public void Add(int id, string organisation, string name)
    {
        var key = OrganisationKey(organisation);
        if (!byOrganisation.TryGetValue(key, out var list))
        {
            byOrganisation[key] = list = [];
            organisationMemo.Clear();
        }
        list.Add((NameKey(name), id));
    }

    private string? ResolveOrganisation(string key)
    {
        if (byOrganisation.ContainsKey(key))
        {
            return key;
        }
        if (organisationMemo.TryGetValue(key, out var memo))
        {
            return memo;
        }
        var allowed = Allowed(key);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in byOrganisation.Keys)
        {
            if (Math.Abs(candidate.Length - key.Length) > allowed)
            {
                continue;
            }
            var d = AreaAnswers.Distance(key, candidate, allowed);
            if (d <= allowed && d < bestDistance)
            {
                (best, bestDistance) = (candidate, d);
            }
        }
        if (organisationMemo.Count < 100_000)
        {
            organisationMemo[key] = best;
        }
        return best;
    }

    /// <summary>Small differences only: none for short names, one for up to 12 characters, two beyond.</summary>
    private static int Allowed(string key) => key.Length switch { < 6 => 0, <= 12 => 1, _ => 2 };
}
