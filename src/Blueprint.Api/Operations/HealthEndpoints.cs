using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Blueprint.Api.Operations;

/// <summary>
/// <c>/health</c> (as before: the process answers, no check runs, so probes and load tests cost nothing);
/// <c>/health/live</c> (the same, for a liveness probe: restart the container when it fails);
/// <c>/health/ready</c> (the checks tagged <see cref="Ready"/>: database reachable, no migration pending, reference data
/// loaded; 503 naming each failing check, for a readiness probe or a load balancer).
/// </summary>
public static class HealthEndpoints
{
    public const string Ready = "ready";

    public static void AddBlueprintHealthChecks(this IServiceCollection services) =>
        services.AddHealthChecks()
            .AddCheck<DatabaseCheck>("database", tags: [Ready])
            .AddCheck<MigrationsCheck>("migrations", tags: [Ready])
            .AddCheck<ReferenceDataCheck>("reference-data", tags: [Ready]);

    public static void MapBlueprintHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync });
    }

    /// <summary><c>{"status":"Unhealthy","checks":[{"name":"migrations","status":"Unhealthy","description":"…"}]}</c>, never cached.</summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonOptions));
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
