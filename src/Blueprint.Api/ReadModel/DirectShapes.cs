using System.Buffers;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using System.Text;
using Blueprint.Data.Directory;
using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Vocabularies;
using Microsoft.OData.Edm.Vocabularies.V1;

namespace Blueprint.Api.ReadModel;

/// <summary>What <see cref="DirectPage"/> writes for one model: the interventions' shape and the shapes of what they expand to.</summary>
internal sealed class Shapes
{
    private static Shapes? last;
    private readonly IEdmModel model;
    private readonly Dictionary<string, (EntityShape Shape, bool Single, Func<object, object?> Get)> navigations = new(StringComparer.Ordinal);

    private Shapes(IEdmModel model)
    {
        this.model = model;
        var set = model.EntityContainer.FindEntitySet("Interventions");
        Intervention = new EntityShape(model, set, typeof(Intervention));
        foreach (var navigation in set.EntityType.NavigationProperties())
        {
            var clr = typeof(Intervention).GetProperty(navigation.Name, BindingFlags.Public | BindingFlags.Instance);
            if (clr is null || set.FindNavigationTarget(navigation) is not IEdmEntitySet target)
            {
                continue;
            }
            var single = !navigation.Type.IsCollection();
            var element = single ? clr.PropertyType : clr.PropertyType.GetGenericArguments().SingleOrDefault();
            if (element is null)
            {
                continue;
            }
            navigations[navigation.Name] = (new EntityShape(model, target, element), single, Getter<object>(clr));
        }
    }

    public EntityShape Intervention { get; }

    public static Shapes For(IEdmModel model)
    {
        var shapes = last;
        if (shapes is null || !ReferenceEquals(shapes.model, model))
        {
            last = shapes = new Shapes(model);
        }
        return shapes;
    }

    /// <summary>
    /// The expansions <c>$expand</c> names, in its order: navigation properties with at most a nested <c>$select</c> of plain
    /// properties (<c>Venues,Organisation($select=Name,NameCy)</c>); null for anything else (nested options, <c>*</c>, <c>$ref</c>,
    /// paths, a navigation named twice).
    /// </summary>
    public Expansion[]? Expansions(string expand)
    {
        var items = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < expand.Length; i++)
        {
            switch (expand[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    items.Add(expand[start..i]);
                    start = i + 1;
                    break;
            }
        }
        items.Add(expand[start..]);
        var result = new Expansion[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var open = item.IndexOf('(');
            var name = open < 0 ? item : item[..open];
            string select = "";
            if (open >= 0)
            {
                const string prefix = "$select=";
                if (!item.EndsWith(')') || string.CompareOrdinal(item, open + 1, prefix, 0, prefix.Length) != 0)
                {
                    return null;
                }
                select = item[(open + 1 + prefix.Length)..^1];
                if (select.Length == 0)
                {
                    return null;
                }
            }
            if (!navigations.TryGetValue(name, out var navigation) || result.Take(i).Any(e => e.Name == name)
                || navigation.Shape.Columns(open < 0 ? null : select) is not { } columns)
            {
                return null;
            }
            result[i] = new Expansion(name, select, navigation.Shape, columns, navigation.Single, navigation.Get);
        }
        return result;
    }

    /// <summary><c>o => (object)((T)o).Property</c>, compiled once per model.</summary>
    internal static Func<object, TValue> Getter<TValue>(PropertyInfo property)
    {
        var o = Expression.Parameter(typeof(object));
        Expression value = Expression.Property(Expression.Convert(o, property.DeclaringType!), property);
        if (value.Type != typeof(TValue))
        {
            value = Expression.Convert(value, typeof(TValue));
        }
        return Expression.Lambda<Func<object, TValue>>(value, o).Compile();
    }
}

/// <summary>One expanded navigation property: its name, the nested <c>$select</c> as written (or empty), and the columns it writes.</summary>
internal sealed record Expansion(string Name, string Select, EntityShape Shape, DirectColumn[] Columns, bool Single, Func<object, object?> Get);

/// <summary>One selectable property: its name as written (<c>"Name":</c>), its place in the model's order and how to write its value.</summary>
internal sealed record DirectColumn(string Name, int Order, Action<PooledBuffer, object> Write);

