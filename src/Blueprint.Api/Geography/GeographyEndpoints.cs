using System.Text.Json.Nodes;
using Blueprint.Api.Interventions;
using Blueprint.Api.OData;
using Blueprint.Data;
using Blueprint.Data.Directory;
using Blueprint.Data.Geography;
using Microsoft.AspNetCore.OData.Query;
using Microsoft.AspNetCore.OData.Query.Validator;
using Microsoft.EntityFrameworkCore;
using Microsoft.OData;
using Microsoft.OData.Edm;

namespace Blueprint.Api.Geography;

/// <summary>GeoJSON for the map: area outlines with how many interventions serve each, and the point-to-area lookup.</summary>
public static class GeographyEndpoints
{
    public static void MapGeography(this WebApplication app)
    {
        var group = app.MapGroup("/api/geo");
        group.MapGet("/areas", AreasAsync);
        group.MapGet("/markers", MarkersEndpoint.GetAsync);
        group.MapBoundaries();
        group.MapGet("/lookup", (double latitude, double longitude, AreaLocator geography) =>
        {
            var areas = geography.AreasAt(latitude, longitude);
            return TypedResults.Ok(areas.Select(a => new AreaAt(a.Code, a.Kind, a.NameEn, a.NameCy)));
        });
    }

    /// <summary>One area containing the point <c>/api/geo/lookup</c> was asked about.</summary>
    public sealed record AreaAt(string Code, string Kind, string NameEn, string NameCy);


    /// <summary>
    /// GET /api/geo/areas?kind=local-authority&amp;filter=… — every area of a kind with its simplified
    /// boundary and the count of interventions serving it (all-Wales ones included) that match the
    /// optional OData $filter expression.
    /// </summary>
    private static async Task<IResult> AreasAsync(HttpContext http, BlueprintDb db, AreaLocator geography, AreaShapes shapes,
        string? kind, string? filter, CancellationToken ct)
    {
        kind ??= AreaKinds.LocalAuthority;
        if (!AreaKinds.All.Contains(kind))
        {
            return ODataError(400, "BadKind", $"kind must be one of: {string.Join(", ", AreaKinds.All)}.");
        }
        Dictionary<string, int> counts;
        try
        {
            counts = await AreaCounts.CountAsync(http, db, geography, kind, filter, ct);
        }
        catch (ODataException e)
        {
            return ODataError(400, "BadFilter", e.Message);
        }

        var features = new JsonArray();
        foreach (var area in geography.Catalog.All.Where(a => a.Kind == kind))
        {
            var count = counts[area.Code];
            var (labelLat, labelLon) = shapes.Label(area.Code);
            features.Add(new JsonObject
            {
                ["type"] = "Feature",
                ["id"] = area.Code,
                ["geometry"] = shapes.Geometry(area.Code),
                ["properties"] = new JsonObject
                {
                    ["code"] = area.Code, ["kind"] = area.Kind, ["nameEn"] = area.NameEn, ["nameCy"] = area.NameCy,
                    ["count"] = count, ["labelLatitude"] = labelLat, ["labelLongitude"] = labelLon,
                },
            });
        }
        var collection = new JsonObject
        {
            ["type"] = "FeatureCollection",
            ["attribution"] = DataFiles.BoundaryAttribution,
            ["features"] = features,
        };
        return Results.Text(collection.ToJsonString(), "application/geo+json; charset=utf-8");
    }

    /// <summary>Applies an OData $filter expression with the same limits as /odata.</summary>
    internal static IQueryable<Intervention> ApplyFilter(IQueryable<Intervention> query, string filter)
    {
        if (filter.Length > 2000)
        {
            throw new ODataException("filter is limited to 2000 characters.");
        }
        var set = DirectoryModel.Instance.EntityContainer.FindEntitySet("Interventions");
        var context = new ODataQueryContext(DirectoryModel.Instance, typeof(Intervention), path: null);
        context.DefaultQueryConfigurations.EnableFilter = true;
        var parser = new Microsoft.OData.UriParser.ODataQueryOptionParser(DirectoryModel.Instance, set.EntityType, set, new Dictionary<string, string> { ["$filter"] = filter });
        var option = new FilterQueryOption(filter, context, parser);
        option.Validator.Validate(option, new ODataValidationSettings
        {
            MaxNodeCount = QueryLimits.MaxNodeCount,
            MaxAnyAllExpressionDepth = 2,
            AllowedFunctions = AllowedFunctions.AllStringFunctions | AllowedFunctions.AllDateTimeFunctions | AllowedFunctions.Any | AllowedFunctions.All,
        });
        // In memory (the read model) a function of a null is null, as in SQL, instead of a NullReferenceException.
        var nulls = ReadModel.InMemoryQuery.Is(query) ? HandleNullPropagationOption.True : HandleNullPropagationOption.False;
        return (IQueryable<Intervention>)option.ApplyTo(query, new ODataQuerySettings { HandleNullPropagation = nulls });
    }

    private static IResult ODataError(int status, string code, string message) =>
        Results.Json(new ErrorBody(new ErrorDetail(code, message)), statusCode: status);
}
