namespace Blueprint.Api.Feeds;

/// <summary>The change feed for partner directories (and, when enabled, webhooks): issue 14, decision 0034.</summary>
public static class FeedsRegistration
{
    public static WebApplicationBuilder AddBlueprintFeeds(this WebApplicationBuilder builder) => builder;

    public static WebApplication MapFeeds(this WebApplication app)
    {
        app.MapChangeFeed();
        return app;
    }
}
