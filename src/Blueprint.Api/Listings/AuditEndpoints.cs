using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Blueprint.Api.Auth;
using Blueprint.Data;
using Blueprint.Data.Listings;
using Blueprint.Ingest.Commands;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Listings;

/// <summary>
/// <c>GET /api/audit</c>: the audit trail, newest first, as JSON or CSV (<c>format=csv</c>, one row per changed
/// field). Administrators read every entry; a provider the entries of its own organisations' listings (their
/// venues' confidential fields included, which it may read anyway), and a 403 for another's listing or
/// organisation; analysts and anonymous callers none.
/// </summary>
public static class AuditEndpoints
{
    public const int MaxTop = 5000;

    public sealed record AuditView(long Id, DateTime At, string ActorId, string ActorName, string Route, string EntityType, string Action,
        int? EntityId, Guid EntityPublicId, int? InterventionId, int? OrganisationId, long? Version, JsonNode? Changes);

    public static void MapAudit(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/audit", ReadAsync).RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Provider)).WithTags("Audit");

    private static async Task<IResult> ReadAsync(HttpContext http, BlueprintDb db, ClaimsPrincipal user,
        int? intervention, int? organisation, int? top, int? skip, string? format, CancellationToken ct)
    {
        if (top is < 1 or > MaxTop || skip is < 0)
        {
            return ListingErrors.Result(400, "BadQuery", $"top must be 1 to {MaxTop} and skip 0 or more.");
        }
        var entries = db.AuditEntries.AsNoTracking();
        if (!user.IsInRole(Roles.Admin))
        {
            var organisations = user.ProviderOrganisations().ToArray();
            if (await NotYoursAsync(db, organisations, intervention, organisation, ct) is { } refusal)
            {
                return refusal;
            }
            var listings = db.Interventions.IgnoreQueryFilters().Where(i => organisations.Contains(i.OrganisationId)).Select(i => i.Id);
            entries = entries.Where(a => (a.InterventionId != null && listings.Contains(a.InterventionId.Value))
                || (a.EntityType == AuditEntities.Organisation && a.OrganisationId != null && organisations.Contains(a.OrganisationId.Value)));
        }
        if (intervention is { } id)
        {
            entries = entries.Where(a => a.InterventionId == id);
        }
        if (organisation is { } org)
        {
            var listings = db.Interventions.IgnoreQueryFilters().Where(i => i.OrganisationId == org).Select(i => i.Id);
            entries = entries.Where(a => a.OrganisationId == org || (a.InterventionId != null && listings.Contains(a.InterventionId.Value)));
        }
        var page = await entries.OrderByDescending(a => a.Id).Skip(skip ?? 0).Take(top ?? 200).ToListAsync(ct);
        if (string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase))
        {
            // Written whole, then sent: the response stream takes no synchronous writes.
            var buffer = new MemoryStream();
            WriteCsv(buffer, page);
            buffer.Position = 0;
            return Results.Stream(buffer, "text/csv; charset=utf-8", "audit.csv");
        }
        return Results.Ok(new { entries = page.Select(View) });
    }

    /// <summary>
    /// A provider who names a listing or an organisation that is not theirs is told so (403), rather than given
    /// an empty trail that reads as "nothing has changed"; one that does not exist is a 404.
    /// </summary>
    private static async Task<IResult?> NotYoursAsync(BlueprintDb db, int[] organisations, int? intervention, int? organisation, CancellationToken ct)
    {
        if (intervention is { } id)
        {
            var owner = await db.Interventions.IgnoreQueryFilters().Where(i => i.Id == id).Select(i => (int?)i.OrganisationId).SingleOrDefaultAsync(ct);
            if (owner is null)
            {
                return ListingErrors.Result(404, "NotFound", $"There is no listing {id}.");
            }
            if (!organisations.Contains(owner.Value))
            {
                return ListingErrors.Result(403, "Forbidden", "You may read the audit trail only of the listings of the organisations you act for.");
            }
        }
        if (organisation is { } org && !organisations.Contains(org))
        {
            return ListingErrors.Result(403, "Forbidden", "You may read the audit trail only of the organisations you act for.");
        }
        return null;
    }

    private static AuditView View(AuditEntry a) => new(a.Id, a.At, a.ActorId, a.ActorName, a.Route, a.EntityType, a.Action,
        a.EntityId, a.EntityPublicId, a.InterventionId, a.OrganisationId, a.Version, JsonNode.Parse(a.Changes));

    private static void WriteCsv(Stream stream, List<AuditEntry> page)
    {
        using var csv = CsvWriter.Create(stream, ReportCsv.SafeOptions with { WriteByteOrderMark = true }, leaveOpen: true);
        csv.WriteRecord(["Id", "At (UTC)", "Actor id", "Actor", "Route", "Entity", "Action", "Entity id", "Entity public id",
            "Intervention id", "Organisation id", "Version", "Field", "Before", "After"]);
        foreach (var a in page)
        {
            foreach (var change in (JsonNode.Parse(a.Changes) as JsonArray ?? []).DefaultIfEmpty(null))
            {
                csv.WriteRecord([
                    a.Id.ToString(CultureInfo.InvariantCulture), a.At.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    a.ActorId, a.ActorName, a.Route, a.EntityType, a.Action, Text(a.EntityId), a.EntityPublicId.ToString(),
                    Text(a.InterventionId), Text(a.OrganisationId), a.Version?.ToString(CultureInfo.InvariantCulture) ?? "",
                    change?["field"]?.GetValue<string>() ?? "", Plain(change?["before"]), Plain(change?["after"]),
                ]);
            }
        }
    }

    private static string Text(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Plain(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };
}
