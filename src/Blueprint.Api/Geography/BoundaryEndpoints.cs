using Blueprint.Api.OData;
using Blueprint.Data;
using Blueprint.Data.Geography;
using Microsoft.OData;

namespace Blueprint.Api.Geography;

/// <summary>
/// The map's two halves of <c>/api/geo/areas</c>: <c>/api/geo/boundaries?kind=</c> (outlines, the same for every
/// search: an ETag and revalidation, fetched once a session) and <c>/api/geo/counts?kind=&amp;filter=</c>
/// (a small JSON object of area code → count, fetched on every filter change).
/// </summary>
public static class BoundaryEndpoints
{
    public static void MapBoundaries(this IEndpointRouteBuilder group)
    {
        group.MapGet("/boundaries", (HttpContext http, AreaBoundaries boundaries, string? kind) =>
        {
            kind ??= AreaKinds.LocalAuthority;
            if (boundaries.Of(kind) is not { } collection)
            {
                return BadKind();
            }
            http.Response.Headers.ETag = collection.ETag;
            // Revalidate every time: a 304 costs a few hundred bytes, and a new boundary file shows at once.
            http.Response.Headers.CacheControl = "public, no-cache";
            if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && (v == "*" || v.Split(',').Select(e => e.Trim()).Contains(collection.ETag))))
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }
            return Results.Bytes(collection.Body, "application/geo+json; charset=utf-8");
        });
        group.MapGet("/counts", async (HttpContext http, BlueprintDb db, AreaLocator geography, string? kind, string? filter, CancellationToken ct) =>
        {
            kind ??= AreaKinds.LocalAuthority;
            if (!AreaKinds.All.Contains(kind))
            {
                return BadKind();
            }
            try
            {
                return Results.Ok(new { kind, counts = await AreaCounts.CountAsync(http, db, geography, kind, filter, ct) });
            }
            catch (ODataException e)
            {
                return Results.Json(new ErrorBody(new ErrorDetail("BadFilter", e.Message)), statusCode: StatusCodes.Status400BadRequest);
            }
        });
    }

    private static IResult BadKind() => Results.Json(
        new ErrorBody(new ErrorDetail("BadKind", $"kind must be one of: {string.Join(", ", AreaKinds.All)}.")), statusCode: StatusCodes.Status400BadRequest);
}
