using System.Linq.Expressions;
using System.Text.Json;
using Microsoft.AspNetCore.OData.Formatter.Serialization;
using Microsoft.AspNetCore.OData.Query;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;

namespace Blueprint.Api.OData;

/// <summary>
/// Next links that clients (Excel, Power BI) can follow to the end, each row exactly once.
/// <list type="bullet">
/// <item>When the order is made only of plain properties (the <c>$orderby</c> properties, then the key):
/// a keyset <c>$skiptoken</c> holding the last row's values as an opaque base64url JSON array (so a value
/// with a hyphen, comma or quote cannot break it), applied as "after this row" with nulls first, as both
/// databases and LINQ order them.</item>
/// <item>Otherwise (<c>$orderby</c> on an expression or a navigation path, <c>$apply</c>, a function whose
/// own order is the stable one): <c>$skip</c>. Expression values are never evaluated in memory, so an
/// expression that is null for every row, or divides by zero, cannot make a page repeat or fail.</item>
/// </list>
/// Links always spell system options with <c>$</c>, so following one never sends an option twice.
/// </summary>
public sealed class KeysetPaging : SkipTokenHandler
{
    private const string OffsetOnly = "Blueprint.OData.OffsetPaging";
    private const string TokenPrefix = "k1.";

    /// <summary>Marks the request as paged by row count: its order is the action's own, not one the query can restate.</summary>
    public static void UseOffsetPaging(HttpContext http) => http.Items[OffsetOnly] = true;

