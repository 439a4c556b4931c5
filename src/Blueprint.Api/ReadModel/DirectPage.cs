using System.Buffers;
using System.Globalization;
using System.Text;
using Blueprint.Api.OData;
using Blueprint.Data.Directory;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Extensions;
using Microsoft.AspNetCore.OData.Query;
using Microsoft.OData.Edm;

namespace Blueprint.Api.ReadModel;

/// <summary>
/// Writes directory pages straight from the snapshot, as OData would write them, without OData's serializer:
/// a page chosen by <c>$top</c> (at most one page, so there is no next link), optionally <c>$skip</c> and
/// <c>$count</c>, with <c>$select</c> of plain properties (or none: every property) and <c>$expand</c> of
/// <c>Organisation</c>, <c>Venues</c> and <c>Areas</c> with at most a nested <c>$select</c>. The rows are chosen
/// by the route alone; with <c>$filter</c>, <c>$search</c> or <c>$orderby</c>, by sets when the filter is made of what
/// sets answer exactly (<see cref="FacetQuery"/>), by OData's own query over the snapshot (<see cref="InMemoryQuery"/>)
/// otherwise. OData's
/// serializer cost 20 to 50 times the work itself, and most of all on expanded pages. Anything else (another option,
/// a property of a type not written here, an Accept or Prefer header that changes the format, an alias without
/// <c>$</c>, a query that fails) returns null: OData answers it. The equivalence tests compare these answers with the
/// database path byte for byte.
/// </summary>
public static class DirectPage
{
    private static readonly string[] Options = ["$top", "$skip", "$count", "$select", "$expand", "$filter", "$orderby", "$search"];

    /// <summary>The options whose rows OData's query chooses here (they choose rows, the others only columns and a range).</summary>
    private static readonly string[] RowOptions = ["$filter", "$orderby", "$search"];

    /// <summary>Every option <see cref="OData.ApplyTo"/> may leave to this writer.</summary>
    private const AllowedQueryOptions Written = AllowedQueryOptions.Select | AllowedQueryOptions.Expand | AllowedQueryOptions.Count;

    /// <summary>
    /// The answer for <paramref name="rows"/> (the route's rows in its own order, before the caller's visibility), or
    /// null when OData must answer. <paramref name="view"/> decides what the caller sees; <paramref name="query"/> is
    /// the same rows as the caller may see them, for OData's <c>$filter</c>, <c>$search</c> and <c>$orderby</c>, with
    /// <paramref name="stableOrder"/> as the route's attribute has it.
    /// </summary>
    public static IActionResult? TryAnswer(HttpRequest request, ReaderView view, IReadOnlyList<Intervention> rows,
        IQueryable<Intervention> query, bool stableOrder = true)
    {
        if (!HttpMethods.IsGet(request.Method) || !PlainRequest(request) || request.GetModel() is not { } model)
        {
            return null;
        }
        var options = request.Query;
        var choosesRows = false;
        foreach (var key in options.Keys)
        {
            if (Array.IndexOf(Options, key) < 0 || options[key].Count != 1)
            {
                return null;
            }
            choosesRows |= Array.IndexOf(RowOptions, key) >= 0;
        }
        if (Number(options["$top"]) is not { } top || top > QueryLimits.PageSize)
        {
            return null;
        }
        var skip = 0;
        if (options.ContainsKey("$skip"))
        {
            if (Number(options["$skip"]) is not { } asked)
            {
                return null;
            }
            skip = asked;
        }
        bool count;
        switch (options["$count"].ToString())
        {
            case "" when !options.ContainsKey("$count"):
            case "false":
                count = false;
                break;
            case "true":
                count = true;
                break;
            default:
                return null;
        }
        var shapes = Shapes.For(model);
        var select = options.ContainsKey("$select") ? options["$select"].ToString() : null;
        if (shapes.Intervention.Columns(select) is not { } columns)
        {
            return null;
        }
        var expand = options.ContainsKey("$expand") ? shapes.Expansions(options["$expand"].ToString()) : [];
        if (expand is null)
        {
            return null;
        }

        List<Intervention> page;
        int total;
        if (choosesRows)
        {
            var parsed = Parsed(request, model);
            var chosen = parsed is null ? null : FacetQuery.TryChoose(view, rows, parsed, stableOrder, skip, top, count);
            if (chosen is not null)
            {
                request.HttpContext.RequestServices.GetRequiredService<DirectoryReadModel>().CountChosenBySets();
            }
            else if (parsed is null || (chosen = OData(parsed, query, stableOrder, count)) is null)
            {
                return null;
            }
            (page, total) = chosen!.Value;
        }
        else
        {
            (page, total) = Range(rows, view, skip, top, count);
        }

        var body = new PooledBuffer(4096 + 32 * page.Count * columns.Length);
        Write(body, "{\"@odata.context\":\"");
        WriteEscaped(body, $"{request.Scheme}://{request.Host}{request.PathBase}/odata/$metadata#Interventions{ContextSelection(select, expand)}", quoted: false);
        Write(body, "\"");
        if (count)
        {
            Write(body, ",\"@odata.count\":");
            Write(body, total.ToString(CultureInfo.InvariantCulture));
        }
        Write(body, ",\"value\":[");
        for (var i = 0; i < page.Count; i++)
        {
            if (i > 0)
            {
                Write(body, ",");
            }
            shapes.Intervention.WriteEntity(body, page[i], columns, expand);
        }
        Write(body, "]}");
        request.HttpContext.RequestServices.GetRequiredService<DirectoryReadModel>().CountWritten();
        return new Answer(body);
    }

