using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Blueprint.Api.Hosting;

/// <summary>Serves the built map front end (web/dist, or <c>Web:Root</c>) and the settings it reads.</summary>
public static class FrontEnd
{
    public static void MapFrontEnd(this WebApplication app)
    {
        app.MapGet("/api/config", (IOptions<MapOptions> map, IConfiguration config) => TypedResults.Ok(new
        {
            tiles = string.IsNullOrWhiteSpace(map.Value.TileUrl) ? null : new { url = map.Value.TileUrl, attribution = map.Value.TileAttribution },
            postcodeLookup = !string.IsNullOrWhiteSpace(config["Places:PostcodeFile"]) || !string.IsNullOrWhiteSpace(config["Places:PostcodeApiUrl"]),
            staleAfterDays = map.Value.StaleAfterDays,
        }));

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
        // Permanent links such as /interventions/5 are the front end's routes.
        app.MapFallback(async context =>
        {
            var path = context.Request.Path.Value ?? "";
            if (path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/odata", StringComparison.OrdinalIgnoreCase))
            {
                await ErrorHandler.WriteODataErrorAsync(context, StatusCodes.Status404NotFound, "NotFound", "There is no such resource.");
                return;
            }
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.SendFileAsync(files.GetFileInfo("index.html"));
        });
    }
}
