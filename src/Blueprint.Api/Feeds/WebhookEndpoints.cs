using System.Security.Claims;
using System.Text.Json;
using Blueprint.Api.Auth;
using Blueprint.Api.Listings;
using Blueprint.Data;
using Blueprint.Data.Feeds;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Blueprint.Api.Feeds;

/// <summary>
/// <c>/api/webhooks</c>, administrators only: register a partner address (its secret shown once, in the answer to
/// the POST), list, delete, and read a webhook's delivery log. 404 <c>WebhooksDisabled</c> while
/// <c>Webhooks:Enabled</c> is off.
/// </summary>
public static class WebhookEndpoints
{
    public const int MaxDeliveries = 500;

    public sealed record NewWebhook(string? Url, string? Description, string? Secret);

    public sealed record WebhookView(int Id, string Url, string? Description, DateTime CreatedAt, string CreatedBy, DateTime NotifiedUpTo);

    public sealed record CreatedWebhook(int Id, string Url, string? Description, DateTime CreatedAt, string CreatedBy, string Secret);

    public sealed record DeliveryView(long Id, Guid EventId, string Status, int Attempts, DateTime CreatedAt, DateTime? LastAttemptAt,
        int? LastStatusCode, string? LastError, DateTime? NextAttemptAt, JsonElement Body);

    public static void MapWebhooks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/webhooks").RequireAuthorization(Policies.Admin).WithTags("Webhooks")
            .AddEndpointFilter(async (context, next) =>
                context.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<WebhookOptions>>().CurrentValue.Enabled
                    ? await next(context)
                    : ListingErrors.Result(404, "WebhooksDisabled", "Webhooks are turned off on this server (Webhooks:Enabled)."));
        group.MapPost("/", CreateAsync);
        group.MapGet("/", ListAsync);
        group.MapDelete("/{id:int}", DeleteAsync);
        group.MapGet("/{id:int}/deliveries", DeliveriesAsync);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, BlueprintDb db, WebhookAddresses addresses, IDataProtectionProvider protection,
        TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        NewWebhook? body;
        try
        {
            body = await http.Request.ReadFromJsonAsync<NewWebhook>(ct);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return ListingErrors.Result(400, "BadBody", "Send a JSON object: {\"url\": \"https://…\", \"description\": \"…\", \"secret\": optional, 32 to 200 characters}.");
        }
        if (body is null || string.IsNullOrWhiteSpace(body.Url))
        {
            return ListingErrors.Result(400, "UrlRequired", "url is required.");
        }
        if ((body.Url.Length > 2000 ? "url may be at most 2000 characters." : addresses.Refusal(body.Url)) is { } refusal)
        {
            return ListingErrors.Result(400, "AddressNotAllowed", refusal);
        }
        if (body.Secret is { Length: < 32 or > 200 })
        {
            return ListingErrors.Result(400, "BadSecret", "secret, when given, must be 32 to 200 characters; leave it out to have one made.");
        }
        if (body.Description is { Length: > 300 })
        {
            return ListingErrors.Result(400, "BadDescription", "description may be at most 300 characters.");
        }
        var secret = body.Secret ?? WebhookSignature.NewSecret();
        var now = clock.GetUtcNow().UtcDateTime;
        var webhook = new Webhook
        {
            Url = body.Url, Description = body.Description, CreatedAt = now, NotifiedUpTo = now,
            ProtectedSecret = protection.CreateProtector(WebhookDispatcher.SecretPurpose).Protect(secret),
            CreatedBy = user.Actor("webhooks").Name,
        };
        db.Webhooks.Add(webhook);
        await db.SaveChangesAsync(ct);
        return Results.Created($"/api/webhooks/{webhook.Id}",
            new CreatedWebhook(webhook.Id, webhook.Url, webhook.Description, ChangeFeed.Utc(webhook.CreatedAt), webhook.CreatedBy, secret));
    }

    private static async Task<IResult> ListAsync(BlueprintDb db, CancellationToken ct)
    {
        var webhooks = await db.Webhooks.AsNoTracking().OrderBy(w => w.Id).ToListAsync(ct);
        return Results.Ok(new { value = webhooks.Select(w => new WebhookView(w.Id, w.Url, w.Description, ChangeFeed.Utc(w.CreatedAt), w.CreatedBy, ChangeFeed.Utc(w.NotifiedUpTo))) });
    }

    private static async Task<IResult> DeleteAsync(int id, BlueprintDb db, CancellationToken ct) =>
        await db.Webhooks.Where(w => w.Id == id).ExecuteDeleteAsync(ct) == 1
            ? Results.NoContent()
            : ListingErrors.Result(404, "NotFound", $"There is no webhook {id}.");

    private static async Task<IResult> DeliveriesAsync(int id, int? top, BlueprintDb db, CancellationToken ct)
    {
        if (top is < 1 or > MaxDeliveries)
        {
            return ListingErrors.Result(400, "BadTop", $"top must be 1 to {MaxDeliveries}.");
        }
        if (!await db.Webhooks.AnyAsync(w => w.Id == id, ct))
        {
            return ListingErrors.Result(404, "NotFound", $"There is no webhook {id}.");
        }
        var deliveries = await db.WebhookDeliveries.AsNoTracking().Where(d => d.WebhookId == id).OrderByDescending(d => d.Id).Take(top ?? 100).ToListAsync(ct);
        return Results.Ok(new
        {
            value = deliveries.Select(d => new DeliveryView(d.Id, d.EventId, d.Status, d.Attempts, ChangeFeed.Utc(d.CreatedAt),
                d.LastAttemptAt is { } last ? ChangeFeed.Utc(last) : null, d.LastStatusCode, d.LastError,
                d.Status == WebhookDeliveryStatus.Pending ? ChangeFeed.Utc(d.NextAttemptAt) : null, JsonDocument.Parse(d.Body).RootElement.Clone())),
        });
    }
}
