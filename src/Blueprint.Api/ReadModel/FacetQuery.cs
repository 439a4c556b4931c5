using Blueprint.Data.Directory;
using Microsoft.AspNetCore.OData.Query;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;

namespace Blueprint.Api.ReadModel;

/// <summary>
/// Chooses a page by sets (<see cref="FacetIndex"/>) when OData's parsed <c>$filter</c> is made only of what sets
/// answer exactly: <c>Property eq value</c> (text, number or boolean, either side), <c>List/any(x: x eq value)</c> (with
/// <c>or</c> inside), a boolean property alone, joined by <c>and</c> and <c>or</c>; and <c>$orderby</c> is at most one plain
/// property; <c>$search</c> by the set each term matches (<see cref="FacetIndex.Matching"/>). Anything else (<c>ne</c>,
/// <c>not</c>, functions, nulls, navigation, a route other than the whole directory or an area) returns null and OData's
/// query runs as before. Equality is ordinal, as in the database
/// (SQLite's BINARY collation) and the in-memory query; the equivalence tests compare both paths.
/// </summary>
internal static class FacetQuery
{
    public static (List<Intervention> Page, int Total)? TryChoose(ReaderView view, IReadOnlyList<Intervention> routeRows,
        ODataQueryOptions options, bool stableOrder, int skip, int top, bool count)
    {
        var near = routeRows as NearRows;
        if (near is null && (!stableOrder || routeRows is not Intervention[]))
        {
            return null;
        }
        var index = view.Snapshot.Facets;
        var set = near is null ? index.Route((Intervention[])routeRows) : index.All;
        if (options.Search is { } search)
        {
            if (Searched(index, search.SearchClause.Expression, depth: 0) is not { } found)
            {
                return null;
            }
            set = FacetIndex.And(set, found);
        }
        if (options.Filter is { } filter)
        {
            if (Set(index, filter.FilterClause.Expression, filter.FilterClause.RangeVariable) is not { } chosen)
            {
                return null;
            }
            set = FacetIndex.And(set, chosen);
        }
        if (near is not null)
        {
            // A distance search keeps its own order (nearest first, the route's attribute adds none): no $orderby here.
            return options.OrderBy is null ? Nearest(near, index, set, view, skip, top, count) : null;
        }
        int[]? order = null;
        if (options.OrderBy is { } orderBy)
        {
            var clause = orderBy.OrderByClause;
            if (clause.ThenBy is not null || clause.Expression is not SingleValuePropertyAccessNode { Source: ResourceRangeVariableReferenceNode } property
                || index.Order(property.Property.Name, clause.Direction == OrderByDirection.Descending) is not { } sorted)
            {
                return null;
            }
            order = sorted;
        }

        var window = new PageWindow(skip, top, count);
        var n = order?.Length ?? index.Words * 64;
        for (var i = 0; i < n && !window.Full; i++)
        {
            var at = order is null ? i : order[i];
            if (order is null && (i & 63) == 0 && set[i >> 6] == 0)
            {
                i += 63; // a word of listings none of which match
                continue;
            }
            if (!FacetIndex.Has(set, at))
            {
                continue;
            }
            var row = index.Row(at);
            if (view.Sees(row) && window.Counts())
            {
                window.Add(row);
            }
        }
        return window.Result;
    }

