namespace Blueprint.Api.Listings;

/// <summary>Providers keep their listings current: writes (OData controllers), verification, moderation and the audit trail.</summary>
public static class ListingsRegistration
{
    public static void AddBlueprintListings(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ListingWriter>();
        builder.Services.AddScoped<ModerationQueue>();
    }

    public static void MapListings(this IEndpointRouteBuilder app)
    {
        app.MapModeration();
        app.MapAudit();
    }
}
