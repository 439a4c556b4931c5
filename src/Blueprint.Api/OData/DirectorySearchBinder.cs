using System.Linq.Expressions;
using Blueprint.Data.Directory;
using Microsoft.AspNetCore.OData.Query;
using Microsoft.AspNetCore.OData.Query.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.OData;
using Microsoft.OData.UriParser;

namespace Blueprint.Api.OData;

/// <summary>
/// $search over names and descriptions in English and Welsh (organisations: their names), with AND,
/// OR and NOT. Each term is a case-insensitive LIKE that both SQLite and SQL Server run; on rows held in
/// memory (null propagation on: the read model and distance search), the same match as SQLite's LIKE in C#
/// (<see cref="ContainsLike"/>).
/// </summary>
public sealed class DirectorySearchBinder : QueryBinder, ISearchBinder
{
    private static readonly Dictionary<Type, string[]> Searched = new()
    {
        [typeof(Intervention)] = [nameof(Intervention.Name), nameof(Intervention.NameCy), nameof(Intervention.Description), nameof(Intervention.DescriptionCy)],
        [typeof(Organisation)] = [nameof(Organisation.Name), nameof(Organisation.NameCy)],
    };

    /// <summary>The text properties <c>$search</c> looks in for a type (the read model's term sets use the same).</summary>
    internal static IReadOnlyList<string> SearchedOn(Type type) => Searched[type];

    private static readonly System.Reflection.MethodInfo Like = typeof(DbFunctionsExtensions).GetMethod(
        nameof(DbFunctionsExtensions.Like), [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;

    public Expression BindSearch(SearchClause searchClause, QueryBinderContext context)
    {
        var parameter = context.CurrentParameter;
        if (!Searched.TryGetValue(parameter.Type, out var properties))
        {
            throw new ODataException($"$search is not supported on {parameter.Type.Name}.");
        }
        var inMemory = context.QuerySettings.HandleNullPropagation == HandleNullPropagationOption.True;
        var body = Bind(searchClause.Expression, parameter, properties, inMemory, depth: 0);
        return Expression.Lambda(body, parameter);
    }

    private static Expression Bind(SingleValueNode node, ParameterExpression item, string[] properties, bool inMemory, int depth)
    {
        if (depth > 10)
        {
            throw new ODataException("$search has too many terms.");
        }
        return node switch
        {
            SearchTermNode term => Matches(term.Text, item, properties, inMemory),
            BinaryOperatorNode { OperatorKind: BinaryOperatorKind.And } and =>
                Expression.AndAlso(Bind(and.Left, item, properties, inMemory, depth + 1), Bind(and.Right, item, properties, inMemory, depth + 1)),
            BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Or } or =>
                Expression.OrElse(Bind(or.Left, item, properties, inMemory, depth + 1), Bind(or.Right, item, properties, inMemory, depth + 1)),
            UnaryOperatorNode { OperatorKind: UnaryOperatorKind.Not } not => Expression.Not(Bind(not.Operand, item, properties, inMemory, depth + 1)),
            _ => throw new ODataException("$search supports terms, phrases, AND, OR and NOT."),
        };
    }

    private static readonly System.Reflection.MethodInfo InMemoryLike = typeof(DirectorySearchBinder).GetMethod(nameof(ContainsLike))!;

    private static Expression Matches(string text, ParameterExpression item, string[] properties, bool inMemory)
    {
        if (inMemory)
        {
            Expression? anyInMemory = null;
            foreach (var name in properties)
            {
                var matches = Expression.Call(InMemoryLike, Expression.Property(item, name), Expression.Constant(text));
                anyInMemory = anyInMemory is null ? matches : Expression.OrElse(anyInMemory, matches);
            }
            return anyInMemory!;
        }
        var pattern = "%" + text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_").Replace("[", "\\[") + "%";
        Expression? any = null;
        foreach (var name in properties)
        {
            var property = Expression.Property(item, name);
            var like = Expression.Call(Like, Expression.Constant(EF.Functions), property, Expression.Constant(pattern), Expression.Constant("\\"));
            var matches = Expression.AndAlso(Expression.NotEqual(property, Expression.Constant(null, typeof(string))), like);
            any = any is null ? matches : Expression.OrElse(any, matches);
        }
        return any!;
    }

    /// <summary>
    /// <c>value LIKE '%text%'</c> as SQLite runs it: false for a null, case folded for ASCII letters only
    /// (so 'Ŵ' and 'ŵ' differ there, as they do in SQLite), no wildcards in the text.
    /// </summary>
    public static bool ContainsLike(string? value, string text)
    {
        if (value is null)
        {
            return false;
        }
        // Whatever matches with ASCII letters folded also matches with every letter folded, so the library's
        // (vectorised) case-insensitive search rules most values out first; what it finds is checked exactly below.
        if (value.AsSpan().IndexOf(text, StringComparison.OrdinalIgnoreCase) < 0)
        {
            return false;
        }
        for (var start = 0; start + text.Length <= value.Length; start++)
        {
            var i = 0;
            while (i < text.Length && Fold(value[start + i]) == Fold(text[i]))
            {
                i++;
            }
            if (i == text.Length)
            {
                return true;
            }
        }
        return false;
    }

    private static char Fold(char c) => c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
}
