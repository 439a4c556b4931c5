using Blueprint.Api.ReadModel;

namespace Blueprint.Api.Geography;

/// <summary>
/// Makes the region unions and the map's outlines once the server is listening and the read model has its first
/// snapshot, so that neither start-up nor the first searches wait for seconds of polygon work on two cores, and the
/// first map visitor does not either. Off with <c>Geography:WarmUp=false</c> (they are then made on first use).
/// </summary>
public sealed class GeographyWarmUp(IServiceProvider services, IHostApplicationLifetime lifetime, IConfiguration configuration,
    DirectoryReadModel readModel, ILogger<GeographyWarmUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Geography:WarmUp", true))
        {
            return;
        }
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        // The first snapshot ends the searches' database path; a build that fails is retried, so wait a bounded time.
        for (var waited = 0; readModel.Enabled && readModel.Latest is null && waited < 120_000; waited += 250)
        {
            await Task.Delay(250, stoppingToken);
        }
        await Task.Run(() =>
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                services.GetRequiredService<AreaBoundaries>();
                logger.LogInformation("Area outlines ready in {Ms} ms", watch.ElapsedMilliseconds);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The map's outline requests will fail with the same error; the directory itself does not need them.
                logger.LogError(e, "Could not make the area outlines");
            }
        }, stoppingToken);
    }
}
