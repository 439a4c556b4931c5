using Blueprint.Api.Hosting;
using Blueprint.Api.Mail;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Blueprint.Api.Listings;

/// <summary>
/// Providers keep their listings current: writes (OData controllers), verification, moderation, the audit
/// trail, staleness and the hiding of overdue listings, reminders, the stale report and problem reports.
/// </summary>
public static class ListingsRegistration
{
    public static void AddBlueprintListings(this WebApplicationBuilder builder)
    {
        AddListingsCore(builder.Services, builder.Configuration);
        builder.Services.AddScoped<ListingWriter>();
        builder.Services.AddScoped<ModerationQueue>();
        builder.Services.AddJobLeases();
        builder.Services.AddHostedService<ReminderRunner>();
    }

    /// <summary>What the web host and the <c>reminders</c> command share.</summary>
    public static void AddListingsCore(IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<ListingsOptions>().Configure(o => ListingsOptions.Bind(o, config)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<Staleness>();
        MailRegistration.AddMail(services, config);
        // Links in mail must open on every host and survive restarts: the data-protection keys are in the
        // database (see Accounts), shared by every host and the command line.
        services.TryAddSingleton<StillAccurateLinks>();
        services.TryAddScoped<Reminders>();
    }

    public static void MapListings(this WebApplication app)
    {
        app.MapModeration();
        app.MapAudit();
        app.MapPost("/api/listings/still-accurate", StillAccurateEndpoint.ConfirmAsync);
        app.MapGet("/api/admin/stale", StaleReport.GetAsync).RequireAuthorization(Auth.Policies.Admin);
        app.MapProblemReports();
        app.MapGet("/api/listings/export", ListingsExport.GetAsync).RequireAuthorization(Auth.Policies.VenueDetails);
        app.MapLastEdits();
    }
}
