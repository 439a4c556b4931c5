using System.Globalization;
using System.Text;
using System.Text.Json;
using Blueprint.Api.Hosting;
using Blueprint.Data;
using Blueprint.Data.Directory;
using Blueprint.Data.Feeds;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Blueprint.Api.Feeds;

/// <summary>
/// Sends change notifications in the background, so no write waits for a partner (decision 0035). Each round, for
/// every webhook, it queues one notification with the public ids changed since the webhook's watermark (read from
/// <c>PublicModifiedAt</c> and the tombstones, so every route and every process is covered), then sends the
/// notifications that are due, retrying failures with a doubling wait. Runs only when <c>Webhooks:Enabled</c>, and
/// on one host at a time: the one holding the <see cref="Job"/> lease (decision 0042), renewed between sends, so two
/// hosts never queue the same changes or send the same notification.
/// </summary>
public sealed class WebhookDispatcher(IServiceScopeFactory scopes, IOptionsMonitor<WebhookOptions> options, WebhookAddresses addresses,
    IDataProtectionProvider protection, TimeProvider clock, JobLeases leases, ILogger<WebhookDispatcher> log) : BackgroundService
{
    public const string SecretPurpose = "Blueprint.Webhooks.Secret.v1";
    /// <summary>The lease's name.</summary>
    public const string Job = "webhooks";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private HttpClient? client;

    /// <summary>What a notification says: the public ids that changed, and the tombstones, in a window of time.</summary>
    public sealed record Notification(Guid Id, DateTime From, DateTime To, IReadOnlyList<Guid> Interventions,
        IReadOnlyList<Guid> Organisations, IReadOnlyList<Guid> Venues, IReadOnlyList<ChangeFeed.Tombstone> Tombstones);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.CurrentValue.Enabled)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.CurrentValue.PollMilliseconds), clock);
        try
        {
            do
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    log.LogError(e, "Webhook round failed; the next round tries again");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        finally
        {
            await leases.ReleaseOnStopAsync(Job);
        }
    }

    /// <summary>
    /// How long the lease is held: three rounds, and three times the longest a send may take, and at least 30 s, so the
    /// holder always renews (each round, and before each send) well before it lapses.
    /// </summary>
    private TimeSpan LeaseTime => TimeSpan.FromMilliseconds(Math.Max(30_000,
        Math.Max(3.0 * options.CurrentValue.PollMilliseconds, 3_000.0 * options.CurrentValue.TimeoutSeconds)));

    /// <summary>One round, when this host holds the lease: queue what changed, then send what is due.</summary>
    public async Task RunOnceAsync(CancellationToken ct)
    {
        if (!await leases.TryAcquireAsync(Job, LeaseTime, ct))
        {
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        await QueueAsync(db, ct);
        await SendDueAsync(db, ct);
    }

    private async Task QueueAsync(BlueprintDb db, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now.AddMilliseconds(-options.CurrentValue.SettleMilliseconds);
        foreach (var webhook in await db.Webhooks.Where(w => w.NotifiedUpTo < until).ToListAsync(ct))
        {
            var from = webhook.NotifiedUpTo;
            var notification = new Notification(Guid.NewGuid(), ChangeFeed.Utc(from), ChangeFeed.Utc(until),
                await db.Interventions.AsNoTracking().Where(i => i.PublicModifiedAt > from && i.PublicModifiedAt <= until).OrderBy(i => i.Id).Select(i => i.PublicId).ToListAsync(ct),
                await db.Organisations.AsNoTracking().Where(o => o.PublicModifiedAt > from && o.PublicModifiedAt <= until).OrderBy(o => o.Id).Select(o => o.PublicId).ToListAsync(ct),
                // Only venues the public can see: a hidden venue's id is never sent.
                await db.VenueRecords.AsNoTracking().Where(v => v.PublicModifiedAt > from && v.PublicModifiedAt <= until && v.PublicFace != null).OrderBy(v => v.Id).Select(v => v.PublicId).ToListAsync(ct),
                (await db.DirectoryChanges.AsNoTracking().Where(c => c.At > from && c.At <= until).OrderBy(c => c.Id).ToListAsync(ct))
                    .Select(c => new ChangeFeed.Tombstone(c.Kind, c.PublicId, c.Status, ChangeFeed.Utc(c.At))).ToList());
            webhook.NotifiedUpTo = until;
            if (notification.Interventions.Count + notification.Organisations.Count + notification.Venues.Count + notification.Tombstones.Count > 0)
            {
                db.WebhookDeliveries.Add(new WebhookDelivery
                {
                    WebhookId = webhook.Id, EventId = notification.Id, Body = JsonSerializer.Serialize(notification, Json),
                    Status = WebhookDeliveryStatus.Pending, CreatedAt = now, NextAttemptAt = now,
                });
            }
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task SendDueAsync(BlueprintDb db, CancellationToken ct)
    {
        var settings = options.CurrentValue;
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.WebhookDeliveries.Where(d => d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAt <= now)
            .OrderBy(d => d.Id).Take(50).ToListAsync(ct);
        var renewed = clock.GetTimestamp();
        foreach (var delivery in due)
        {
            // A long round renews the lease before each send once a third of it has passed; a host that lost it stops.
            if (clock.GetElapsedTime(renewed) > LeaseTime / 3)
            {
                if (!await leases.TryAcquireAsync(Job, LeaseTime, ct))
                {
                    return;
                }
                renewed = clock.GetTimestamp();
            }
            var webhook = await db.Webhooks.AsNoTracking().FirstOrDefaultAsync(w => w.Id == delivery.WebhookId, ct);
            delivery.Attempts++;
            delivery.LastAttemptAt = clock.GetUtcNow().UtcDateTime;
            var refusal = webhook is null ? "The webhook was removed." : addresses.Refusal(webhook.Url);
            if (refusal is not null)
            {
                // Removed meanwhile, or no longer allowed: never sent, never retried.
                (delivery.Status, delivery.LastStatusCode, delivery.LastError) = (WebhookDeliveryStatus.Failed, null, Bounded(refusal));
            }
            else
            {
                var (status, error) = await SendAsync(webhook!, delivery, settings, ct);
                (delivery.LastStatusCode, delivery.LastError) = (status, error);
                if (status is >= 200 and < 300)
                {
                    delivery.Status = WebhookDeliveryStatus.Delivered;
                }
                else if (delivery.Attempts >= settings.MaxAttempts)
                {
                    delivery.Status = WebhookDeliveryStatus.Failed;
                }
                else
                {
                    delivery.NextAttemptAt = delivery.LastAttemptAt.Value.AddMilliseconds(settings.RetryBaseMilliseconds * Math.Pow(2, delivery.Attempts - 1));
                }
            }
            await db.SaveChangesAsync(ct);
        }
    }

    private async Task<(int? Status, string? Error)> SendAsync(Webhook webhook, WebhookDelivery delivery, WebhookOptions settings, CancellationToken ct)
    {
        string secret;
        try
        {
            secret = protection.CreateProtector(SecretPurpose).Unprotect(webhook.ProtectedSecret);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return (null, "The secret cannot be read (data-protection keys changed): delete the webhook and register it again.");
        }
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSignature.IdHeader, delivery.EventId.ToString());
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, delivery.Body));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        try
        {
            using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var code = (int)response.StatusCode;
            return (code, code is >= 200 and < 300 ? null : code is >= 300 and < 400 ? "Redirects are not followed." : $"The partner answered {code}.");
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            log.LogWarning("Webhook {WebhookId} delivery {DeliveryId} failed: {Reason}", webhook.Id, delivery.Id, e.Message);
            return (null, Bounded(e is OperationCanceledException ? "No answer in time." : e.Message));
        }
    }

    /// <summary>One client for every partner: no redirects, no cookies, no proxy, connections through the allow-list.</summary>
    private HttpClient Client => client ??= new HttpClient(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        ConnectCallback = addresses.ConnectAsync,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    })
    { Timeout = Timeout.InfiniteTimeSpan };

    private static string Bounded(string text) => text.Length <= 500 ? text : text[..500];

    public override void Dispose()
    {
        client?.Dispose();
        base.Dispose();
    }
}
