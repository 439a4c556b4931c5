using System.Runtime.CompilerServices;
using Blueprint.Data;
using Blueprint.Data.Directory;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.OpenReferral;

/// <summary><c>GET /openreferral/services</c> and <c>/services/{id}</c>: the published listings the public may see.</summary>
public static class OrukServices
{
    /// <summary>Rows read at a time when streaming.</summary>
    public const int StreamBatch = 500;

    /// <summary>The public listings that match every given parameter (they combine with AND).</summary>
    public static IQueryable<Intervention> Matching(BlueprintDb db, OrukQuery q, OrukTaxonomies taxonomies)
    {
        var query = db.Interventions.AsNoTracking();
        foreach (var word in Words(q.Search))
        {
            var pattern = "%" + word.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_").Replace("[", "\\[") + "%";
            query = query.Where(i => EF.Functions.Like(i.Name, pattern, "\\")
                || (i.NameCy != null && EF.Functions.Like(i.NameCy, pattern, "\\"))
                || (i.Description != null && EF.Functions.Like(i.Description, pattern, "\\"))
                || (i.DescriptionCy != null && EF.Functions.Like(i.DescriptionCy, pattern, "\\")));
        }
        if (q.TaxonomyTermId is { } term)
        {
            query = taxonomies.ServicesWithTerm(term) is { } has ? query.Where(has) : query.Where(_ => false);
        }
        if (q.TaxonomyId is { } taxonomy)
        {
            query = taxonomies.ServicesWithTaxonomy(taxonomy) is { } has ? query.Where(has) : query.Where(_ => false);
        }
        if (q.OrganizationId is { } organisation)
        {
            query = query.Where(i => i.Organisation!.PublicId == organisation);
        }
        if (q.ModifiedAfter is { } since)
        {
            query = query.Where(OrukChanges.ModifiedSince(since));
        }
        return query;
    }

    /// <summary>Search words (at most ten); each must appear in a name or description, English or Welsh.</summary>
    public static IEnumerable<string> Words(string? search) =>
        (search ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().Take(10);

    public static IQueryable<Intervention> WithDetail(IQueryable<Intervention> query, bool full) => full
        ? query.Include(i => i.Organisation).Include(i => i.Areas).Include(i => i.Venues).AsSplitQuery()
        : query.Include(i => i.Organisation);

    public static async Task<IResult> ListAsync(HttpContext context, BlueprintDb db, OrukMapper mapper)
    {
        var q = OrukQuery.Read("services", context.Request.Query, out var error);
        if (q is null)
        {
            return OrukWriter.BadQuery(error!);
        }
        var matching = Matching(db, q, mapper.Taxonomies);
        var full = q.Full;
        if (q.Ndjson)
        {
            await OrukWriter.StreamAsync(context, Batches(matching, full, i => q.Minimal ? Minimal(i) : mapper.Service(i, full), context.RequestAborted));
            return Results.Empty;
        }
        var total = await matching.CountAsync(context.RequestAborted);
        var rows = await WithDetail(matching.OrderBy(i => i.Id).Skip((q.Page - 1) * q.PerPage).Take(q.PerPage), full)
            .ToListAsync(context.RequestAborted);
        var contents = rows.Select(i => q.Minimal ? Minimal(i) : mapper.Service(i, full)).ToList();
        return OrukWriter.Json(OrukWriter.Page(contents, total, q));
    }

    /// <summary><c>minimal=true</c>: what a partner needs to see what changed (id, name, status, last_modified).</summary>
    private static OrukService Minimal(Intervention i) => new()
    {
        Id = i.PublicId, Name = i.Name, Status = OrukMapper.Status(i.Status), LastModified = OrukJson.Time(OrukChanges.LastModifiedOf(i)),
    };

    private static async IAsyncEnumerable<IReadOnlyList<OrukService>> Batches(
        IQueryable<Intervention> matching, bool full, Func<Intervention, OrukService> map, [EnumeratorCancellation] CancellationToken ct)
    {
        var after = 0;
        while (true)
        {
            var from = after;
            var rows = await WithDetail(matching.Where(i => i.Id > from).OrderBy(i => i.Id).Take(StreamBatch), full).ToListAsync(ct);
            if (rows.Count == 0)
            {
                yield break;
            }
            after = rows[^1].Id;
            yield return rows.Select(map).ToList();
        }
    }

    public static async Task<IResult> OneAsync(string id, HttpContext context, BlueprintDb db, OrukMapper mapper)
    {
        if (!Guid.TryParseExact(id, "D", out var publicId))
        {
            return OrukWriter.NotFound("service");
        }
        var found = await WithDetail(db.Interventions.AsNoTracking().Where(i => i.PublicId == publicId), full: true)
            .SingleOrDefaultAsync(context.RequestAborted);
        return found is null ? OrukWriter.NotFound("service") : OrukWriter.Json(mapper.Service(found, full: true));
    }
}