    public override Uri? GenerateNextPageLink(Uri baseUri, int pageSize, object instance, ODataSerializerContext context)
    {
        if (context is null || pageSize <= 0)
        {
            return null;
        }
        var options = new List<KeyValuePair<string, string>>();
        int? top = null;
        long skip = 0;
        foreach (var (key, values) in QueryHelpers.ParseQuery(baseUri.Query))
        {
            var name = QueryOptionNames.Canonical(key) ?? key;
            var value = values.ToString();
            switch (name)
            {
                case "$top" when int.TryParse(value, out var t):
                    top = t;
                    break;
                case "$skip" when long.TryParse(value, out var s):
                    skip = s;
                    break;
                case "$skiptoken":
                    break;
                default:
                    options.Add(new(name, value));
                    break;
            }
        }
        if (top is { } requested)
        {
            if (requested <= pageSize)
            {
                return null;
            }
            top = requested - pageSize;
        }
        if (Token(instance, context) is { } token)
        {
            options.Add(new("$skiptoken", token));
        }
        else
        {
            options.Add(new("$skip", (skip + pageSize).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        if (top is { } remaining)
        {
            options.Add(new("$top", remaining.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        var query = string.Join('&', options.Select(o => Escape(o.Key) + "=" + Uri.EscapeDataString(o.Value)));
        return new Uri(baseUri.GetLeftPart(UriPartial.Path) + "?" + query);
    }

    private static string Escape(string name) =>
        name.StartsWith('$') ? "$" + Uri.EscapeDataString(name[1..]) : Uri.EscapeDataString(name);

    /// <summary>The keyset token after <paramref name="instance"/>, or null when this page must be followed by $skip.</summary>
    private static string? Token(object? instance, ODataSerializerContext context)
    {
        if (instance is null || context.ExpandedResource is not null || context.Request?.HttpContext.Items.ContainsKey(OffsetOnly) == true
            || context.QueryOptions is not { Apply: null } query || context.NavigationSource?.EntityType is not { } entityType)
        {
            return null;
        }
        if (Keys(query.OrderBy?.OrderByClause, entityType) is not { } keys)
        {
            return null;
        }
        var values = new object?[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            if (!TryGetValue(instance, keys[i].Property.Name, out values[i]))
            {
                return null;
            }
        }
        return TokenPrefix + Base64UrlTextEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(values, TokenJson));
    }

    private static bool TryGetValue(object instance, string name, out object? value)
    {
        if (instance is Microsoft.AspNetCore.OData.Formatter.Value.IEdmStructuredObject structured)
        {
            return structured.TryGetPropertyValue(name, out value);
        }
        var property = instance.GetType().GetProperty(name);
        value = property?.GetValue(instance);
        return property is not null;
    }

    /// <summary>
    /// The full order: the <c>$orderby</c> items, then the key properties not among them (as the library's
    /// stable ordering adds them); null when any item is not a plain property of a type the keyset handles.
    /// </summary>
    private static List<(IEdmStructuralProperty Property, bool Descending)>? Keys(OrderByClause? clause, IEdmEntityType entityType)
    {
        var keys = new List<(IEdmStructuralProperty Property, bool Descending)>();
        for (; clause is not null; clause = clause.ThenBy)
        {
            if (clause.Expression is not SingleValuePropertyAccessNode { Source: ResourceRangeVariableReferenceNode, Property: IEdmStructuralProperty property }
                || !IsOrderable(property.Type))
            {
                return null;
            }
            keys.Add((property, clause.Direction == OrderByDirection.Descending));
        }
        foreach (var key in entityType.Key())
        {
            if (!keys.Any(k => k.Property.Name == key.Name))
            {
                if (!IsOrderable(key.Type))
                {
                    return null;
                }
                keys.Add((key, false));
            }
        }
        return keys;
    }

    private static bool IsOrderable(IEdmTypeReference type) => type.IsPrimitive() && type.PrimitiveKind() is
        EdmPrimitiveTypeKind.String or EdmPrimitiveTypeKind.Int16 or EdmPrimitiveTypeKind.Int32 or EdmPrimitiveTypeKind.Int64
        or EdmPrimitiveTypeKind.Byte or EdmPrimitiveTypeKind.Double or EdmPrimitiveTypeKind.Single or EdmPrimitiveTypeKind.Decimal
        or EdmPrimitiveTypeKind.Boolean or EdmPrimitiveTypeKind.Date or EdmPrimitiveTypeKind.DateTimeOffset
        or EdmPrimitiveTypeKind.TimeOfDay;

    private static readonly JsonSerializerOptions TokenJson = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public override IQueryable<T> ApplyTo<T>(IQueryable<T> query, SkipTokenQueryOption skipTokenQueryOption, ODataQuerySettings querySettings, ODataQueryOptions queryOptions) =>
        (IQueryable<T>)ApplyTo((IQueryable)query, skipTokenQueryOption, querySettings, queryOptions);

    public override IQueryable ApplyTo(IQueryable query, SkipTokenQueryOption skipTokenQueryOption, ODataQuerySettings querySettings, ODataQueryOptions queryOptions)
    {
        if (queryOptions.Request.HttpContext.Items.ContainsKey(OffsetOnly) || queryOptions.Apply is not null
            || queryOptions.Context.ElementType is not IEdmEntityType entityType
            || Keys(queryOptions.OrderBy?.OrderByClause, entityType) is not { } keys)
        {
            throw new ODataException("This $skiptoken does not belong to this query: follow the next link as it was given.");
        }
        var values = Decode(skipTokenQueryOption.RawValue, keys.Count);
        var item = Expression.Parameter(query.ElementType, "item");
        Expression? after = null;
        Expression? equalSoFar = null;
        for (var i = 0; i < keys.Count; i++)
        {
            var (edmProperty, descending) = keys[i];
            var property = Expression.Property(item, query.ElementType.GetProperty(edmProperty.Name)
                ?? throw new ODataException("This $skiptoken does not belong to this query."));
            var value = KeysetComparison.Value(values[i], property.Type);
            var step = KeysetComparison.After(property, value, descending);
            var here = equalSoFar is null ? step : Expression.AndAlso(equalSoFar, step);
            after = after is null ? here : Expression.OrElse(after, here);
            var equal = KeysetComparison.Equal(property, value);
            equalSoFar = equalSoFar is null ? equal : Expression.AndAlso(equalSoFar, equal);
        }
        var predicate = Expression.Lambda(after!, item);
        var where = Expression.Call(typeof(Queryable), nameof(Queryable.Where), [query.ElementType], query.Expression, Expression.Quote(predicate));
        return query.Provider.CreateQuery(where);
    }

    /// <summary>
    /// Accepts a <c>$skiptoken</c> whatever the library's skip-token switch says (it is off: see
    /// ODataRegistration); the route's allowed options still apply, and <see cref="ApplyTo(IQueryable, SkipTokenQueryOption, ODataQuerySettings, ODataQueryOptions)"/>
    /// refuses a token that is not one of ours for this query.
    /// </summary>
    public sealed class TokenValidator : Microsoft.AspNetCore.OData.Query.Validator.ISkipTokenQueryValidator
    {
        public void Validate(SkipTokenQueryOption skipToken, Microsoft.AspNetCore.OData.Query.Validator.ODataValidationSettings validationSettings)
        {
            if (string.IsNullOrEmpty(skipToken.RawValue))
            {
                throw new ODataException("$skiptoken needs a value.");
            }
        }
    }

    private static JsonElement[] Decode(string raw, int count)
    {
        try
        {
            if (raw.StartsWith(TokenPrefix, StringComparison.Ordinal))
            {
                var json = JsonSerializer.Deserialize<JsonElement[]>(Base64UrlTextEncoder.Decode(raw[TokenPrefix.Length..]), TokenJson);
                if (json is not null && json.Length == count)
                {
                    return json;
                }
            }
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
        }
        throw new ODataException("The $skiptoken is not one this server gave out for this query: follow the next link as it was given.");
    }
}
