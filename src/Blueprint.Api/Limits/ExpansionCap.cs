using Microsoft.AspNetCore.OData.Query;
using Microsoft.Extensions.Options;
using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.ModelBuilder.Config;
using Microsoft.OData.UriParser;

namespace Blueprint.Api.Limits;

/// <summary>
/// The cost cap on OData answers: the most rows a query can return, counted before it runs. A collection
/// holds at most its <c>$top</c> or its type's page size, whichever is smaller; a single entity or a
/// single-valued navigation holds one. Every expanded row counts: the answer to
/// <c>Interventions?$expand=Venues</c> can hold 100 + 100 × 100 rows. Over
/// <see cref="RateLimitOptions.MaxExpandedRows"/> the query is refused with a 400 saying how to shrink it.
/// </summary>
public static class ExpansionCap
{
    public static void Check(HttpRequest request, ODataQueryOptions options)
    {
        var cap = request.HttpContext.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.MaxExpandedRows;
        if (cap <= 0)
        {
            return;
        }
        var rows = Estimate(options);
        if (rows > cap)
        {
            throw new ODataException(
                $"This query could return up to {rows:N0} rows with its expansions; the limit is {cap:N0}. "
                + "Lower $top, give each expanded collection a $top (for example $expand=Venues($top=5)), or expand less deeply.");
        }
    }

    /// <summary>The most rows the answer can hold, expanded rows included.</summary>
    public static long Estimate(ODataQueryOptions options)
    {
        var model = options.Context.Model;
        var returnsCollection = options.Context.Path?.LastSegment?.EdmType is IEdmCollectionType;
        var topLevel = returnsCollection || options.Context.Path is null
            ? Bound(options.Top?.Value, PageSize(model, options.Context.ElementType, null))
            : 1;
        return options.SelectExpand?.SelectExpandClause is { } clause
            ? Saturating(topLevel, Add(1, Beneath(model, clause)))
            : topLevel;
    }

    /// <summary>Rows expanded beneath one row, nested expansions included (saturating, never overflowing).</summary>
    private static long Beneath(IEdmModel model, SelectExpandClause clause)
    {
        long total = 0;
        foreach (var item in clause.SelectedItems)
        {
            if (item is not ExpandedReferenceSelectItem expanded
                || expanded.PathToNavigationProperty.LastSegment is not NavigationPropertySegment { NavigationProperty: var navigation })
            {
                continue;
            }
            var perRow = navigation.Type.IsCollection()
                ? Bound(expanded.TopOption, PageSize(model, navigation.ToEntityType(), navigation))
                : 1;
            var nested = expanded is ExpandedNavigationSelectItem { SelectAndExpand: { } inner } ? Beneath(model, inner) : 0;
            // $levels=n repeats the expansion n deep: each level's rows carry the next level beneath them.
            var levels = expanded is ExpandedNavigationSelectItem { LevelsOption: { } l } ? (l.IsMaxLevel ? MaxLevels : Math.Clamp(l.Level, 1, MaxLevels)) : 1;
            long rows = 0;
            for (var level = 0; level < levels; level++)
            {
                rows = Saturating(perRow, Add(Add(1, nested), rows));
            }
            total = Add(total, rows);
        }
        return total;
    }

    /// <summary>What <c>$levels=max</c> is counted as (the routes allow at most 3).</summary>
    private const int MaxLevels = 8;

    private static long Bound(long? top, int? pageSize) => (top, pageSize) switch
    {
        ({ } t, { } p) => Math.Min(t, p),
        ({ } t, null) => t,
        (null, { } p) => p,
        _ => long.MaxValue / 4,
    };

    private static int? PageSize(IEdmModel model, IEdmType? type, IEdmNavigationProperty? navigation)
    {
        var onProperty = navigation is null ? null : model.GetAnnotationValue<ModelBoundQuerySettings>(navigation)?.PageSize;
        return onProperty ?? (type is null ? null : model.GetAnnotationValue<ModelBoundQuerySettings>(type)?.PageSize);
    }

    private static long Saturating(long a, long b) => a == 0 || b == 0 ? 0 : a > long.MaxValue / 4 / b ? long.MaxValue / 4 : a * b;

    private static long Add(long a, long b) => Math.Min(long.MaxValue / 4, a + b);
}