    /// <summary>The route's rows the caller sees, <paramref name="skip"/> and <paramref name="top"/> applied, and how many the caller sees in all when counted.</summary>
    private static (List<Intervention> Page, int Total) Range(IReadOnlyList<Intervention> rows, ReaderView view, int skip, int top, bool count)
    {
        var window = new PageWindow(skip, top, count);
        var near = rows as NearRows;
        for (var i = 0; i < rows.Count && !window.Full; i++)
        {
            if (view.Sees(near?.Original(i) ?? rows[i]) && window.Counts())
            {
                window.Add(rows[i]);
            }
        }
        return window.Result;
    }

    /// <summary>
    /// The page OData's own query chooses (<c>$filter</c>, <c>$search</c>, <c>$orderby</c> with its stable order, <c>$skip</c>,
    /// <c>$top</c>) and the count of every match, evaluated over the snapshot as OData would evaluate it there; null when
    /// that fails (OData then answers, with its own error).
    /// </summary>
    private static (List<Intervention>, int)? OData(ODataQueryOptions<Intervention> options, IQueryable<Intervention> query, bool stableOrder, bool count)
    {
        try
        {
            var settings = new ODataQuerySettings { HandleNullPropagation = HandleNullPropagationOption.True, EnsureStableOrdering = stableOrder };
            var page = ((IQueryable<Intervention>)options.ApplyTo(query, settings, Written)).ToList();
            var total = 0;
            if (count)
            {
                const AllowedQueryOptions matchesOnly = Written | AllowedQueryOptions.OrderBy | AllowedQueryOptions.Skip | AllowedQueryOptions.Top;
                total = ((IQueryable<Intervention>)options.ApplyTo(query, settings, matchesOnly)).Count();
            }
            return (page, total);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>The request's query options as OData parses them (already validated by the route's attribute); null when they do not parse.</summary>
    private static ODataQueryOptions<Intervention>? Parsed(HttpRequest request, IEdmModel model)
    {
        try
        {
            var options = new ODataQueryOptions<Intervention>(new ODataQueryContext(model, typeof(Intervention), request.ODataFeature().Path), request);
            _ = options.Filter?.FilterClause;
            _ = options.OrderBy?.OrderByClause;
            return options;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>The context URL's selection, as OData writes it: <c>(Id,Name,Venues(),Organisation(Name))</c>, nothing when neither option is given.</summary>
    private static string ContextSelection(string? select, Expansion[] expand)
    {
        if (select is null && expand.Length == 0)
        {
            return "";
        }
        var parts = new List<string>();
        if (select is not null)
        {
            parts.Add(select);
        }
        parts.AddRange(expand.Select(e => $"{e.Name}({e.Select})"));
        return "(" + string.Join(",", parts) + ")";
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

    internal static void Write(PooledBuffer body, string ascii)
    {
        var span = body.GetSpan(ascii.Length);
        var n = Encoding.ASCII.GetBytes(ascii, span);
        body.Advance(n);
    }

    /// <summary>ASCII but control characters, the quote and the backslash: written as they are (DEL too, as OData's writer does).</summary>
    private static readonly System.Buffers.SearchValues<char> Plain = System.Buffers.SearchValues.Create(
        string.Concat(Enumerable.Range(0x20, 0x80 - 0x20).Select(c => (char)c).Where(c => c is not ('"' or '\\'))));

    /// <summary>A JSON string as OData writes it: quotes, backslashes and control characters escaped, and every character past ASCII as <c>\uXXXX</c>.</summary>
    internal static void WriteEscaped(PooledBuffer body, string text, bool quoted = true)
    {
        // Most text needs no escaping: copied whole (vectorised), quotes included.
        if (text.AsSpan().IndexOfAnyExcept(Plain) < 0)
        {
            var plain = body.GetSpan(text.Length + 2);
            var at = 0;
            if (quoted)
            {
                plain[at++] = (byte)'"';
            }
            at += Encoding.ASCII.GetBytes(text, plain[at..]);
            if (quoted)
            {
                plain[at++] = (byte)'"';
            }
            body.Advance(at);
            return;
        }
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
                    if (c < 0x20 || c > 0x7F)
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

    /// <summary>The bytes, with the headers OData sends for a minimal-metadata JSON answer.</summary>
    private sealed class Answer(PooledBuffer body) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            using (body)
            {
                var response = context.HttpContext.Response;
                response.StatusCode = 200;
                response.ContentType = "application/json; odata.metadata=minimal; odata.streaming=true; charset=utf-8";
                response.Headers["OData-Version"] = "4.0";
                response.ContentLength = body.WrittenMemory.Length;
                await response.Body.WriteAsync(body.WrittenMemory, context.HttpContext.RequestAborted);
            }
        }
    }
}
