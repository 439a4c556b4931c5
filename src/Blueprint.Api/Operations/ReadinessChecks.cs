using Blueprint.Data;
using Blueprint.Data.Geography;
using Blueprint.Data.Vocabularies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Blueprint.Api.Operations;

/// <summary>The database answers a connection (the first thing an unreachable server or a lost file shows).</summary>
internal sealed class DatabaseCheck(BlueprintDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The database cannot be reached.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database cannot be reached: " + e.Message.ReplaceLineEndings(" "));
        }
    }
}

/// <summary>Every migration this build carries is applied (a newer build on an older database is not ready: run <c>migrate</c>).</summary>
internal sealed class MigrationsCheck(BlueprintDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            return pending.Count == 0
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied: {string.Join(", ", pending)}. Run the migrate command.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The applied migrations cannot be read: " + e.Message.ReplaceLineEndings(" "));
        }
    }
}

/// <summary>The areas and vocabularies of data/ are in the database (the directory cannot be searched or filtered without them).</summary>
internal sealed class ReferenceDataCheck(BlueprintDb db, AreaCatalog areas, VocabularyCatalog vocabularies) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var storedAreas = await db.Areas.CountAsync(cancellationToken);
            var storedTerms = await db.VocabularyTerms.CountAsync(cancellationToken);
            var missing = new List<string>();
            if (storedAreas < areas.All.Count)
            {
                missing.Add($"{storedAreas} of {areas.All.Count} areas");
            }
            if (storedTerms < vocabularies.Terms.Count)
            {
                missing.Add($"{storedTerms} of {vocabularies.Terms.Count} vocabulary terms");
            }
            return missing.Count == 0
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"Reference data is missing: the database holds {string.Join(" and ", missing)}. Run the migrate command.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The reference data cannot be read: " + e.Message.ReplaceLineEndings(" "));
        }
    }
}
