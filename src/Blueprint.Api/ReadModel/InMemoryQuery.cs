using System.Collections;
using System.Linq.Expressions;
using System.Reflection;

namespace Blueprint.Api.ReadModel;

/// <summary>
/// LINQ to Objects for OData query options, made to order and compare strings as the database does:
/// ordinally (SQLite's BINARY collation), not by the server's culture. <c>OrderBy</c>/<c>ThenBy</c> on a
/// string key get <see cref="StringComparer.Ordinal"/>, and <see cref="string.Compare(string, string)"/>
/// (what OData's <c>gt</c>/<c>lt</c> on strings and the keyset <c>$skiptoken</c> produce) becomes
/// <see cref="string.CompareOrdinal(string, string)"/>. The query options' attribute recognises this
/// provider and evaluates with null propagation on (see DirectoryQueryAttribute).
/// </summary>
public static class InMemoryQuery
{
    public static IQueryable<T> From<T>(IEnumerable<T> rows)
    {
        var provider = new Provider();
        return new Query<T>(provider, Expression.Constant(rows.AsQueryable()));
    }

    /// <summary>Whether <paramref name="query"/> runs in memory through this provider.</summary>
    public static bool Is(IQueryable query) => query.Provider is Provider;

    private sealed class Query<T>(Provider provider, Expression expression) : IOrderedQueryable<T>
    {
        public Type ElementType => typeof(T);
        public Expression Expression => expression;
        public IQueryProvider Provider => provider;

        public IEnumerator<T> GetEnumerator() => provider.Execute<IEnumerable<T>>(expression).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private sealed class Provider : IQueryProvider
    {
        public IQueryable CreateQuery(Expression expression)
        {
            var element = ElementTypeOf(expression.Type);
            return (IQueryable)Activator.CreateInstance(typeof(Query<>).MakeGenericType(element), this, expression)!;
        }

        public IQueryable<TElement> CreateQuery<TElement>(Expression expression) => new Query<TElement>(this, expression);

        public object? Execute(Expression expression) => CompiledQueries.Run(expression, Ordinal.Instance.Visit);

        public TResult Execute<TResult>(Expression expression) => (TResult)Execute(expression)!;

        private static Type ElementTypeOf(Type sequence) =>
            sequence.GetInterfaces().Append(sequence)
                .FirstOrDefault(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0]
            ?? throw new ArgumentException($"{sequence} is not a sequence.");
    }

    /// <summary>Rewrites culture-sensitive string orderings and comparisons to ordinal ones.</summary>
    private sealed class Ordinal : ExpressionVisitor
    {
        public static readonly Ordinal Instance = new();

        private static readonly MethodInfo CompareOrdinal = typeof(string).GetMethod(nameof(string.CompareOrdinal), [typeof(string), typeof(string)])!;
        private static readonly Expression Comparer = Expression.Constant(StringComparer.Ordinal, typeof(IComparer<string>));
        private static readonly HashSet<string> Orderings = [nameof(Queryable.OrderBy), nameof(Queryable.OrderByDescending), nameof(Queryable.ThenBy), nameof(Queryable.ThenByDescending)];

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            var method = node.Method;
            if (method.DeclaringType == typeof(string) && method.Name == nameof(string.Compare) && method.IsStatic
                && node.Arguments.Count == 2 && node.Arguments.All(a => a.Type == typeof(string)))
            {
                return Expression.Call(CompareOrdinal, Visit(node.Arguments[0]), Visit(node.Arguments[1]));
            }
            if ((method.DeclaringType == typeof(Queryable) || method.DeclaringType == typeof(Enumerable))
                && Orderings.Contains(method.Name) && node.Arguments.Count == 2 && method.GetGenericArguments() is [_, var key] && key == typeof(string))
            {
                var withComparer = method.DeclaringType.GetMethods(BindingFlags.Public | BindingFlags.Static)
                    .Single(m => m.Name == method.Name && m.GetParameters().Length == 3)
                    .MakeGenericMethod(method.GetGenericArguments());
                return Expression.Call(withComparer, Visit(node.Arguments[0]), Visit(node.Arguments[1]), Comparer);
            }
            return base.VisitMethodCall(node);
        }
    }
}
