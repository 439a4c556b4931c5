namespace Blueprint.Api.Listings;

/// <summary>The <c>reminders</c> command: sends the due reminders now (the server does the same every hour).</summary>
public static class RemindersCli
{
    public static async Task<int> RunAsync(IHost host, string[] args)
    {
        if (args.Length > 0)
        {
            throw new ArgumentException($"Unexpected argument '{args[0]}'.");
        }
        using var scope = host.Services.CreateScope();
        var run = await scope.ServiceProvider.GetRequiredService<Reminders>().SendDueAsync();
        Console.WriteLine($"Sent {run.Messages} reminders about {run.Listings} stale listings.");
        if (run.OrganisationsWithoutAddress > 0)
        {
            Console.WriteLine($"{run.OrganisationsWithoutAddress} organisations with stale listings have no e-mail address.");
        }
        return 0;
    }
}
