using System.Runtime.CompilerServices;
using Blueprint.Data;
using Blueprint.Data.Directory;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.OpenReferral;

/// <summary><c>GET /openreferral/organizations</c> and <c>/{id}</c>; an organisation's services are its public listings.</summary>
public static class OrukOrganizations
{
    private static IQueryable<Organisation> Matching(BlueprintDb db, OrukQuery q)
    {
        var query = db.Organisations.AsNoTracking();
        foreach (var word in OrukServices.Words(q.Search))
        {
            var pattern = "%" + word.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_").Replace("[", "\\[") + "%";
            query = query.Where(o => EF.Functions.Like(o.Name, pattern, "\\") || (o.NameCy != null && EF.Functions.Like(o.NameCy, pattern, "\\")));
        }
        if (q.ModifiedAfter is { } since)
        {
            query = query.Where(OrukChanges.OrganisationsSince(since));
        }
        return query;
    }

    public static async Task<IResult> ListAsync(HttpContext context, BlueprintDb db, OrukMapper mapper)
    {
        var q = OrukQuery.Read("organizations", context.Request.Query, out var error);
        if (q is null)
        {
            return OrukWriter.BadQuery(error!);
        }
        var ct = context.RequestAborted;
        var matching = Matching(db, q);
        if (q.Ndjson)
        {
            await OrukWriter.StreamAsync(context, Batches(matching, q.Full, mapper, db, ct));
            return Results.Empty;
        }
        var total = await matching.CountAsync(ct);
        var page = await matching.OrderBy(o => o.Id).Skip((q.Page - 1) * q.PerPage).Take(q.PerPage).ToListAsync(ct);
        return OrukWriter.Json(OrukWriter.Page(await MapAsync(page, q.Full, mapper, db, ct), total, q));
    }

    /// <summary>With <paramref name="full"/>, each organisation carries its public listings as services (one-to-one fields).</summary>
    private static async Task<List<OrukOrganization>> MapAsync(List<Organisation> page, bool full, OrukMapper mapper, BlueprintDb db, CancellationToken ct)
    {
        ILookup<int, Intervention>? services = null;
        if (full && page.Count > 0)
        {
            var ids = page.Select(o => o.Id).ToList();
            services = (await db.Interventions.AsNoTracking().Where(i => ids.Contains(i.OrganisationId)).OrderBy(i => i.Id).ToListAsync(ct))
                .ToLookup(i => i.OrganisationId);
        }
        return page.Select(o =>
        {
            var organization = mapper.Organization(o, withAttributes: full);
            return services is null ? organization : organization with
            {
                Services = services[o.Id].Select(i => mapper.Service(i, full: false) with { Organization = null, OrganizationId = o.PublicId }).ToList(),
            };
        }).ToList();
    }

    private static async IAsyncEnumerable<IReadOnlyList<OrukOrganization>> Batches(
        IQueryable<Organisation> matching, bool full, OrukMapper mapper, BlueprintDb db, [EnumeratorCancellation] CancellationToken ct)
    {
        var after = 0;
        while (true)
        {
            var from = after;
            var batch = await matching.Where(o => o.Id > from).OrderBy(o => o.Id).Take(OrukServices.StreamBatch).ToListAsync(ct);
            if (batch.Count == 0)
            {
                yield break;
            }
            after = batch[^1].Id;
            yield return await MapAsync(batch, full, mapper, db, ct);
        }
    }

    public static async Task<IResult> OneAsync(string id, HttpContext context, BlueprintDb db, OrukMapper mapper)
    {
        if (!Guid.TryParseExact(id, "D", out var publicId))
        {
            return OrukWriter.NotFound("organization");
        }
        var found = await db.Organisations.AsNoTracking().Where(o => o.PublicId == publicId).ToListAsync(context.RequestAborted);
        return found.Count == 0
            ? OrukWriter.NotFound("organization")
            : OrukWriter.Json((await MapAsync(found, full: true, mapper, db, context.RequestAborted))[0]);
    }
}
