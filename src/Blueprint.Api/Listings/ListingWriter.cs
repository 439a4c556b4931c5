using System.Text.Json.Nodes;
using Blueprint.Data;
using Blueprint.Data.Directory;
using Blueprint.Data.Geography;
using Blueprint.Data.Listings;
using Blueprint.Data.Vocabularies;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Listings;

/// <summary>
/// The changes a listing write makes, shared by the OData routes and moderation's approval: apply a body to a
/// tracked record, re-derive what follows from it (a venue's area and public face), check the listing rules.
/// Nothing here saves; the caller decides whether the change is saved now or queued for an administrator.
/// </summary>
public sealed class ListingWriter(BlueprintDb db, AreaLocator locator, VocabularyCatalog vocabularies)
{
    /// <summary>A listing by key, deleted ones included, with what a write changes loaded and tracked.</summary>
    public Task<Intervention?> FindAsync(int id, CancellationToken ct) =>
        db.Interventions.IgnoreQueryFilters().Include(i => i.Areas).Include(i => i.Organisation)
            .FirstOrDefaultAsync(i => i.Id == id, ct);

    /// <summary>A venue record by key, with its public face and listing, tracked.</summary>
    public async Task<(VenueRecord Venue, Intervention Listing)?> FindVenueAsync(int id, CancellationToken ct)
    {
        var venue = await db.VenueRecords.Include(v => v.PublicFace).FirstOrDefaultAsync(v => v.Id == id, ct);
        if (venue is null)
        {
            return null;
        }
        var listing = await FindAsync(venue.InterventionId, ct);
        return listing is null ? null : (venue, listing);
    }

    /// <summary>A new listing from a POST body (not yet added to the context).</summary>
    public async Task<(Intervention Listing, List<FieldProblem> Problems)> CreateAsync(JsonObject body, AuditActor actor, CancellationToken ct)
    {
        var listing = new Intervention { Name = "", Source = "editor", SourceReference = Bounded(actor.Name) };
        var problems = await ApplyAsync(listing, body, ct);
        if (!body.ContainsKey(nameof(Intervention.OrganisationId)))
        {
            problems.Add(new(nameof(Intervention.OrganisationId), "Required", "Name the organisation that runs the listing (OrganisationId).",
                "Enwch y sefydliad sy'n rhedeg y rhestriad (OrganisationId)."));
        }
        // A new listing is confirmed by the person who writes it.
        listing.LastVerified = Today;
        listing.VerifiedBy = Bounded(actor.Name);
        return (listing, problems);
    }

    /// <summary>Applies a POST or PATCH body to a listing and checks the listing rules.</summary>
    public async Task<List<FieldProblem>> ApplyAsync(Intervention listing, JsonObject body, CancellationToken ct)
    {
        var problems = ListingFields.Apply(listing, body);
        if (ListingFields.AreaCodes(body, problems) is { } codes)
        {
            var localAuthorities = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var code in codes)
            {
                if (locator.Catalog.LocalAuthorityCodes(code) is { } las)
                {
                    localAuthorities.UnionWith(las);
                }
                else
                {
                    problems.Add(new(ListingFields.Areas, "UnknownArea", $"'{code}' is not an area code (see /odata/Areas: W06… local authorities, VR-… regions, W92000004 Wales).",
                        $"Nid yw '{code}' yn god ardal (gweler /odata/Areas: W06… awdurdodau lleol, VR-… rhanbarthau, W92000004 Cymru)."));
                }
            }
            var wanted = localAuthorities.ToArray();
            var areas = await db.Areas.Where(a => wanted.Contains(a.Code)).ToListAsync(ct);
            listing.Areas.RemoveAll(a => !localAuthorities.Contains(a.Code));
            listing.Areas.AddRange(areas.Where(a => listing.Areas.All(x => x.Code != a.Code)));
        }
        if (body.ContainsKey(nameof(Intervention.OrganisationId)) && !await db.Organisations.AnyAsync(o => o.Id == listing.OrganisationId, ct))
        {
            problems.Add(new(nameof(Intervention.OrganisationId), "UnknownOrganisation", $"There is no organisation {listing.OrganisationId}.",
                $"Nid oes sefydliad {listing.OrganisationId}."));
        }
        var localAuthority = new HashSet<string>(locator.Catalog.LocalAuthorities.Select(a => a.Code));
        problems.AddRange(ListingRules.Check(listing, vocabularies, localAuthority.Contains).Where(p => !problems.Any(q => q.Target == p.Target)));
        return problems;
    }

    /// <summary>Deletes a listing softly: closed and tombstoned, its public venue faces removed; the row and its venue records stay.</summary>
    public async Task DeleteAsync(Intervention listing, CancellationToken ct)
    {
        listing.Status = "closed";
        listing.ClosedAt = db.Clock.GetUtcNow().UtcDateTime;
        db.Venues.RemoveRange(await db.Venues.Where(v => v.InterventionId == listing.Id).ToListAsync(ct));
    }

    /// <summary>Applies a venue body, finds the venue's local authority from its point and checks the rules.</summary>
    public List<FieldProblem> ApplyVenue(VenueRecord venue, JsonObject body, bool creating)
    {
        var problems = ListingFields.Apply(venue, body, creating);
        problems.AddRange(ListingRules.Check(venue).Where(p => !problems.Any(q => q.Target == p.Target)));
        if (problems.Count == 0)
        {
            venue.AreaCode = venue.Latitude is { } lat && venue.Longitude is { } lon ? locator.LocalAuthorityAt(lat, lon)?.Code : null;
            if (venue.Visibility == VenueVisibility.Approximate && venue.AreaCode is null)
            {
                problems.Add(new(nameof(VenueRecord.Latitude), "OutsideWales",
                    "An approximate venue is shown by its local authority: give a point in Wales, or make the venue hidden.",
                    "Dangosir lleoliad bras drwy ei awdurdod lleol: rhowch bwynt yng Nghymru, neu cuddiwch y lleoliad."));
            }
        }
        return problems;
    }

    /// <summary>Re-derives a changed venue's public face (decision 0003): changed in place, added, or removed when hidden.</summary>
    public void RefreshFace(VenueRecord venue, Intervention listing)
    {
        var face = Venue.PublicFaceOf(venue);
        if (listing.ClosedAt is not null)
        {
            face = null;
        }
        if (venue.PublicFace is { } existing)
        {
            if (face is null)
            {
                db.Venues.Remove(existing);
                venue.PublicFace = null;
                return;
            }
            existing.Name = face.Name;
            existing.Address = face.Address;
            existing.Postcode = face.Postcode;
            existing.Latitude = face.Latitude;
            existing.Longitude = face.Longitude;
            existing.AreaCode = face.AreaCode;
            existing.Visibility = face.Visibility;
            return;
        }
        if (face is not null)
        {
            face.InterventionId = listing.Id;
            venue.PublicFace = face;
            db.Venues.Add(face);
        }
    }

    /// <summary>Deletes a venue record and its public face (the audit trail keeps what it was).</summary>
    public void DeleteVenue(VenueRecord venue)
    {
        if (venue.PublicFace is { } face)
        {
            db.Venues.Remove(face);
        }
        db.VenueRecords.Remove(venue);
    }

    private DateOnly Today => DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);

    private static string Bounded(string value) => value.Length <= 200 ? value : value[..200];
}
