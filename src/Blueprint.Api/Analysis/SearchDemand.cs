using System.Globalization;
using Blueprint.Api.Auth;
using Blueprint.Data;
using Blueprint.Data.Geography;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.EntityFrameworkCore;
using static Blueprint.Api.Analysis.ColumnKind;

namespace Blueprint.Api.Analysis;

/// <summary>Public searches in a month for one area, filter set and language, and how many found nothing or few: demand beside the gaps.</summary>
public sealed class SearchDemand
{
    /// <summary>yyyy-MM.</summary>
    public required string Month { get; set; }
    /// <summary>directory or place.</summary>
    public required string Kind { get; set; }
    /// <summary>Empty when the search named no area (a place search with no answer).</summary>
    public required string AreaCode { get; set; }
    public string? AreaKind { get; set; }
    public string? AreaName { get; set; }
    public string? AreaNameCy { get; set; }
    /// <summary>Sorted <c>Property=code</c> pairs joined by <c>;</c> (empty: no filter).</summary>
    public required string Filters { get; set; }
    public required string Language { get; set; }
    public int? Searches { get; set; } = 0;
    public int? ZeroResults { get; set; } = 0;
    public int? FewResults { get; set; } = 0;
    public double? MeanResults { get; set; }
}

/// <summary>Reads the stored counts, one query, grouped by month.</summary>
public sealed class SearchDemandQuery(BlueprintDb db, AreaCatalog areas)
{
    public async Task<List<SearchDemand>> DemandAsync(CancellationToken ct)
    {
        var days = await db.SearchCounts.AsNoTracking()
            .GroupBy(s => new { s.Day, s.Kind, s.AreaCode, s.Filters, s.Language })
            .Select(g => new
            {
                g.Key.Day, g.Key.Kind, g.Key.AreaCode, g.Key.Filters, g.Key.Language,
                Searches = g.Sum(s => s.Searches), Zero = g.Sum(s => s.ZeroResults), Few = g.Sum(s => s.FewResults), Results = g.Sum(s => s.Results),
            })
            .ToListAsync(ct);
        return days
            .GroupBy(d => (Month: d.Day.ToString("yyyy-MM", CultureInfo.InvariantCulture), d.Kind, d.AreaCode, d.Filters, d.Language))
            .Select(g =>
            {
                var area = g.Key.AreaCode.Length > 0 ? areas.Find(g.Key.AreaCode) : null;
                var searches = g.Sum(d => d.Searches);
                return new SearchDemand
                {
                    Month = g.Key.Month, Kind = g.Key.Kind, AreaCode = g.Key.AreaCode,
                    AreaKind = area?.Kind, AreaName = area?.NameEn, AreaNameCy = area?.NameCy,
                    Filters = g.Key.Filters, Language = g.Key.Language,
                    Searches = searches, ZeroResults = g.Sum(d => d.Zero), FewResults = g.Sum(d => d.Few),
                    MeanResults = searches > 0 ? Math.Round((double)g.Sum(d => d.Results) / searches, 2) : null,
                };
            })
            .OrderBy(d => d.Month, StringComparer.Ordinal).ThenBy(d => d.Kind, StringComparer.Ordinal)
            .ThenBy(d => d.AreaCode, StringComparer.Ordinal).ThenBy(d => d.Filters, StringComparer.Ordinal).ThenBy(d => d.Language, StringComparer.Ordinal)
            .ToList();
    }
}

/// <summary><c>/odata/survey/analysis/SearchDemand</c>: e.g. <c>$filter=ZeroResults gt 0&amp;$orderby=ZeroResults desc</c>.</summary>
[Authorize(Policy = Policies.Analyst)]
public sealed class SearchDemandController(SearchDemandQuery query, AnalysisOptions options) : ODataController
{
    /// <summary>With <c>publication=true</c>, small counts are null (<see cref="Suppression"/>), as in the "for publication" export.</summary>
    [AnalysisQuery]
    public async Task<IActionResult> Get(CancellationToken ct)
    {
        var publication = Request.Query["publication"].ToString();
        if (publication.Length > 0 && !bool.TryParse(publication, out _))
        {
            return Blueprint.Api.OData.BlueprintQueryAttribute.Error(400, "BadPublication", "publication is true or false.");
        }
        var rows = await query.DemandAsync(ct);
        return Ok((publication.Length > 0 && bool.Parse(publication)
            ? Suppression.Published(rows, SearchDemandTable.Of(rows), options.SuppressBelow, null) : rows).AsQueryable());
    }
}

public static class SearchDemandTable
{
    public static AnalysisTable Of(IReadOnlyList<SearchDemand> rows) => AnalysisTable.Of("searches", rows,
    [
        (new TableColumn("Month", Text), r => r.Month),
        (new TableColumn("Kind", Text), r => r.Kind),
        (new TableColumn("AreaCode", Text), r => r.AreaCode),
        (new TableColumn("AreaKind", Text), r => r.AreaKind),
        (new TableColumn("AreaName", Text), r => r.AreaName),
        (new TableColumn("AreaNameCy", Text), r => r.AreaNameCy),
        (new TableColumn("Filters", Text), r => r.Filters),
        (new TableColumn("Language", Text), r => r.Language),
        (new TableColumn("Searches", Count), r => r.Searches),
        (new TableColumn("ZeroResults", Count), r => r.ZeroResults),
        (new TableColumn("FewResults", Count), r => r.FewResults),
        (new TableColumn("MeanResults", Derived, ["Searches"]), r => r.MeanResults),
    ]);
}