/// <summary>An entity type's plain properties in the order OData writes them (the model's), and its ETag when its set has one.</summary>
internal sealed class EntityShape
{
    /// <summary>
    /// OData writes dates and times in the server's time zone; these are written here only when that zone is UTC (as in
    /// containers), and left to OData otherwise.
    /// </summary>
    private static readonly bool UtcServer = TimeZoneInfo.Local.BaseUtcOffset == TimeSpan.Zero && !TimeZoneInfo.Local.SupportsDaylightSavingTime;

    private readonly Dictionary<string, DirectColumn> columns = new(StringComparer.Ordinal);
    private readonly DirectColumn[]? all;
    private readonly Func<object, long>? etag;

    public EntityShape(IEdmModel model, IEdmEntitySet set, Type clr)
    {
        var order = 0;
        var complete = true;
        foreach (var property in set.EntityType.StructuralProperties())
        {
            var info = clr.GetProperty(property.Name, BindingFlags.Public | BindingFlags.Instance);
            if (info is not null && Writer(info) is { } write)
            {
                columns[property.Name] = new DirectColumn($"\"{property.Name}\":", order, write);
            }
            else
            {
                complete = false;
            }
            order++;
        }
        all = complete ? columns.Values.OrderBy(c => c.Order).ToArray() : null;
        var concurrency = model.FindVocabularyAnnotations<IEdmVocabularyAnnotation>(set, CoreVocabularyModel.ConcurrencyTerm).FirstOrDefault();
        if (concurrency?.Value is IEdmCollectionExpression { Elements: var paths } && paths.Count() == 1
            && paths.Single() is IEdmPathExpression path && clr.GetProperty(path.PathSegments.Last()) is { } version
            && (version.PropertyType == typeof(long) || version.PropertyType == typeof(int)))
        {
            etag = Shapes.Getter<long>(version);
        }
        else if (concurrency is not null)
        {
            all = null; // an ETag this writer cannot make: OData writes these pages
            columns.Clear();
        }
    }

    /// <summary>The columns <c>$select</c> names, in the model's order (every one when <paramref name="select"/> is null); null when any is not a plain property written here, or named twice.</summary>
    public DirectColumn[]? Columns(string? select)
    {
        if (select is null)
        {
            return all;
        }
        var names = select.Split(',');
        var chosen = new DirectColumn[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            if (!columns.TryGetValue(names[i], out var column) || Array.IndexOf(chosen, column, 0, i) >= 0)
            {
                return null;
            }
            chosen[i] = column;
        }
        Array.Sort(chosen, (a, b) => a.Order.CompareTo(b.Order));
        return chosen;
    }

    /// <summary>One entity as OData writes it with minimal metadata: its ETag, the chosen properties, then the expansions in <c>$expand</c>'s order.</summary>
    public void WriteEntity(PooledBuffer body, object row, DirectColumn[] chosen, Expansion[] expand)
    {
        DirectPage.Write(body, "{");
        var first = true;
        if (etag is not null)
        {
            DirectPage.Write(body, "\"@odata.etag\":\"W/\\\"");
            DirectPage.Write(body, Convert.ToBase64String(Encoding.UTF8.GetBytes(etag(row).ToString(CultureInfo.InvariantCulture))));
            DirectPage.Write(body, "\\\"\"");
            first = false;
        }
        foreach (var column in chosen)
        {
            if (!first)
            {
                DirectPage.Write(body, ",");
            }
            first = false;
            DirectPage.Write(body, column.Name);
            column.Write(body, row);
        }
        foreach (var expansion in expand)
        {
            if (!first)
            {
                DirectPage.Write(body, ",");
            }
            first = false;
            DirectPage.Write(body, "\"");
            DirectPage.Write(body, expansion.Name);
            DirectPage.Write(body, "\":");
            var value = expansion.Get(row);
            if (value is null)
            {
                DirectPage.Write(body, expansion.Single ? "null" : "[]");
            }
            else if (expansion.Single)
            {
                expansion.Shape.WriteEntity(body, value, expansion.Columns, []);
            }
            else
            {
                DirectPage.Write(body, "[");
                var firstItem = true;
                foreach (var item in (System.Collections.IEnumerable)value)
                {
                    if (!firstItem)
                    {
                        DirectPage.Write(body, ",");
                    }
                    firstItem = false;
                    expansion.Shape.WriteEntity(body, item, expansion.Columns, []);
                }
                DirectPage.Write(body, "]");
            }
        }
        DirectPage.Write(body, "}");
    }