    private static ulong[]? Set(FacetIndex index, SingleValueNode node, RangeVariable it)
    {
        switch (Unwrapped(node))
        {
            case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.And } and:
                return Set(index, and.Left, it) is { } l && Set(index, and.Right, it) is { } r ? FacetIndex.And(l, r) : null;
            case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Or } or:
                return Set(index, or.Left, it) is { } a && Set(index, or.Right, it) is { } b ? FacetIndex.Or(a, b) : null;
            case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Equal } equal:
                return Equal(index, equal.Left, equal.Right, it) ?? Equal(index, equal.Right, equal.Left, it);
            // As in C# and in EF Core's SQL: a listing with no value is not equal to the constant, so it is kept.
            case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.NotEqual } notEqual:
                return (Equal(index, notEqual.Left, notEqual.Right, it) ?? Equal(index, notEqual.Right, notEqual.Left, it)) is { } same ? index.Not(same) : null;
            case InNode { Right: CollectionConstantNode list } @in:
                return In(index, @in.Left, list, it);
            case SingleValuePropertyAccessNode { Source: ResourceRangeVariableReferenceNode source } flag
                when source.RangeVariable.Name == it.Name && flag.Property.Type.IsBoolean() && index.Indexed(flag.Property.Name):
                return index.Holding(flag.Property.Name, true);
            case AnyNode { Source: CollectionPropertyAccessNode { Source: ResourceRangeVariableReferenceNode source } list } any
                when source.RangeVariable.Name == it.Name && index.Indexed(list.Property.Name) && any.CurrentRangeVariable is not null:
                return AnyOf(index, list.Property.Name, any.Body, any.CurrentRangeVariable.Name);
            default:
                return null;
        }
    }

    private static (List<Intervention> Page, int Total) Nearest(NearRows near, FacetIndex index, ulong[] set, ReaderView view, int skip, int top, bool count)
    {
        var window = new PageWindow(skip, top, count);
        for (var i = 0; i < near.Count && !window.Full; i++)
        {
            if (FacetIndex.Has(set, index.Position(near.IdAt(i))) && view.Sees(near.Original(i)) && window.Counts())
            {
                window.Add(near[i]); // the copy with its distance, made only for a row of the page
            }
        }
        return window.Result;
    }

    /// <summary>The listings a <c>$search</c> matches, as OData.DirectorySearchBinder matches them (terms, AND, OR, NOT; null past its depth, for its error).</summary>
    private static ulong[]? Searched(FacetIndex index, SingleValueNode node, int depth)
    {
        if (depth > 10)
        {
            return null;
        }
        return node switch
        {
            SearchTermNode term => index.Matching(term.Text),
            BinaryOperatorNode { OperatorKind: BinaryOperatorKind.And } and =>
                Searched(index, and.Left, depth + 1) is { } l && Searched(index, and.Right, depth + 1) is { } r ? FacetIndex.And(l, r) : null,
            BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Or } or =>
                Searched(index, or.Left, depth + 1) is { } a && Searched(index, or.Right, depth + 1) is { } b ? FacetIndex.Or(a, b) : null,
            UnaryOperatorNode { OperatorKind: UnaryOperatorKind.Not } not => Searched(index, not.Operand, depth + 1) is { } n ? index.Not(n) : null,
            _ => null,
        };
    }

    /// <summary>The listings whose list holds a value the body names: <c>x eq 'a'</c>, or several joined by <c>or</c>.</summary>
    private static ulong[]? AnyOf(FacetIndex index, string property, SingleValueNode body, string variable)
    {
        switch (Unwrapped(body))
        {
            case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Or } or:
                return AnyOf(index, property, or.Left, variable) is { } a && AnyOf(index, property, or.Right, variable) is { } b ? FacetIndex.Or(a, b) : null;
            case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Equal } equal:
                var (item, constant) = (Unwrapped(equal.Left), Unwrapped(equal.Right)) switch
                {
                    (NonResourceRangeVariableReferenceNode v, ConstantNode c) => (v, c),
                    (ConstantNode c, NonResourceRangeVariableReferenceNode v) => (v, c),
                    _ => default,
                };
                return item is not null && item.RangeVariable.Name == variable && constant?.Value is string text
                    ? index.Holding(property, text) : null;
            default:
                return null;
        }
    }

    /// <summary><c>Id in (3, 5, 8)</c>: the union of each value's set (the map asks for its list's rows this way).</summary>
    private static ulong[]? In(FacetIndex index, SingleValueNode left, CollectionConstantNode list, RangeVariable it)
    {
        var set = new ulong[index.Words];
        foreach (var item in list.Collection)
        {
            if (Equal(index, left, item, it) is not { } one)
            {
                return null;
            }
            FacetIndex.AddTo(set, one);
        }
        return set;
    }

    private static ulong[]? Equal(FacetIndex index, SingleValueNode left, SingleValueNode right, RangeVariable it)
    {
        if (Unwrapped(left) is not SingleValuePropertyAccessNode { Source: ResourceRangeVariableReferenceNode source } property
            || source.RangeVariable.Name != it.Name || Unwrapped(right) is not ConstantNode { Value: { } value }
            || !index.Indexed(property.Property.Name))
        {
            return null;
        }
        var clr = FacetIndex.TypeOf(property.Property.Name);
        object? key = value switch
        {
            string text when clr == typeof(string) => text,
            bool flag when clr == typeof(bool) || clr == typeof(bool?) => flag,
            int or long when clr == typeof(int) || clr == typeof(int?) => Convert.ToInt64(value) is var n && n is >= int.MinValue and <= int.MaxValue ? (int)n : null,
            _ => null,
        };
        // A number beyond int matches nothing; any other pairing of types is OData's to evaluate.
        if (key is null)
        {
            return value is int or long && (clr == typeof(int) || clr == typeof(int?)) ? new ulong[index.Words] : null;
        }
        return index.Holding(property.Property.Name, key);
    }

    private static SingleValueNode Unwrapped(SingleValueNode node) => node is ConvertNode convert ? Unwrapped(convert.Source) : node;
}
