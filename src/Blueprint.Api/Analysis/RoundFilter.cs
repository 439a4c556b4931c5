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
        (filter is null ? null : RoundsIn(filter.Expression)) ?? new HashSet<int> { AnalysisSource.LiveDirectory };

    private static HashSet<int>? RoundsIn(QueryNode node)
    {
        switch (node)
        {
            case ConvertNode convert:
                return RoundsIn(convert.Source);
            case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.And } and:
                var left = RoundsIn(and.Left);
                var right = RoundsIn(and.Right);
                if (left is null || right is null)
                {
                    return left ?? right;
                }
                left.IntersectWith(right);
                return left;
            case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Or } or:
                var l = RoundsIn(or.Left);
                var r = RoundsIn(or.Right);
                if (l is null || r is null)
                {
                    return null;
                }
                l.UnionWith(r);
                return l;
            case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Equal } equal:
                return IsRound(equal.Left) && Constant(equal.Right) is { } a ? [a]
                    : IsRound(equal.Right) && Constant(equal.Left) is { } b ? [b] : null;
            case InNode { Left: var property, Right: CollectionConstantNode list } when IsRound(property):
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

    private static bool IsRound(QueryNode node) => node switch
    {
        ConvertNode c => IsRound(c.Source),
        SingleValuePropertyAccessNode p => p.Property.Name == "Round",
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
