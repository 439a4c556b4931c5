using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Operations;

/// <summary>Telemetry, console logs and health endpoints (docs/decisions/0037); the backup and restore commands are in <see cref="BackupCli"/>.</summary>
public static class OperationsRegistration
{
    public static void AddBlueprintOperations(this WebApplicationBuilder builder)
    {
        builder.AddBlueprintConsoleLogs();
        builder.Services.AddSingleton<BlueprintMetrics>();
        builder.Services.AddSingleton<DatabaseTiming>();
        builder.Services.ConfigureDbContext<Blueprint.Data.Persistence.SqliteBlueprintDb>((sp, o) => o.AddInterceptors(sp.GetRequiredService<DatabaseTiming>()));
        builder.Services.ConfigureDbContext<Blueprint.Data.Persistence.SqlServerBlueprintDb>((sp, o) => o.AddInterceptors(sp.GetRequiredService<DatabaseTiming>()));
        builder.Services.AddSingleton<CacheCounting>();
        builder.Services.AddOptions<OutputCacheOptions>().Configure<CacheCounting>((o, counting) => o.AddBasePolicy(counting));
        builder.Services.AddBlueprintHealthChecks();
        builder.AddBlueprintTelemetry();
    }

    public static void MapOperations(this WebApplication app) => app.MapBlueprintHealth();
}
