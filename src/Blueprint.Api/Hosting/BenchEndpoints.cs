using System.Collections.Concurrent;
using System.Text.Json;
using Blueprint.Api.Interventions;
using Blueprint.Data;
using Blueprint.Data.Geography;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Hosting;

/// <summary>
/// Reference endpoints for bench/api/run.sh, mapped only when <c>Bench:Enabled</c> is true: the region
/// search with plain EF Core and System.Text.Json (no OData, no cache), and the cheapest endpoint that
/// returns the same bytes (the ceiling).
/// </summary>
public static class BenchEndpoints
{
    public const int Top = 50;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);
    private static readonly ConcurrentDictionary<string, byte[]> Ceiling = new(StringComparer.Ordinal);

    public static void MapBenchReferences(this WebApplication app)
    {
        if (!app.Configuration.GetValue<bool>("Bench:Enabled"))
        {
            return;
        }
        var group = app.MapGroup("/bench");
        group.MapGet("/plain/in-area/{code}", async (string code, BlueprintDb db, AreaLocator geography, HttpContext http, CancellationToken ct) =>
        {
            var page = await PlainAsync(code, db, geography, ct);
            if (page is null)
            {
                return Results.NotFound();
            }
            http.Response.ContentType = "application/json; charset=utf-8";
            await JsonSerializer.SerializeAsync(http.Response.Body, page, Json, ct);
            return Results.Empty;
        });
        group.MapGet("/ceiling/in-area/{code}", async (string code, BlueprintDb db, AreaLocator geography, HttpContext http, CancellationToken ct) =>
        {
            if (!Ceiling.TryGetValue(code, out var bytes))
            {
                var page = await PlainAsync(code, db, geography, ct);
                if (page is null)
                {
                    return Results.NotFound();
                }
                bytes = Ceiling.GetOrAdd(code, JsonSerializer.SerializeToUtf8Bytes(page, Json));
            }
            return Results.Bytes(bytes, "application/json; charset=utf-8");
        });
    }

    /// <summary>The same rows as <c>InArea(code)?$top=50&amp;$count=true&amp;$select=…</c>: same filter, ordered by key, and the total.</summary>
    private static async Task<PlainPage?> PlainAsync(string code, BlueprintDb db, AreaLocator geography, CancellationToken ct)
    {
        var localAuthorities = geography.Catalog.LocalAuthorityCodes(code);
        if (localAuthorities is null)
        {
            return null;
        }
        var query = InterventionsController.InArea(db, localAuthorities);
        var count = await query.CountAsync(ct);
        var rows = await query.OrderBy(i => i.Id).Take(Top)
            .Select(i => new PlainRow(i.Id, i.Name, i.NameCy, i.OrganisationId, i.Status, i.AllWales, i.Format, i.LastVerified))
            .ToListAsync(ct);
        return new PlainPage(count, rows);
    }

    public sealed record PlainPage(
        [property: System.Text.Json.Serialization.JsonPropertyName("@odata.count")] int Count,
        [property: System.Text.Json.Serialization.JsonPropertyName("value")] List<PlainRow> Value);

    public sealed record PlainRow(int Id, string Name, string? NameCy, int OrganisationId, string Status, bool AllWales, string? Format, DateOnly LastVerified);
}
