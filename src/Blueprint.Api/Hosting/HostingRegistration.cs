using System.Threading.RateLimiting;
using Blueprint.Api.Freshness;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Blueprint.Api.Hosting;

public static class HostingRegistration
{
    /// <summary>Longest query string accepted; longer ones get a 414 with an OData error body.</summary>
    public const int MaxQueryLength = 8 * 1024;

    public static void AddBlueprintHosting(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<KestrelServerOptions>(o =>
        {
            // Let long URLs reach the pipeline so they are refused with a readable error, not a bare 414.
            o.Limits.MaxRequestLineSize = 64 * 1024;
            o.Limits.MaxRequestHeadersTotalSize = 96 * 1024;
            o.Limits.MaxRequestBodySize = 30 * 1024 * 1024;
            o.AddServerHeader = false;
        });
        builder.AddStartupFailureReport();
        builder.UseDefaultAddress();
        builder.Services.AddExceptionHandler<ErrorHandler>();
        builder.Services.AddProblemDetails();
        builder.Services.AddHealthChecks();
        builder.Services.AddPublicCors();
        var directoryCache = builder.Configuration.GetSection(DirectoryCache.Section).Get<DirectoryCacheOptions>() ?? new DirectoryCacheOptions();
        builder.Services.AddSingleton(directoryCache);
        var dataVersion = builder.AddBlueprintFreshness();
        builder.Services.AddOutputCache(o =>
        {
            // Nothing is cached except anonymous reads of the public directory (see DirectoryCache).
            o.AddBasePolicy(new DirectoryCachePolicy(directoryCache, dataVersion));
            // Routing tells Areas('W06000002') from Areas('w06000002'): so must the cache.
            o.UseCaseSensitivePaths = true;
        });
        builder.Services.AddSharedDirectoryCache(directoryCache);
        builder.AddBlueprintHttps();
        builder.Services.AddJobLeases();
        builder.Services.AddOptions<MapOptions>().Bind(builder.Configuration.GetSection(MapOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
    }

    public static void UseBlueprintHosting(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseBlueprintHttps();
        app.UseExceptionHandler();
        // Only routes that ask for the public policy (RequireCors) get CORS headers; see PublicCors.
        app.UseCors();
        app.UseStatusCodePages(async context =>
        {
            // Bare status codes (unknown routes, 401, 405) get the same error shape as OData's.
            var http = context.HttpContext;
            var status = http.Response.StatusCode;
            var message = status switch
            {
                401 => "Sign in to use this resource.",
                403 => "Your role does not allow this.",
                404 => "There is no such resource.",
                405 => "That method is not allowed here.",
                413 => "The request is larger than this endpoint accepts.",
                _ => "The request could not be served.",
            };
            await ErrorHandler.WriteODataErrorAsync(http, status, ((System.Net.HttpStatusCode)status).ToString(), message);
        });
        app.Use(async (context, next) =>
        {
            if (context.Request.QueryString.Value?.Length > MaxQueryLength)
            {
                await ErrorHandler.WriteODataErrorAsync(context, StatusCodes.Status414UriTooLong, "UriTooLong",
                    $"The query is longer than {MaxQueryLength} characters. Shorten the filter or split the request.");
                return;
            }
            await next();
        });
    }
}

/// <summary>Turns any unhandled failure into an OData-style error body without internals; a query EF cannot run is the caller's 400.</summary>
internal sealed class ErrorHandler(ILogger<ErrorHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (context.Response.HasStarted)
        {
            logger.LogError(exception, "Request {Path} failed after the response started", context.Request.Path);
            return false;
        }
        // OData runs the query through reflection: EF's "could not be translated" arrives wrapped.
        var failure = exception is System.Reflection.TargetInvocationException { InnerException: { } inner } ? inner : exception;
        var (status, code, message) = failure switch
        {
            Blueprint.Api.OData.QueryFailedException e => (400, "QueryFailed", e.Message),
            InvalidOperationException e when e.Message.Contains("could not be translated", StringComparison.Ordinal) =>
                (400, "QueryNotSupported", "This query cannot be run by the server. Simplify the $filter, $orderby or $apply."),
            Microsoft.OData.ODataException e => (400, "BadQuery", e.Message),
            Microsoft.AspNetCore.Http.BadHttpRequestException e => (e.StatusCode, "BadRequest", "The request could not be read."),
            _ => (500, "InternalError", "Something went wrong on the server. The error has been logged."),
        };
        if (status >= 500)
        {
            logger.LogError(exception, "Unhandled error on {Path}", context.Request.Path);
        }
        else if (failure is Blueprint.Api.OData.QueryFailedException failed)
        {
            // Kept with its exception: a library fault that looks like a bad query should still be visible.
            logger.LogWarning(failed.InnerException, "Query on {Path} failed while evaluated ({Failure})", context.Request.Path, failed.FailureType);
        }
        else
        {
            logger.LogInformation("Refused {Path}: {Message}", context.Request.Path, exception.Message);
        }
        await WriteODataErrorAsync(context, status, code, message);
        return true;
    }

    public static Task WriteODataErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsJsonAsync(new { error = new { code, message } });
    }
}
