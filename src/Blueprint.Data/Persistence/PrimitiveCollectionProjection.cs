using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Blueprint.Data.Persistence;

/// <summary>
/// OData's $select projects a list of codes as <c>x.Codes.Select(c =&gt; c)</c>, which EF Core turns
/// into a correlated subquery that SQLite cannot run (it needs APPLY). The identity Select adds
/// nothing, so it is removed before EF compiles the query: the column is read as it is.
/// </summary>
public sealed class PrimitiveCollectionProjection : ExpressionVisitor, IQueryExpressionInterceptor
{
    public static readonly PrimitiveCollectionProjection Instance = new();

    public Expression QueryCompilationStarting(Expression queryExpression, QueryExpressionEventData eventData) => Visit(queryExpression);

    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        if (node.Method.DeclaringType == typeof(Enumerable) && node.Method.Name == nameof(Enumerable.Select)
            && node.Arguments is [MemberExpression source, LambdaExpression { Parameters: [var p], Body: var body }]
            && body == p && source.Type.IsAssignableTo(node.Type))
        {
            return source;
        }
        return base.VisitMethodCall(node);
    }
}
