using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Blueprint.Api.Hosting;

namespace Blueprint.Api.Analysis;

/// <summary>
/// Counts each public search before the output cache, so answers served from it count too: the map's
/// search of an area (<c>GET /api/geo/markers</c>: area, filter, language, the answer's count) and place
/// searches (<c>GET /api/places/search</c>: only the local authority of the first answer and how many
/// answers there were). It reads the start of the answer as it passes and keeps nothing else of the request.
/// </summary>
public sealed partial class SearchStatisticsMiddleware(RequestDelegate next, SearchRecorder recorder)
{
    private const string Markers = "/api/geo/markers";
    private const string Places = "/api/places/search";
    /// <summary>Markers: the header line holds the count. A place answer is at most 10 short candidates.</summary>
    private const int MarkersPrefix = 512, PlacesPrefix = 16 * 1024;

    [GeneratedRegex("\"count\":(\\d+)")]
    private static partial Regex Count();

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var kind = !HttpMethods.IsGet(request.Method) ? null
            : request.Path.Equals(Markers, StringComparison.OrdinalIgnoreCase) ? "directory"
            : request.Path.Equals(Places, StringComparison.OrdinalIgnoreCase) ? "place"
            : null;
        if (kind is null)
        {
            await next(context);
            return;
        }
        var body = context.Response.Body;
        var tee = new PrefixTee(body, kind == "directory" ? MarkersPrefix : PlacesPrefix);
        context.Response.Body = tee;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = body;
        }
        if (context.Response.StatusCode != StatusCodes.Status200OK)
        {
            return;
        }
        if (kind == "directory")
        {
            if (Count().Match(Encoding.UTF8.GetString(tee.Prefix)) is { Success: true } m && int.TryParse(m.Groups[1].Value, out var count))
            {
                var area = request.Query["area"].ToString();
                recorder.Record(kind, recorder.AreaOf(area.Length > 0 ? area : Geography.MarkersEndpoint.WalesCode),
                    recorder.FiltersOf(request.Query["filter"].ToString()), RequestLanguage.Of(request), count);
            }
        }
        else if (PlaceAnswer(tee.Prefix) is { } answer)
        {
            recorder.Record(kind, recorder.AreaOf(answer.LocalAuthority), "", RequestLanguage.Of(request), answer.Candidates);
        }
    }

    /// <summary>How many candidates, and the first one's local authority (never its name, postcode or the query).</summary>
    private static (int Candidates, string? LocalAuthority)? PlaceAnswer(byte[] json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (!document.RootElement.TryGetProperty("candidates", out var candidates) || candidates.ValueKind != JsonValueKind.Array)
            {
                return null;
            }
            var first = candidates.EnumerateArray().FirstOrDefault();
            var area = first.ValueKind == JsonValueKind.Object && first.TryGetProperty("localAuthority", out var la) && la.ValueKind == JsonValueKind.String
                ? la.GetString() : null;
            return (candidates.GetArrayLength(), area);
        }
        catch (JsonException)
        {
            return null; // longer than the prefix kept, or not JSON: not counted
        }
    }

    /// <summary>Passes everything through and keeps a copy of the first bytes.</summary>
    private sealed class PrefixTee(Stream inner, int keep) : Stream
    {
        private readonly MemoryStream prefix = new();

        public byte[] Prefix => prefix.ToArray();

        private void Keep(ReadOnlySpan<byte> bytes)
        {
            var room = keep - (int)prefix.Length;
            if (room > 0)
            {
                prefix.Write(bytes[..Math.Min(room, bytes.Length)]);
            }
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Keep(buffer.AsSpan(offset, count));
            inner.Write(buffer, offset, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Keep(buffer.Span);
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
