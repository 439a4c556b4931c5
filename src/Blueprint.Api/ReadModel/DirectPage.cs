using System.Buffers;
using System.Globalization;
using System.Reflection;
using System.Text;
using Blueprint.Api.OData;
using Blueprint.Data.Directory;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Extensions;
using Microsoft.OData.Edm;

namespace Blueprint.Api.ReadModel;

/// <summary>
/// Writes the commonest directory reads straight from the snapshot, as OData would write them, without
/// building a query or running OData's serializer: a page of interventions chosen by <c>$top</c> (at most
/// one page, so there is no next link), optionally <c>$skip</c> and <c>$count</c>, with <c>$select</c>
/// naming plain properties. Searches from the map and from partners' systems are mostly of this shape, and
/// it is where OData's per-request work (expression, evaluation, serializer objects per row) cost 20 to 50
/// times the work itself. Anything else (another option, a property of a type not written here, an Accept
/// or Prefer header that changes the format, an alias without <c>$</c>) returns null: OData answers it.
/// The equivalence tests compare these answers with the database path byte for byte.
/// </summary>
public static class DirectPage
{
    private static readonly string[] Options = ["$top", "$skip", "$count", "$select"];

    /// <summary>
    /// The answer for <paramref name="rows"/> (the route's rows in its own order, before the caller's
    /// visibility), or null when OData must answer. <paramref name="view"/> decides what the caller sees.
    /// </summary>
    public static IActionResult? TryAnswer(HttpRequest request, ReaderView view, IReadOnlyList<Intervention> rows)
    {
        if (!HttpMethods.IsGet(request.Method) || !PlainRequest(request))
        {
            return null;
        }
        var query = request.Query;
        foreach (var key in query.Keys)
        {
            if (Array.IndexOf(Options, key) < 0 || query[key].Count != 1)
            {
                return null;
            }
        }
        if (Number(query["$top"]) is not { } top || top > QueryLimits.PageSize)
        {
            return null;
        }
        var skip = 0;
        if (query.ContainsKey("$skip"))
        {
            if (Number(query["$skip"]) is not { } asked)
            {
                return null;
            }
            skip = asked;
        }
        bool count;
        switch (query["$count"].ToString())
        {
            case "" when !query.ContainsKey("$count"):
            case "false":
                count = false;
                break;
            case "true":
                count = true;
                break;
            default:
                return null;
        }
        var shape = Shape.For(request.GetModel());
        if (shape is null || !query.ContainsKey("$select") || shape.Columns(query["$select"].ToString()) is not { } columns)
        {
            return null;
        }

        var visible = 0;
        var body = new ArrayBufferWriter<byte>(4096 + 64 * top * columns.Length);
        Write(body, "{\"@odata.context\":\"");
        WriteEscaped(body, $"{request.Scheme}://{request.Host}{request.PathBase}/odata/$metadata#Interventions({query["$select"]})", quoted: false);
        Write(body, "\"");
        if (count)
        {
            foreach (var row in rows)
            {
                if (view.Sees(row))
                {
                    visible++;
                }
            }
            Write(body, ",\"@odata.count\":");
            Write(body, visible.ToString(CultureInfo.InvariantCulture));
        }
        Write(body, ",\"value\":[");
        var seen = 0;
        var written = 0;
        foreach (var row in rows)
        {
            if (written == top)
            {
                break;
            }
            if (!view.Sees(row) || seen++ < skip)
            {
                continue;
            }
            if (written++ > 0)
            {
                Write(body, ",");
            }
            Write(body, "{\"@odata.etag\":\"W/\\\"");
            Write(body, Convert.ToBase64String(Encoding.UTF8.GetBytes(row.Version.ToString(CultureInfo.InvariantCulture))));
            Write(body, "\\\"\"");
            foreach (var column in columns)
            {
                Write(body, column.Name);
                column.Write(body, row);
            }
            Write(body, "}");
        }
        Write(body, "]}");
        request.HttpContext.RequestServices.GetRequiredService<DirectoryReadModel>().CountWritten();
        return new Answer(body.WrittenMemory);
    }

    /// <summary>No header that changes OData's format: no Prefer (page size, annotations), no version negotiation, JSON with minimal metadata.</summary>
    private static bool PlainRequest(HttpRequest request)
    {
        var headers = request.Headers;
        if (headers.ContainsKey("Prefer") || headers.ContainsKey("OData-Version") || headers.ContainsKey("OData-MaxVersion")
            || headers.ContainsKey("Accept-Charset"))
        {
            return false;
        }
        var accept = headers.Accept;
        return accept.Count == 0 || (accept.Count == 1 && accept[0] is "*/*" or "application/json");
    }

    private static int? Number(Microsoft.Extensions.Primitives.StringValues value)
    {
        var text = value.ToString();
        return text.Length is > 0 and <= 9 && text.All(char.IsAsciiDigit) ? int.Parse(text, CultureInfo.InvariantCulture) : null;
    }

    private static void Write(ArrayBufferWriter<byte> body, string ascii)
    {
        var span = body.GetSpan(ascii.Length);
        var n = Encoding.ASCII.GetBytes(ascii, span);
        body.Advance(n);
    }

