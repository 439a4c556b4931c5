using Blueprint.Api.Hosting;
using Microsoft.Extensions.Options;

namespace Blueprint.Api.Listings;

/// <summary>
/// Sends the due reminders a minute after start and then every hour (<c>Listings:ReminderFirstRunSeconds</c>,
/// <c>Listings:ReminderIntervalSeconds</c>), while <c>Listings:SendReminders</c> is on. However many hosts run,
/// only the one holding the <see cref="Job"/> lease sends (decision 0042); the reminder rows' unique index
/// still keeps a reminder from going twice if a lease ever lapsed mid-run.
/// </summary>
internal sealed class ReminderRunner(IServiceScopeFactory scopes, JobLeases leases, IOptions<ListingsOptions> options, ILogger<ReminderRunner> log) : BackgroundService
{
    /// <summary>The lease's name.</summary>
    public const string Job = "reminders";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.SendReminders)
        {
            return;
        }
        var interval = TimeSpan.FromSeconds(settings.ReminderIntervalSeconds);
        await leases.RunEveryAsync(Job, TimeSpan.FromSeconds(settings.ReminderFirstRunSeconds), interval, ct => RunOnceAsync(interval, ct), stoppingToken);
    }

    private async Task RunOnceAsync(TimeSpan interval, CancellationToken ct)
    {
        try
        {
            // Held for one and a half rounds: the holder renews it every round; another host takes over a round
            // or so after the holder stops.
            if (!await leases.TryAcquireAsync(Job, interval * 1.5, ct))
            {
                return;
            }
            using var scope = scopes.CreateScope();
            var run = await scope.ServiceProvider.GetRequiredService<Reminders>().SendDueAsync(ct);
            log.LogInformation("Reminder run on {Host}: {Messages} sent about {Listings} stale listings; {Without} organisations have no address",
                leases.HostId, run.Messages, run.Listings, run.OrganisationsWithoutAddress);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "The reminder run failed; the next one is in {Interval}", interval);
        }
    }
}
