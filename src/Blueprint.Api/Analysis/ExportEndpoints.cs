using Blueprint.Api.Auth;
using Blueprint.Api.OData;
using Blueprint.Data.Analysis;
using Blueprint.Data.Vocabularies;
using Microsoft.AspNetCore.Mvc;

namespace Blueprint.Api.Analysis;

/// <summary>
/// <c>GET /api/analysis/{table}.{csv|xlsx|json}?round=N&amp;publication=true</c> (analyst, admin): any analysis as a
/// file, or as JSON for the dashboard. <c>publication=true</c> suppresses small counts (<see cref="Suppression"/>,
/// <c>Analysis:SuppressBelow</c>); the search's facet parameters (<see cref="AnalysisFilter"/>) narrow what is counted.
/// </summary>
public static class ExportEndpoints
{
    public static void MapAnalysisExports(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/analysis/{table}.{format}", ExportAsync).RequireAuthorization(Policies.Analyst);

    private static async Task<IResult> ExportAsync(string table, string format, int? round, bool? publication, HttpRequest request,
        [FromServices] AnalysisTables tables, [FromServices] AnalysisOptions options, [FromServices] SearchDemandQuery searches,
        [FromServices] VocabularyCatalog vocabularies, [FromServices] Blueprint.Data.Geography.AreaCatalog areas, CancellationToken ct)
    {
        if (!ExportTables.Names.Contains(table))
        {
            return ErrorBody.Result(404, "UnknownTable", $"There is no table '{table}': choose one of {string.Join(", ", ExportTables.Names)}.");
        }
        if (format is not ("csv" or "xlsx" or "json"))
        {
            return ErrorBody.Result(404, "UnknownFormat", "Exports are .csv, .xlsx or .json.");
        }
        var (filter, problem) = AnalysisFilter.Of(request.Query, vocabularies);
        if (filter is null)
        {
            return ErrorBody.Result(400, "UnknownCode", problem!);
        }
        var rounds = new HashSet<int> { round ?? AnalysisSource.LiveDirectory };
        AnalysisTable? built;
        int? unknown;
        switch (table)
        {
            case "provision":
                (built, unknown) = Build(await tables.RowsAsync(rounds, AnalysisTables.Provision, ct, filter), ExportTables.Provision);
                break;
            case "gaps":
                (built, unknown) = Build(await tables.RowsAsync(rounds, AnalysisTables.Gaps, ct, filter), ExportTables.Gaps);
                break;
            case "access":
                (built, unknown) = Build(await tables.RowsAsync(rounds, AnalysisTables.Access, ct, filter), ExportTables.Access);
                break;
            case "funding":
                (built, unknown) = Build(await tables.RowsAsync(rounds, AnalysisTables.Funding, ct, filter), ExportTables.Funding);
                break;
            default:
                (built, unknown) = (SearchDemandTable.Of(await searches.DemandAsync(ct)), null);
                break;
        }
        if (built is null)
        {
            var (status, code, message) = await tables.UnknownAsync(unknown!.Value, ct);
            return ErrorBody.Result(status, code, message);
        }
        if (publication == true)
        {
            Suppression.Apply(built, options.SuppressBelow, areas);
        }
        if (table != "searches")
        {
            if (!filter.IsEmpty)
            {
                built.Notes.Add(filter.Describe());
            }
            built.Notes.Add(Population.Attribution);
        }
        if (format == "json")
        {
            return Results.Json(TableJson.Of(built, round ?? AnalysisSource.LiveDirectory, publication == true ? options.SuppressBelow : null));
        }
        var name = $"blueprint-{table}-round-{round ?? 0}{(publication == true ? "-publication" : "")}.{format}";
        return format == "csv"
            ? Results.File(TableWriters.Csv(built), "text/csv; charset=utf-8", name)
            : Results.File(TableWriters.Xlsx(built), Exports.Spreadsheet.ContentType, name);
    }

    private static (AnalysisTable?, int?) Build<T>((List<T>? Rows, int? Unknown) result, Func<IReadOnlyList<T>, AnalysisTable> table) =>
        result.Rows is null ? (null, result.Unknown) : (table(result.Rows), null);

}
