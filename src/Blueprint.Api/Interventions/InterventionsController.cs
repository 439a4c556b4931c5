using Blueprint.Api.OData;
using Blueprint.Api.ReadModel;
using Blueprint.Data;
using Blueprint.Data.Directory;
using Blueprint.Data.Geography;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Formatter;
using Microsoft.AspNetCore.OData.Results;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Interventions;

/// <summary>The directory's interventions: list, one, region search and distance search.</summary>
public sealed class InterventionsController(BlueprintDb db, AreaLocator geography) : ODataController
{
    /// <summary>Deleted (tombstoned) listings are left out unless asked for with <c>includeDeleted=true</c> (change feeds).</summary>
    /// <remarks>Answered from the read model when it is current (<see cref="ReaderView.For"/>), from the database otherwise.</remarks>
    [DirectoryQuery]
    public IActionResult Get()
    {
        if (string.Equals(Request.Query["includeDeleted"], "true", StringComparison.OrdinalIgnoreCase))
        {
            return Rows(db.Interventions.IgnoreQueryFilters([QueryFilters.Deleted]).AsNoTracking());
        }
        if (ReaderView.For(HttpContext) is { } view)
        {
            var rows = view.Query(view.Snapshot.Interventions);
            return DirectPage.TryAnswer(Request, view, view.Snapshot.Interventions, rows) ?? Rows(rows);
        }
        return Rows(db.Interventions.AsNoTracking());
    }

    /// <summary>Rows for the query options, declared as interventions so that OData writes whatever they become (an <c>$apply</c> grouping too) in its own format.</summary>
    private static ObjectResult Rows(IQueryable<Intervention> rows) => new(rows) { DeclaredType = typeof(IQueryable<Intervention>) };

    /// <summary>One listing by key, a deleted one too (with status closed and ClosedAt), so links to it keep working.</summary>
    [DirectoryQuery]
    public SingleResult<Intervention> Get([FromODataUri] int key) =>
        SingleResult.Create(db.Interventions.IgnoreQueryFilters([QueryFilters.Deleted]).AsNoTracking().Where(i => i.Id == key));

    /// <summary>Interventions serving an area: a local authority, or any local authority of a region, force area, board or Wales; all-Wales ones always.</summary>
    [HttpGet]
    [DirectoryQuery]
    public IActionResult InArea([FromODataUri] string code)
    {
        var area = geography.Catalog.Find(code ?? "");
        if (area is null)
        {
            return DirectoryQueryAttribute.Error(404, "UnknownArea",
                $"'{code}' is not an area code. Codes are listed at /odata/Areas (for example W06000015 for Cardiff, VR-NW for North Wales).");
        }
        if (ReaderView.For(HttpContext) is { } view)
        {
            var rows = view.Snapshot.InArea(area.Code, area.LocalAuthorities);
            var query = view.Query(rows);
            return DirectPage.TryAnswer(Request, view, rows, query) ?? Rows(query);
        }
        return Rows(InArea(db, area.LocalAuthorities));
    }

    /// <summary>
    /// All-Wales interventions plus those linked to any of the local authorities, as an uncorrelated
    /// <c>Id IN (SELECT InterventionId FROM InterventionArea WHERE AreaCode IN …)</c> on the join table's
    /// (AreaCode, InterventionId) index: on SQLite about 6× cheaper to count than a per-row EXISTS through Areas.
    /// </summary>
    internal static IQueryable<Intervention> InArea(BlueprintDb db, IReadOnlyList<string> localAuthorities)
    {
        var codes = localAuthorities.ToArray();
        var served = db.Set<Dictionary<string, object>>("InterventionArea")
            .Where(j => codes.Contains(EF.Property<string>(j, "AreaCode")))
            .Select(j => EF.Property<int>(j, "InterventionId"));
        return db.Interventions.AsNoTracking().Where(i => i.AllWales || served.Contains(i.Id));
    }

