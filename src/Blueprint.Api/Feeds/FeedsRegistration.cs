using Blueprint.Api.Hosting;

namespace Blueprint.Api.Feeds;

/// <summary>The change feed for partner directories and, when enabled, webhooks: issue 14, decisions 0034 and 0035.</summary>
public static class FeedsRegistration
{
    public static WebApplicationBuilder AddBlueprintFeeds(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebhookOptions>().Bind(builder.Configuration.GetSection(WebhookOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddJobLeases();
        builder.Services.AddSingleton<WebhookAddresses>();
        builder.Services.AddSingleton<WebhookDispatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        return builder;
    }

    public static WebApplication MapFeeds(this WebApplication app)
    {
        app.MapChangeFeed();
        app.MapWebhooks();
        return app;
    }
}