    /// <summary>A JSON string as OData writes it: quotes, backslashes and control characters escaped, and every character past ASCII as <c>\uXXXX</c>.</summary>
    private static void WriteEscaped(ArrayBufferWriter<byte> body, string text, bool quoted = true)
    {
        var span = body.GetSpan(text.Length * 6 + 2);
        var n = 0;
        if (quoted)
        {
            span[n++] = (byte)'"';
        }
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    span[n++] = (byte)'\\';
                    span[n++] = (byte)'"';
                    break;
                case '\\':
                    span[n++] = (byte)'\\';
                    span[n++] = (byte)'\\';
                    break;
                case '\n':
                    span[n++] = (byte)'\\';
                    span[n++] = (byte)'n';
                    break;
                case '\r':
                    span[n++] = (byte)'\\';
                    span[n++] = (byte)'r';
                    break;
                case '\t':
                    span[n++] = (byte)'\\';
                    span[n++] = (byte)'t';
                    break;
                case '\b':
                    span[n++] = (byte)'\\';
                    span[n++] = (byte)'b';
                    break;
                case '\f':
                    span[n++] = (byte)'\\';
                    span[n++] = (byte)'f';
                    break;
                default:
                    if (c < 0x20 || c > 0x7E)
                    {
                        span[n++] = (byte)'\\';
                        span[n++] = (byte)'u';
                        ((int)c).TryFormat(span[n..], out var w, "x4", CultureInfo.InvariantCulture);
                        n += w;
                    }
                    else
                    {
                        span[n++] = (byte)c;
                    }
                    break;
            }
        }
        if (quoted)
        {
            span[n++] = (byte)'"';
        }
        body.Advance(n);
    }

    /// <summary>One selectable property: its name as written (<c>,"Name":</c>) and how to write its value.</summary>
    private sealed record Column(string Name, int Order, Action<ArrayBufferWriter<byte>, Intervention> Write);

    /// <summary>The Intervention type's plain properties in the order OData writes them (the EDM's), for one model.</summary>
    private sealed class Shape
    {
        private static Shape? last;
        private readonly IEdmModel model;
        private readonly Dictionary<string, Column> columns = new(StringComparer.Ordinal);

        private Shape(IEdmModel model)
        {
            this.model = model;
            var type = model.SchemaElements.OfType<IEdmEntityType>().Single(t => t.Name == nameof(Intervention));
            var order = 0;
            foreach (var property in type.StructuralProperties())
            {
                var clr = typeof(Intervention).GetProperty(property.Name, BindingFlags.Public | BindingFlags.Instance);
                if (clr is not null && Writer(clr) is { } write)
                {
                    columns[property.Name] = new Column($",\"{property.Name}\":", order, write);
                }
                order++;
            }
        }

        public static Shape? For(IEdmModel? model)
        {
            if (model is null)
            {
                return null;
            }
            var shape = last;
            if (shape is null || !ReferenceEquals(shape.model, model))
            {
                last = shape = new Shape(model);
            }
            return shape;
        }

        /// <summary>The columns <c>$select</c> names, in the model's order; null when any is not a plain property written here, or named twice.</summary>
        public Column[]? Columns(string select)
        {
            var names = select.Split(',');
            var chosen = new Column[names.Length];
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

        private static Action<ArrayBufferWriter<byte>, Intervention>? Writer(PropertyInfo property)
        {
            var type = property.PropertyType;
            if (type == typeof(string))
            {
                var get = property.GetMethod!.CreateDelegate<Func<Intervention, string?>>();
                return (body, row) => Text(body, get(row));
            }
            if (type == typeof(List<string>))
            {
                var get = property.GetMethod!.CreateDelegate<Func<Intervention, List<string>>>();
                return (body, row) =>
                {
                    Write(body, "[");
                    var first = true;
                    foreach (var item in get(row))
                    {
                        if (!first)
                        {
                            Write(body, ",");
                        }
                        first = false;
                        Text(body, item);
                    }
                    Write(body, "]");
                };
            }
            if (type == typeof(int) || type == typeof(int?) || type == typeof(long) || type == typeof(bool) || type == typeof(bool?)
                || type == typeof(DateOnly) || type == typeof(DateOnly?) || type == typeof(Guid) || type == typeof(double?))
            {
                return (body, row) => Literal(body, property.GetValue(row));
            }
            return null;
        }

        private static void Text(ArrayBufferWriter<byte> body, string? value)
        {
            if (value is null)
            {
                Write(body, "null");
            }
            else
            {
                WriteEscaped(body, value);
            }
        }

        private static void Literal(ArrayBufferWriter<byte> body, object? value) => Write(body, value switch
        {
            null => "null",
            int i => i.ToString(CultureInfo.InvariantCulture),
            long l => l.ToString(CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            DateOnly d => "\"" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "\"",
            Guid g => "\"" + g.ToString("D") + "\"",
            double x => Double(x),
            _ => throw new InvalidOperationException($"No JSON form for {value.GetType()}."),
        });

        /// <summary>A double as OData writes it: round-trip digits, with ".0" on whole numbers.</summary>
        private static string Double(double x)
        {
            var text = x.ToString("R", CultureInfo.InvariantCulture);
            return text.Contains('.') || text.Contains('E') ? text : text + ".0";
        }
    }

    /// <summary>The bytes, with the headers OData sends for a minimal-metadata JSON answer.</summary>
    private sealed class Answer(ReadOnlyMemory<byte> body) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.StatusCode = 200;
            response.ContentType = "application/json; odata.metadata=minimal; odata.streaming=true; charset=utf-8";
            response.Headers["OData-Version"] = "4.0";
            response.ContentLength = body.Length;
            await response.Body.WriteAsync(body, context.HttpContext.RequestAborted);
        }
    }
}