    /// <summary>
    /// Interventions with a venue within <paramref name="radiusKm"/>, nearest first, with <c>DistanceKm</c>.
    /// Exact venues are matched by their point; approximate ones only by their local authority's
    /// boundary; hidden ones never (they have no public face).
    /// </summary>
    /// <remarks>
    /// Distances come from the read model's snapshot when it is current, from the database otherwise.
    /// The query options run in memory here (<see cref="InMemoryQuery"/>), so nulls propagate as in SQL (<c>startswith(NameCy,'x')</c> on a
    /// null is false, not a NullReferenceException); whatever else fails in memory is the caller's 400
    /// (<see cref="QueryFailedException"/>). Pages follow the distance order by $skip (see <see cref="KeysetPaging"/>).
    /// </remarks>
    [HttpGet]
    [DirectoryQuery(EnsureStableOrdering = false, HandleNullPropagation = Microsoft.AspNetCore.OData.Query.HandleNullPropagationOption.True)]
    public async Task<IActionResult> Near([FromODataUri] double latitude, [FromODataUri] double longitude, [FromODataUri] double radiusKm, CancellationToken ct)
    {
        if (latitude is < -90 or > 90 || longitude is < -180 or > 180 || double.IsNaN(latitude) || double.IsNaN(longitude))
        {
            return DirectoryQueryAttribute.Error(400, "BadPoint", "latitude must be between -90 and 90 and longitude between -180 and 180.");
        }
        if (radiusKm is <= 0 or > DistanceSearch.MaxRadiusKm || double.IsNaN(radiusKm))
        {
            return DirectoryQueryAttribute.Error(400, "BadRadius", $"radiusKm must be more than 0 and at most {DistanceSearch.MaxRadiusKm}.");
        }
        var view = ReaderView.For(HttpContext);
        var needed = RowsNeeded(Request.Query);
        if (view is not null)
        {
            // Copies made as they are read: the distance is this request's, the snapshot's rows are shared.
            var nearestFirst = new NearRows(view.Snapshot, view.Snapshot.Nearest(geography, latitude, longitude, radiusKm, view.Sees, needed));
            var query = InMemoryQuery.From(nearestFirst);
            return DirectPage.TryAnswer(Request, view, nearestFirst, query, stableOrder: false) ?? Rows(query);
        }
        var distances = await DistanceSearch.NearestAsync(db, geography, latitude, longitude, radiusKm, ct);
        var ids = distances.Keys.ToArray();
        if (needed is { } n && ids.Length > n)
        {
            // Only the nearest rows can be returned: load those, not every intervention in range.
            ids = distances.OrderBy(d => Math.Round(d.Value, 3)).ThenBy(d => d.Key).Take(n).Select(d => d.Key).ToArray();
        }
        var found = await db.Interventions.AsNoTracking()
            .Include(i => i.Organisation).Include(i => i.Venues).Include(i => i.Areas)
            .AsSplitQuery()
            .Where(i => ids.Contains(i.Id))
            .ToListAsync(ct);
        foreach (var i in found)
        {
            i.DistanceKm = Math.Round(distances[i.Id], 3);
        }
        return Rows(InMemoryQuery.From(found.OrderBy(i => i.DistanceKm).ThenBy(i => i.Id)));
    }

    /// <summary>
    /// How many of the nearest rows the response can hold, when that is known before the query options
    /// run: only <c>$top</c> with at most <c>$select</c> and <c>$expand</c> (which choose columns, not
    /// rows). Any other option (<c>$filter</c>, <c>$skip</c>, <c>$orderby</c>, <c>$count</c>, a
    /// dollar-less alias …) needs every row in range.
    /// </summary>
    internal static int? RowsNeeded(IQueryCollection query)
    {
        foreach (var key in query.Keys)
        {
            if (key is not ("$top" or "$select" or "$expand"))
            {
                return null;
            }
        }
        return query.TryGetValue("$top", out var top) && top.Count == 1
            && int.TryParse(top[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            && n <= QueryLimits.MaxTop
            ? n
            : null;
    }
}
