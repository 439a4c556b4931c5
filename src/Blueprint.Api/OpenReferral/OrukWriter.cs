using System.Buffers;
using System.Text.Json;
using Blueprint.Api.Hosting;

namespace Blueprint.Api.OpenReferral;

/// <summary>How ORUK answers are written: a page envelope, an <c>ndjson</c> stream, one record, or the API's error body.</summary>
public static class OrukWriter
{
    public const string NdjsonType = "application/x-ndjson";

    /// <summary>The ORUK page envelope: <c>size</c> is the number of records on this page, pages count from 1.</summary>
    public static OrukPage<T> Page<T>(IReadOnlyList<T> contents, int totalItems, OrukQuery query)
    {
        var totalPages = (int)((totalItems + (long)query.PerPage - 1) / query.PerPage);
        return new OrukPage<T>(totalItems, totalPages, query.Page, contents.Count, query.Page == 1, query.Page >= totalPages,
            contents.Count == 0, contents);
    }

    public static IResult Json<T>(T value) => Results.Json(value, OrukJson.Options);

    public static IResult Error(int status, string code, string message) =>
        Results.Json(new { error = new { code, message } }, statusCode: status);

    public static IResult NotFound(string what) => Error(404, "NotFound", $"There is no such {what}.");

    public static IResult BadQuery(string message) => Error(400, "BadQuery", message);

    /// <summary>
    /// Streams every result, one JSON record a line, reading <paramref name="batches"/> one batch at a time
    /// and flushing after each, so memory stays flat whatever the directory's size.
    /// </summary>
    public static async Task StreamAsync<T>(HttpContext context, IAsyncEnumerable<IReadOnlyList<T>> batches)
    {
        var response = context.Response;
        response.ContentType = NdjsonType + "; charset=utf-8";
        var ct = context.RequestAborted;
        var body = response.BodyWriter;
        await using var writer = new Utf8JsonWriter(body);
        await foreach (var batch in batches.WithCancellation(ct))
        {
            foreach (var item in batch)
            {
                JsonSerializer.Serialize(writer, item, OrukJson.Options);
                writer.Flush();
                writer.Reset();
                body.Write("\n"u8);
            }
            await body.FlushAsync(ct);
        }
    }

    /// <summary>The server's own address as the client reached it (scheme and host after trusted forwarded headers).</summary>
    public static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    internal static Task WriteErrorAsync(HttpContext context, int status, string code, string message) =>
        ErrorHandler.WriteODataErrorAsync(context, status, code, message);
}