    private static Action<PooledBuffer, object>? Writer(PropertyInfo property)
    {
        var type = property.PropertyType;
        if (type == typeof(string))
        {
            var get = Shapes.Getter<string?>(property);
            return (body, row) => Text(body, get(row));
        }
        if (type == typeof(List<string>))
        {
            var get = Shapes.Getter<List<string>?>(property);
            return (body, row) =>
            {
                if (get(row) is not { } items)
                {
                    DirectPage.Write(body, "null");
                    return;
                }
                DirectPage.Write(body, "[");
                for (var i = 0; i < items.Count; i++)
                {
                    if (i > 0)
                    {
                        DirectPage.Write(body, ",");
                    }
                    Text(body, items[i]);
                }
                DirectPage.Write(body, "]");
            };
        }
        if (type == typeof(int))
        {
            return Typed<int>(property, (body, v) => Format(body, v));
        }
        if (type == typeof(int?))
        {
            return Typed<int?>(property, (body, v) => Nullable(body, v, Format));
        }
        if (type == typeof(long))
        {
            return Typed<long>(property, (body, v) => Format(body, v));
        }
        if (type == typeof(bool))
        {
            return Typed<bool>(property, (body, v) => DirectPage.Write(body, v ? "true" : "false"));
        }
        if (type == typeof(bool?))
        {
            return Typed<bool?>(property, (body, v) => DirectPage.Write(body, v is null ? "null" : v.Value ? "true" : "false"));
        }
        if (type == typeof(double?))
        {
            return Typed<double?>(property, (body, v) => DirectPage.Write(body, v is null ? "null" : Double(v.Value)));
        }
        if (type == typeof(double) || type == typeof(DateOnly) || type == typeof(DateOnly?) || type == typeof(Guid)
            || (UtcServer && (type == typeof(DateTime) || type == typeof(DateTime?))))
        {
            var get = Shapes.Getter<object?>(property);
            return (body, row) => Literal(body, get(row));
        }
        return null;
    }

    private static Action<PooledBuffer, object> Typed<T>(PropertyInfo property, Action<PooledBuffer, T> write)
    {
        var get = Shapes.Getter<T>(property);
        return (body, row) => write(body, get(row));
    }

    private static void Format<T>(PooledBuffer body, T value) where T : struct, IUtf8SpanFormattable
    {
        var span = body.GetSpan(24);
        value.TryFormat(span, out var n, default, CultureInfo.InvariantCulture);
        body.Advance(n);
    }

    private static void Nullable<T>(PooledBuffer body, T? value, Action<PooledBuffer, T> write) where T : struct
    {
        if (value is { } v)
        {
            write(body, v);
        }
        else
        {
            DirectPage.Write(body, "null");
        }
    }

    private static void Text(PooledBuffer body, string? value)
    {
        if (value is null)
        {
            DirectPage.Write(body, "null");
        }
        else
        {
            DirectPage.WriteEscaped(body, value);
        }
    }

    private static void Literal(PooledBuffer body, object? value) => DirectPage.Write(body, value switch
    {
        null => "null",
        DateOnly d => "\"" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "\"",
        DateTime t => "\"" + Timestamp(t) + "\"",
        Guid g => "\"" + g.ToString("D") + "\"",
        double x => Double(x),
        _ => throw new InvalidOperationException($"No JSON form for {value.GetType()}."),
    });

    /// <summary>A date and time as OData writes it on a UTC server: whole seconds, then the fraction without trailing zeros, and Z.</summary>
    private static string Timestamp(DateTime t) =>
        t.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) + "Z";

    /// <summary>A double as OData writes it: round-trip digits, with ".0" on whole numbers.</summary>
    private static string Double(double x)
    {
        var text = x.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') || text.Contains('E') ? text : text + ".0";
    }
}
