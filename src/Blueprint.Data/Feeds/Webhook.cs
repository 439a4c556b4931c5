using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Data.Feeds;

/// <summary>
/// A partner's address for change notifications, registered by an administrator. The secret that signs each
/// notification is kept only protected (ASP.NET Core Data Protection), and shown once, when it is created.
/// </summary>
public class Webhook
{
    public int Id { get; set; }
    public required string Url { get; set; }
    public string? Description { get; set; }
    /// <summary>The signing secret, protected: never returned by any route after creation.</summary>
    public required string ProtectedSecret { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    /// <summary>Public changes up to this time have been queued for this partner (the dispatcher's watermark).</summary>
    public DateTime NotifiedUpTo { get; set; }
    public List<WebhookDelivery> Deliveries { get; set; } = [];
}

/// <summary>One notification to one partner and how its sending went (the delivery log).</summary>
public class WebhookDelivery
{
    public long Id { get; set; }
    public int WebhookId { get; set; }
    /// <summary>The notification's id, sent in a header: a partner that sees it twice (a retry after a lost answer) can ignore the repeat.</summary>
    public Guid EventId { get; set; }
    /// <summary>The JSON body sent (public ids, statuses and times only).</summary>
    public required string Body { get; set; }
    /// <summary><see cref="WebhookDeliveryStatus"/>: pending, delivered or failed.</summary>
    public required string Status { get; set; }
    public int Attempts { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime? LastAttemptAt { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
}

public static class WebhookDeliveryStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}

internal sealed class WebhookConfiguration : IEntityTypeConfiguration<Webhook>
{
    public void Configure(EntityTypeBuilder<Webhook> b)
    {
        b.Property(w => w.Url).HasMaxLength(2000);
        b.Property(w => w.Description).HasMaxLength(300);
        b.Property(w => w.ProtectedSecret).HasMaxLength(2000);
        b.Property(w => w.CreatedBy).HasMaxLength(200);
        b.HasMany(w => w.Deliveries).WithOne().HasForeignKey(d => d.WebhookId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> b)
    {
        b.Property(d => d.Status).HasMaxLength(16);
        b.Property(d => d.LastError).HasMaxLength(500);
        b.HasIndex(d => new { d.Status, d.NextAttemptAt });
        b.HasIndex(d => new { d.WebhookId, d.Id });
    }
}
