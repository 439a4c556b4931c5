using Microsoft.Extensions.Options;

namespace Blueprint.Api.Listings;

/// <summary>
/// Sends the due reminders a minute after start and then every hour, while <c>Listings:SendReminders</c> is on.
/// Several hosts may run it: the reminder rows' unique index lets only one of them send each reminder.
/// </summary>
internal sealed class ReminderRunner(IServiceScopeFactory scopes, IOptions<ListingsOptions> options, ILogger<ReminderRunner> log) : BackgroundService
{
    public static readonly TimeSpan FirstRunAfter = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SendReminders)
        {
            return;
        }
        try
        {
            await Task.Delay(FirstRunAfter, stoppingToken);
            using var timer = new PeriodicTimer(Interval);
            do
            {
                await RunOnceAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunOnceAsync(CancellationToken ct)
    {
        try
        {
            using var scope = scopes.CreateScope();
            var run = await scope.ServiceProvider.GetRequiredService<Reminders>().SendDueAsync(ct);
            if (run.Messages > 0 || run.OrganisationsWithoutAddress > 0)
            {
                log.LogInformation("Reminders: {Messages} sent about {Listings} stale listings; {Without} organisations have no address",
                    run.Messages, run.Listings, run.OrganisationsWithoutAddress);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "The reminder run failed; the next one is in an hour");
        }
    }
}
