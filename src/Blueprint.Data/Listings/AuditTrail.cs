using System.Text.Json;
using System.Text.Json.Nodes;
using Blueprint.Data.Directory;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Blueprint.Data.Listings;

/// <summary>
/// Turns what a context is about to save into <see cref="AuditEntry"/> rows, saved in the same transaction.
/// Called by <see cref="BlueprintDb"/>'s SaveChanges only. Interventions, venue records and organisations
/// are audited (the public venue faces are derived from the records and not audited twice).
/// </summary>
internal static class AuditTrail
{
    private const string JoinTable = "InterventionArea";

    /// <summary>Fields that say nothing a reader needs (identity, timestamps, the version itself).</summary>
    private static readonly HashSet<string> Quiet = ["Id", "PublicId", "CreatedAt", "UpdatedAt", "Version", "PublicFace", "PublicModifiedAt"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A pending entry and the record it describes (whose generated keys are known only after the save).</summary>
    internal sealed record Pending(AuditEntry Entry, object Record);

    /// <summary>
    /// An intervention whose areas served changed is a changed intervention: its version (ETag) moves and it is
    /// audited with an <c>Areas</c> field. Call before the versions are stamped.
    /// </summary>
    public static Dictionary<Intervention, (List<string> Before, List<string> After)> AreaChanges(BlueprintDb db)
    {
        var changes = new Dictionary<Intervention, (List<string>, List<string>)>();
        var joins = db.ChangeTracker.Entries()
            .Where(e => e.Metadata.Name == JoinTable && e.State is EntityState.Added or EntityState.Deleted)
            .ToList();
        if (joins.Count == 0)
        {
            return changes;
        }
        // Indexed once by key (a search of the tracked listings per group made a bulk seed or publish quadratic).
        var interventions = new Dictionary<object, EntityEntry<Intervention>>();
        foreach (var entry in db.ChangeTracker.Entries<Intervention>())
        {
            if (entry.Property(nameof(Intervention.Id)).CurrentValue is { } key)
            {
                interventions.TryAdd(key, entry);
            }
        }
        foreach (var group in joins.GroupBy(j => j.Property("InterventionId").CurrentValue))
        {
            if (group.Key is null || !interventions.TryGetValue(group.Key, out var owner))
            {
                continue;
            }
            var added = group.Where(j => j.State == EntityState.Added).Select(j => (string)j.Property("AreaCode").CurrentValue!).ToHashSet();
            var removed = group.Where(j => j.State == EntityState.Deleted).Select(j => (string)j.Property("AreaCode").CurrentValue!).ToHashSet();
            var after = owner.Entity.Areas.Select(a => a.Code).Order(StringComparer.Ordinal).ToList();
            var before = after.Where(c => !added.Contains(c)).Concat(removed).Distinct().Order(StringComparer.Ordinal).ToList();
            if (before.SequenceEqual(after))
            {
                continue;
            }
            changes[owner.Entity] = (before, after);
            if (owner.State == EntityState.Unchanged)
            {
                // Only the timestamp and the version are written (see BlueprintDb.Stamp).
                owner.Property(x => x.UpdatedAt).IsModified = true;
            }
        }
        return changes;
    }

    /// <summary>Adds an entry per changed record to the context (call after the versions are stamped, before saving).</summary>
    public static List<Pending> Collect(BlueprintDb db, AuditActor actor, Dictionary<Intervention, (List<string> Before, List<string> After)> areas)
    {
        var pending = new List<Pending>();
        if (actor == AuditActor.SampleSeed)
        {
            return pending;
        }
        var now = db.Clock.GetUtcNow().UtcDateTime;
        foreach (var entry in db.ChangeTracker.Entries().ToList())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }
            var (type, interventionId, organisationId) = entry.Entity switch
            {
                Intervention i => (AuditEntities.Intervention, (int?)i.Id, (int?)i.OrganisationId),
                VenueRecord v => (AuditEntities.Venue, v.InterventionId, OrganisationOf(db, v.InterventionId)),
                Organisation o => (AuditEntities.Organisation, null, o.Id),
                _ => (null, null, null),
            };
            if (type is null)
            {
                continue;
            }
            var changes = Changes(entry);
            if (entry.Entity is Intervention listing && areas.TryGetValue(listing, out var served))
            {
                changes.Add(new JsonObject { ["field"] = "Areas", ["before"] = ToNode(served.Before), ["after"] = ToNode(served.After) });
            }
            if (changes.Count == 0 && entry.State == EntityState.Modified)
            {
                continue;
            }
            var fields = changes.Select(c => (string)c!["field"]!).ToList();
            var audit = new AuditEntry
            {
                At = now,
                ActorId = Bounded(actor.Id, 200), ActorName = Bounded(actor.Name, 200), Route = Bounded(actor.Route, 40),
                EntityType = type,
                Action = ActionOf(entry, fields),
                EntityId = entry.State == EntityState.Added ? null : (int?)entry.Property("Id").CurrentValue,
                EntityPublicId = (Guid)entry.Property("PublicId").CurrentValue!,
                InterventionId = interventionId > 0 ? interventionId : null,
                OrganisationId = organisationId > 0 ? organisationId : null,
                Version = entry.State == EntityState.Deleted ? null : (long?)entry.Property("Version").CurrentValue,
                Fields = Bounded(string.Join(",", fields), 2000),
                Changes = changes.ToJsonString(Json),
            };
            db.AuditEntries.Add(audit);
            pending.Add(new Pending(audit, entry.Entity));
        }
        return pending;
    }

    /// <summary>
    /// After the save, records created in it have their generated keys: write them into their entries (in the
    /// same transaction, without the change tracker, so a retried save still inserts everything once).
    /// </summary>
    public static void FixKeys(BlueprintDb db, List<Pending> pending)
    {
        foreach (var (entry, id, intervention, organisation) in Corrections(db, pending))
        {
            var auditId = AuditId(db, entry);
            db.AuditEntries.Where(a => a.Id == auditId).ExecuteUpdate(s => s
                .SetProperty(a => a.EntityId, id).SetProperty(a => a.InterventionId, intervention).SetProperty(a => a.OrganisationId, organisation));
            Keep(db, entry, id, intervention, organisation);
        }
    }

    /// <inheritdoc cref="FixKeys"/>
    public static async Task FixKeysAsync(BlueprintDb db, List<Pending> pending, CancellationToken ct)
    {
        foreach (var (entry, id, intervention, organisation) in Corrections(db, pending))
        {
            var auditId = AuditId(db, entry);
            await db.AuditEntries.Where(a => a.Id == auditId).ExecuteUpdateAsync(s => s
                .SetProperty(a => a.EntityId, id).SetProperty(a => a.InterventionId, intervention).SetProperty(a => a.OrganisationId, organisation), ct);
            Keep(db, entry, id, intervention, organisation);
        }
    }

    private static IEnumerable<(AuditEntry, int?, int?, int?)> Corrections(BlueprintDb db, List<Pending> pending)
    {
        foreach (var (entry, record) in pending)
        {
            // Read through the change tracker: a save not yet accepted holds the generated keys there.
            var tracked = db.Entry(record);
            int? Key(string name) => (int?)tracked.Property(name).CurrentValue;
            var (id, intervention, organisation) = record switch
            {
                Intervention => (Key("Id"), Key("Id"), Key("OrganisationId")),
                VenueRecord => (Key("Id"), Key("InterventionId"), entry.OrganisationId ?? OrganisationOf(db, Key("InterventionId") ?? 0)),
                Organisation => (Key("Id"), null, Key("Id")),
                _ => (entry.EntityId, entry.InterventionId, entry.OrganisationId),
            };
            if (id != entry.EntityId || intervention != entry.InterventionId || organisation != entry.OrganisationId)
            {
                yield return (entry, id, intervention, organisation);
            }
        }
    }

    private static long AuditId(BlueprintDb db, AuditEntry entry) => db.Entry(entry).Property(a => a.Id).CurrentValue;

    /// <summary>Keeps the tracked entry in step with what was written, without marking it changed.</summary>
    private static void Keep(BlueprintDb db, AuditEntry entry, int? id, int? intervention, int? organisation)
    {
        var tracked = db.Entry(entry);
        foreach (var (name, value) in new[] { (nameof(AuditEntry.EntityId), id), (nameof(AuditEntry.InterventionId), intervention), (nameof(AuditEntry.OrganisationId), organisation) })
        {
            var p = tracked.Property(name);
            p.CurrentValue = value;
            if (tracked.State != EntityState.Added)
            {
                p.OriginalValue = value;
                p.IsModified = false;
            }
        }
    }

    private static int? OrganisationOf(BlueprintDb db, int interventionId) =>
        db.ChangeTracker.Entries<Intervention>().FirstOrDefault(i => i.Entity.Id == interventionId)?.Entity.OrganisationId;

    private static string ActionOf(EntityEntry entry, List<string> fields) => entry.State switch
    {
        EntityState.Added => "created",
        EntityState.Deleted => "deleted",
        _ when fields.Contains(nameof(Intervention.ClosedAt)) && entry.Property(nameof(Intervention.ClosedAt)).CurrentValue is not null => "deleted",
        _ when fields.Count > 0 && fields.All(f => f is nameof(Intervention.LastVerified) or nameof(Intervention.VerifiedBy)) => "verified",
        _ => "updated",
    };

    private static JsonArray Changes(EntityEntry entry)
    {
        var changes = new JsonArray();
        foreach (var p in entry.Properties)
        {
            var name = p.Metadata.Name;
            if (Quiet.Contains(name) || p.Metadata.IsShadowProperty())
            {
                continue;
            }
            var before = entry.State == EntityState.Added ? null : ToNode(p.OriginalValue);
            var after = entry.State == EntityState.Deleted ? null : ToNode(p.CurrentValue);
            if (JsonNode.DeepEquals(before, after) || (entry.State == EntityState.Modified && !p.IsModified))
            {
                continue;
            }
            changes.Add(new JsonObject { ["field"] = name, ["before"] = before, ["after"] = after });
        }
        return changes;
    }

    private static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        System.Collections.IList { Count: 0 } => null,
        _ => JsonSerializer.SerializeToNode(value, value.GetType(), Json),
    };

    private static string Bounded(string value, int max) => value.Length <= max ? value : value[..max];
}
