using System.Runtime.CompilerServices;
using Blueprint.Data;
using Blueprint.Data.Directory;
using Blueprint.Data.Geography;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.OpenReferral;

/// <summary>
/// <c>GET /openreferral/service_at_locations</c> and <c>/{id}</c>: the exact public venues of the public
/// listings. Hidden venues have no public row; approximate ones are left out (decision 0032), so neither
/// can be found by id, postcode or proximity.
/// </summary>
public static class OrukLocations
{
    private sealed class Row
    {
        public required Venue Venue { get; init; }
        public required Intervention Service { get; init; }
        public Organisation? Organisation { get; init; }
    }

    private static IQueryable<Row> Rows(BlueprintDb db, IQueryable<Intervention> services) =>
        from v in db.Venues.AsNoTracking()
        where v.Visibility == VenueVisibility.Exact
        join i in services on v.InterventionId equals i.Id
        select new Row { Venue = v, Service = i, Organisation = i.Organisation };

    public static async Task<IResult> ListAsync(HttpContext context, BlueprintDb db, OrukMapper mapper, OrukPostcodes postcodes, AreaLocator geography)
    {
        var q = OrukQuery.Read("service_at_locations", context.Request.Query, out var error);
        if (q is null)
        {
            return OrukWriter.BadQuery(error!);
        }
        var ct = context.RequestAborted;
        var services = OrukServices.Matching(db, q, mapper.Taxonomies);
        int[]? near = null;
        if (q.Postcode is { } postcode)
        {
            var place = await postcodes.FindAsync(postcode, ct);
            if (place.Error is { } problem)
            {
                return OrukWriter.BadQuery(problem);
            }
            if (q.Proximity is { } metres)
            {
                near = await WithinAsync(Rows(db, services), place.Latitude, place.Longitude, metres / 1000.0, ct);
            }
            else
            {
                // Without proximity: services whose area holds the postcode (ORUK: "exists within the service_area").
                var area = place.LocalAuthority ?? geography.LocalAuthorityAt(place.Latitude, place.Longitude)?.Code;
                services = area is null ? services.Where(_ => false) : services.Where(i => i.AllWales || i.Areas.Any(a => a.Code == area));
            }
        }
        var rows = Rows(db, services);
        if (near is not null)
        {
            rows = rows.Where(r => near.Contains(r.Venue.Id));
        }
        var full = q.Full;
        if (q.Ndjson)
        {
            await OrukWriter.StreamAsync(context, Batches(rows, full, mapper, db, ct));
            return Results.Empty;
        }
        var total = await rows.CountAsync(ct);
        var page = await rows.OrderBy(r => r.Venue.Id).Skip((q.Page - 1) * q.PerPage).Take(q.PerPage).ToListAsync(ct);
        var contents = await MapAsync(page, full, mapper, db, ct);
        return OrukWriter.Json(OrukWriter.Page(contents, total, q));
    }

    /// <summary>Ids of the exact venues within <paramref name="km"/>: a latitude/longitude box in SQL, then the great-circle distance.</summary>
    private static async Task<int[]> WithinAsync(IQueryable<Row> rows, double latitude, double longitude, double km, CancellationToken ct)
    {
        var box = Spatial.BoundingBox(latitude, longitude, km);
        var candidates = await rows
            .Where(r => r.Venue.Latitude >= box.MinLat && r.Venue.Latitude <= box.MaxLat && r.Venue.Longitude >= box.MinLon && r.Venue.Longitude <= box.MaxLon)
            .Select(r => new { r.Venue.Id, r.Venue.Latitude, r.Venue.Longitude })
            .ToListAsync(ct);
        return candidates.Where(c => Spatial.DistanceKm(latitude, longitude, c.Latitude!.Value, c.Longitude!.Value) <= km).Select(c => c.Id).ToArray();
    }

    private static async Task<List<OrukServiceAtLocation>> MapAsync(List<Row> rows, bool full, OrukMapper mapper, BlueprintDb db, CancellationToken ct)
    {
        Dictionary<int, Intervention>? detail = null;
        if (full && rows.Count > 0)
        {
            var ids = rows.Select(r => r.Service.Id).Distinct().ToList();
            detail = await OrukServices.WithDetail(db.Interventions.AsNoTracking().Where(i => ids.Contains(i.Id)), full: true).ToDictionaryAsync(i => i.Id, ct);
        }
        return rows.Select(r =>
        {
            var service = detail?.GetValueOrDefault(r.Service.Id) ?? r.Service;
            service.Organisation ??= r.Organisation;
            return mapper.ServiceAtLocation(r.Venue, service, mapper.Service(service, full));
        }).ToList();
    }

    private static async IAsyncEnumerable<IReadOnlyList<OrukServiceAtLocation>> Batches(
        IQueryable<Row> rows, bool full, OrukMapper mapper, BlueprintDb db, [EnumeratorCancellation] CancellationToken ct)
    {
        var after = 0;
        while (true)
        {
            var from = after;
            var batch = await rows.Where(r => r.Venue.Id > from).OrderBy(r => r.Venue.Id).Take(OrukServices.StreamBatch).ToListAsync(ct);
            if (batch.Count == 0)
            {
                yield break;
            }
            after = batch[^1].Venue.Id;
            yield return await MapAsync(batch, full, mapper, db, ct);
        }
    }

    public static async Task<IResult> OneAsync(string id, HttpContext context, BlueprintDb db, OrukMapper mapper)
    {
        if (!Guid.TryParseExact(id, "D", out var salId))
        {
            return OrukWriter.NotFound("service_at_location");
        }
        var ct = context.RequestAborted;
        // The id is derived from the venue's public id (decision 0031) and cannot be turned back: find the venue it was made from.
        var venues = await Rows(db, db.Interventions.AsNoTracking()).Select(r => r.Venue.PublicId).ToListAsync(ct);
        var venue = venues.Cast<Guid?>().FirstOrDefault(v => OrukIds.ServiceAtLocation(v!.Value) == salId);
        if (venue is null)
        {
            return OrukWriter.NotFound("service_at_location");
        }
        var row = await Rows(db, db.Interventions.AsNoTracking()).Where(r => r.Venue.PublicId == venue).SingleAsync(ct);
        return OrukWriter.Json((await MapAsync([row], full: true, mapper, db, ct))[0]);
    }
}
