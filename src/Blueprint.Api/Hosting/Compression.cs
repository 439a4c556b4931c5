using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Blueprint.Api.Hosting;

/// <summary>
/// Brotli and gzip for what anyone may read: the front end's files, public directory JSON and GeoJSON.
/// Never for a response that carries personal or confidential data or answers a caller's credentials
/// (BREACH: a secret compressed next to text an attacker chooses leaks through the size).
/// </summary>
public static class Compression
{
    private static readonly string[] MimeTypes =
    [
        "text/html", "text/css", "text/javascript", "application/javascript", "text/plain", "image/svg+xml",
        "application/json", "application/geo+json", "application/xml",
    ];

    public static void AddBlueprintCompression(this WebApplicationBuilder builder)
    {
        builder.Services.AddResponseCompression(o =>
        {
            // Safe over HTTPS because PublicOnlyCompression refuses everything but public, anonymous responses.
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = MimeTypes;
        });
        builder.Services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        builder.Services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        builder.Services.Replace(ServiceDescriptor.Singleton<IResponseCompressionProvider, PublicOnlyCompression>());
    }

    public static void UseBlueprintCompression(this WebApplication app) => app.UseResponseCompression();

    /// <summary>
    /// Whether a request may get a compressed answer: GET or HEAD, no Authorization or Cookie header, and not a
    /// route that holds personal or confidential data (the survey feed, imports, full venue records).
    /// </summary>
    public static bool IsPublicRead(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && StringValues.IsNullOrEmpty(request.Headers.Authorization)
        && StringValues.IsNullOrEmpty(request.Headers.Cookie)
        && !request.Path.StartsWithSegments("/" + Imports.SurveyModel.Prefix, StringComparison.OrdinalIgnoreCase)
        && !request.Path.StartsWithSegments("/api/imports", StringComparison.OrdinalIgnoreCase)
        && request.Path.Value?.Contains("VenueRecords", StringComparison.OrdinalIgnoreCase) != true;
}

/// <summary>The stock provider, asked only for public reads whose response sets no cookie.</summary>
internal sealed class PublicOnlyCompression(IServiceProvider services, IOptions<ResponseCompressionOptions> options)
    : IResponseCompressionProvider
{
    private readonly ResponseCompressionProvider stock = new(services, options);

    public ICompressionProvider? GetCompressionProvider(HttpContext context) => stock.GetCompressionProvider(context);

    public bool CheckRequestAcceptsCompression(HttpContext context) =>
        Compression.IsPublicRead(context.Request) && stock.CheckRequestAcceptsCompression(context);

    public bool ShouldCompressResponse(HttpContext context) =>
        Compression.IsPublicRead(context.Request)
        && StringValues.IsNullOrEmpty(context.Response.Headers.SetCookie)
        && stock.ShouldCompressResponse(context);
}
