using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Blueprint.Api.Tests.Feeds;

/// <summary>
/// The shared fixture's host (webhooks off, as configured by default) and one more host over its database with
/// webhooks on: fast polls, a short settle, quick retries. One such pair serves every webhook test of a class; a
/// webhook host started per test cost a whole host start each (15 of them).
/// </summary>
public sealed class WebhookHosts : IAsyncLifetime
{
    public BlueprintApp App { get; } = new();

    /// <summary>The host that sends webhooks (its database is <see cref="App"/>'s); started on first use.</summary>
    public WebApplicationFactory<Program> Hooks { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await App.InitializeAsync();
        Hooks = App.WithWebHostBuilder(b =>
        {
            b.UseSetting("Webhooks:Enabled", "true");
            b.UseSetting("Webhooks:AllowedHosts:0", "127.0.0.1");
            b.UseSetting("Webhooks:AllowedHosts:1", "localhost");
            b.UseSetting("Webhooks:PollMilliseconds", "100");
            // Not 0: a change saved just before a round but committed just after it would be skipped for good (what the
            // settle is for); on a loaded machine that happened, and a test then saw no delivery at all.
            b.UseSetting("Webhooks:SettleMilliseconds", "1000");
            b.UseSetting("Webhooks:RetryBaseMilliseconds", "200");
            b.UseSetting("Webhooks:MaxAttempts", "3");
        });
    }

    public async ValueTask DisposeAsync()
    {
        await Hooks.DisposeAsync();
        await App.DisposeAsync();
    }
}
