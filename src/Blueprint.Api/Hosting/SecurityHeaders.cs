using System.Text.RegularExpressions;
using Microsoft.Extensions.Primitives;

namespace Blueprint.Api.Hosting;

/// <summary>
/// HTTP hygiene for every response (API, errors, static files, the front end's fallback): a strict
/// Content-Security-Policy, nosniff, no referrer, no powerful browser features, and <c>no-store</c> on
/// anything personal, confidential or answered to a caller with credentials. Headers are set when the
/// response starts, so error responses written after the exception handler cleared the response get them too.
/// </summary>
public static partial class SecurityHeaders
{
    /// <summary>Paths whose answers are personal or confidential whoever asks (compared ignoring case, as routing does).</summary>
    private static readonly PathString[] Confidential = ["/odata/survey", "/api/imports", "/odata/VenueRecords"];

    /// <summary>The front end uses none of these (it never asks for the user's location).</summary>
    public const string PermissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

    public static void UseSecurityHeaders(this WebApplication app)
    {
        var policy = ContentSecurityPolicy(app.Configuration[$"{MapOptions.Section}:{nameof(MapOptions.TileUrl)}"], out var tileProblem);
        if (tileProblem is not null)
        {
            app.Logger.LogWarning("Map:TileUrl {TileUrl} {Problem}: the browser will not load its tiles", app.Configuration["Map:TileUrl"], tileProblem);
        }
        var hideSourceMaps = !app.Environment.IsDevelopment();
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = policy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Permissions-Policy"] = PermissionsPolicy;
                if (IsConfidential(request))
                {
                    headers.CacheControl = "no-store";
                }
                return Task.CompletedTask;
            });
            // Source maps would publish the front end's sources: served in Development only.
            if (hideSourceMaps && request.Path.Value?.EndsWith(".map", StringComparison.OrdinalIgnoreCase) == true)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            await next();
        });
    }

    /// <summary>Personal or confidential paths, and any request that carries a token or a cookie.</summary>
    internal static bool IsConfidential(HttpRequest request) =>
        !StringValues.IsNullOrEmpty(request.Headers.Authorization)
        || !StringValues.IsNullOrEmpty(request.Headers.Cookie)
        || Confidential.Any(p => request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)
            || (request.Path.Value?.StartsWith(p.Value + "(", StringComparison.OrdinalIgnoreCase) ?? false));

    /// <summary>The policy the front end runs under; the tile server of <c>Map:TileUrl</c>, when set, may serve images.</summary>
    internal static string ContentSecurityPolicy(string? tileUrl, out string? tileProblem)
    {
        tileProblem = null;
        var images = "'self' data:";
        if (!string.IsNullOrWhiteSpace(tileUrl))
        {
            if (TileSource(tileUrl) is { } source)
            {
                images += " " + source;
            }
            else
            {
                tileProblem = "is not an http(s) URL with a plain host name (a {s} subdomain placeholder is allowed)";
            }
        }
        return $"default-src 'self'; script-src 'self'; style-src 'self'; img-src {images}; connect-src 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    }

    /// <summary><c>https://{s}.tile.example.org/{z}/{x}/{y}.png</c> → <c>https://*.tile.example.org</c>.</summary>
    internal static string? TileSource(string tileUrl)
    {
        var match = TileHost().Match(tileUrl.Trim());
        if (!match.Success)
        {
            return null;
        }
        var scheme = match.Groups["scheme"].Value.ToLowerInvariant();
        var host = match.Groups["wildcard"].Success ? "*." + match.Groups["host"].Value : match.Groups["host"].Value;
        return $"{scheme}://{host.ToLowerInvariant()}{match.Groups["port"].Value}";
    }

    [GeneratedRegex(@"^(?<scheme>https?)://(?<wildcard>\{[a-z]+\}\.)?(?<host>[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*)(?<port>:[0-9]{1,5})?(/|$)", RegexOptions.CultureInvariant)]
    private static partial Regex TileHost();
}
