using System.Linq.Expressions;
using System.Text.Json;
using Microsoft.OData;

namespace Blueprint.Api.OData;

/// <summary>
/// The comparisons of a keyset <c>$skiptoken</c> as LINQ expressions that EF translates on both providers
/// and LINQ to objects runs the same way: nulls sort first (SQLite, SQL Server and LINQ agree), strings
/// compare with <see cref="string.Compare(string, string)"/> (the column's collation in SQL, the same comparer
/// as an in-memory order), and the token's values are query parameters, not constants baked into the SQL.
/// </summary>
internal static class KeysetComparison
{
    private static readonly System.Reflection.MethodInfo Compare =
        typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;

    /// <summary>The token's value as a parameter of <paramref name="type"/>, or null for a null value.</summary>
    public static Expression? Value(JsonElement json, Type type)
    {
        if (json.ValueKind == JsonValueKind.Null)
        {
            if (type.IsValueType && Nullable.GetUnderlyingType(type) is null)
            {
                throw Invalid();
            }
            return null;
        }
        object? value;
        try
        {
            value = json.Deserialize(type, new JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals });
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or FormatException or InvalidOperationException)
        {
            throw Invalid();
        }
        var box = Activator.CreateInstance(typeof(Parameter<>).MakeGenericType(type), [value])!;
        return Expression.Property(Expression.Constant(box), "Value");
    }

    /// <summary>Rows that come after the value in this column's order (ascending: nulls first; descending: nulls last).</summary>
    public static Expression After(MemberExpression property, Expression? value, bool descending)
    {
        var nullable = !property.Type.IsValueType || Nullable.GetUnderlyingType(property.Type) is not null;
        if (value is null)
        {
            return descending || !nullable ? Expression.Constant(false) : Expression.NotEqual(property, Expression.Constant(null, property.Type));
        }
        var beyond = Beyond(property, value, descending);
        return descending && nullable ? Expression.OrElse(Expression.Equal(property, Expression.Constant(null, property.Type)), beyond) : beyond;
    }

    public static Expression Equal(MemberExpression property, Expression? value)
    {
        if (value is null)
        {
            return Expression.Equal(property, Expression.Constant(null, property.Type));
        }
        return property.Type == typeof(string)
            ? Expression.Equal(Expression.Call(Compare, property, value), Expression.Constant(0))
            : Expression.Equal(property, value);
    }

    /// <summary>Strictly greater (ascending) or smaller (descending) than a non-null value; false for a null column.</summary>
    private static Expression Beyond(MemberExpression property, Expression value, bool descending)
    {
        var type = Nullable.GetUnderlyingType(property.Type) ?? property.Type;
        if (type == typeof(string))
        {
            var compared = Expression.Call(Compare, property, value);
            var notNull = Expression.NotEqual(property, Expression.Constant(null, typeof(string)));
            return Expression.AndAlso(notNull, descending
                ? Expression.LessThan(compared, Expression.Constant(0))
                : Expression.GreaterThan(compared, Expression.Constant(0)));
        }
        if (type == typeof(bool))
        {
            // false < true: after false comes true (ascending); after true comes false (descending).
            var next = Expression.Constant(!descending, property.Type);
            return Expression.AndAlso(Expression.Equal(value, Expression.Constant(descending, property.Type)), Expression.Equal(property, next));
        }
        return descending ? Expression.LessThan(property, value) : Expression.GreaterThan(property, value);
    }

    private static ODataException Invalid() =>
        new("The $skiptoken is not one this server gave out for this query: follow the next link as it was given.");

    /// <summary>Holds a token value so that EF sends it as a parameter.</summary>
    private sealed class Parameter<T>(T value)
    {
        public T Value { get; } = value;
    }
}
