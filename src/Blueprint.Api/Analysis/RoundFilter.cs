using Microsoft.OData.UriParser;

namespace Blueprint.Api.Analysis;

/// <summary>
/// Which rounds a query asks for: the rounds its <c>$filter</c> pins <c>Round</c> to (<c>Round eq 3</c>,
/// <c>Round in (0,3)</c>, <c>Round eq 0 or Round eq 3</c>, inside any <c>and</c>), else the live directory.
/// The filter itself still runs over the rows afterwards, so this only chooses what to compute.
/// </summary>
public static class RoundFilter
{
    public const int MostRounds = 4;

    public static IReadOnlySet<int> Of(FilterClause? filter) =>
        Pinned(filter, "Round") ?? new HashSet<int> { AnalysisSource.LiveDirectory };

    /// <summary>The values the filter pins an integer property to, or null when it does not.</summary>
    public static IReadOnlySet<int>? Pinned(FilterClause? filter, string property) =>
        filter is null ? null : ValuesIn(filter.Expression, property);

    private static HashSet<int>? ValuesIn(QueryNode node, string property)
    {
        switch (node)
        {
            case ConvertNode convert:
                return ValuesIn(convert.Source, property);
            case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.And } and:
                var left = ValuesIn(and.Left, property);
                var right = ValuesIn(and.Right, property);
                if (left is null || right is null)
                {
                    return left ?? right;
                }
                left.IntersectWith(right);
                return left;
            case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Or } or:
                var l = ValuesIn(or.Left, property);
                var r = ValuesIn(or.Right, property);
                if (l is null || r is null)
                {
                    return null;
                }
                l.UnionWith(r);
                return l;
            case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Equal } equal:
                return Is(equal.Left, property) && Constant(equal.Right) is { } a ? [a]
                    : Is(equal.Right, property) && Constant(equal.Left) is { } b ? [b] : null;
            case InNode { Left: var left2, Right: CollectionConstantNode list } when Is(left2, property):
                var set = new HashSet<int>();
                foreach (var item in list.Collection)
                {
                    if (Constant(item) is not { } n)
                    {
                        return null;
                    }
                    set.Add(n);
                }
                return set;
            default:
                return null;
        }
    }

    private static bool Is(QueryNode node, string property) => node switch
    {
        ConvertNode c => Is(c.Source, property),
        SingleValuePropertyAccessNode p => p.Property.Name == property,
        _ => false,
    };

    private static int? Constant(QueryNode node) => node switch
    {
        ConvertNode c => Constant(c.Source),
        ConstantNode { Value: int i } => i,
        ConstantNode { Value: long l } when l is >= int.MinValue and <= int.MaxValue => (int)l,
        _ => null,
    };
}
