using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Blueprint.Api.Hosting;

/// <summary>Serves the built map front end (web/dist, or <c>Web:Root</c>) and the settings it reads.</summary>
public static class FrontEnd
{
    public static void MapFrontEnd(this WebApplication app)
    {
        app.MapGet("/api/config", (IOptions<MapOptions> map, IConfiguration config, Listings.Staleness staleness) => TypedResults.Ok(new ClientSettings(
            Tiles: string.IsNullOrWhiteSpace(map.Value.TileUrl) ? null : new TileSettings(map.Value.TileUrl, map.Value.TileAttribution),
            PostcodeLookup: !string.IsNullOrWhiteSpace(config["Places:PostcodeFile"]) || !string.IsNullOrWhiteSpace(config["Places:PostcodeApiUrl"]),
            StaleAfterDays: staleness.Options.StaleAfterDays,
            // A listing last verified before this date is stale (Listings/Staleness: the one computation).
            StaleBefore: staleness.StaleBefore,
            PageSize: map.Value.PageSize,
            QuickExitUrl: map.Value.ExitUrl,
            // The sign-in page offers "Sign in with your organisation's account" only when Auth:Oidc is set.
            Oidc: Accounts.OidcSignIn.Configured(config),
            // Listings last verified before this date are hidden from the public until verified (null: none are hidden).
            HiddenBefore: staleness.HidesOverdue ? staleness.HiddenBefore : null)));

        var root = app.Configuration["Web:Root"] is { Length: > 0 } r
            ? Path.GetFullPath(r)
            : Path.Combine(app.Services.GetRequiredService<DataPaths>().Root, "web", "dist");
        if (!File.Exists(Path.Combine(root, "index.html")))
        {
            app.Logger.LogWarning("No front end at {Root}: build it with 'npm run build' in web/ (the API works without it)", root);
            return;
        }
        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            // Vite names built assets by a hash of their content: a new build is a new URL, so keep them a year.
            OnPrepareResponse = file =>
            {
                if (file.Context.Request.Path.StartsWithSegments("/assets", StringComparison.Ordinal))
                {
                    file.Context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
                }
            },
        });
        // Permanent links such as /interventions/5 are the front end's routes; the API's paths and file-like paths never are
        // (they get the API's 404, or whatever status their own route gives, never index.html).
        var pattern = RoutePatternFactory.Parse("{*path}", defaults: null, parameterPolicies: new RouteValueDictionary { ["path"] = new FrontEndRoute() });
        app.Map(pattern, async context =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.SendFileAsync(files.GetFileInfo("index.html"));
        }).WithDisplayName("Front end").WithMetadata(new HttpMethodMetadata(["GET", "HEAD"]))
            .Add(endpoint => ((RouteEndpointBuilder)endpoint).Order = int.MaxValue); // last, like MapFallback
    }
}

/// <summary>
/// A path the front end may answer with index.html: not under /api, /odata or /health (nor /odata$metadata, /health2 …),
/// and not file-like (a last segment with a dot, such as a missing <c>.js.map</c>).
/// </summary>
public sealed class FrontEndRoute : IRouteConstraint
{
    private static readonly string[] Reserved = ["api", "odata", "health"];

    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
        IsFrontEndPath(values.TryGetValue(routeKey, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : "");

    public static bool IsFrontEndPath(string? path)
    {
        var segments = (path ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length == 0
            || (!Reserved.Any(r => segments[0].StartsWith(r, StringComparison.OrdinalIgnoreCase)) && !segments[^1].Contains('.', StringComparison.Ordinal));
    }
}

/// <summary>What the front end reads from <c>/api/config</c> (named, so that the request delegate is generated at build time).</summary>
public sealed record ClientSettings(TileSettings? Tiles, bool PostcodeLookup, int StaleAfterDays, DateOnly StaleBefore, int PageSize,
    string QuickExitUrl, bool Oidc, DateOnly? HiddenBefore);

public sealed record TileSettings(string Url, string Attribution);
