using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Blueprint.Data.Directory;

/// <summary>
/// What partner directories see change: <c>PublicModifiedAt</c> on listings, organisations and venue records, and
/// <see cref="DirectoryChange"/> tombstones. Called by <see cref="BlueprintDb"/>'s SaveChanges only, so every
/// route is covered (decision 0034).
/// <list type="bullet">
/// <item>A listing or organisation moves when a field outside <see cref="NotPublic"/> changes (a listing's areas
/// served count). An organisation's move also moves its listings (a service shows its organisation).</item>
/// <item>A venue is public only through its public face (decision 0003): a venue record moves, and moves its
/// listing, when its face is added, changed or removed. An edit to a hidden venue changes no face and moves nothing.</item>
/// <item>Tombstones: a listing deleted, closed or paused; an organisation deleted; a venue face removed (the
/// venue deleted or hidden, or its listing deleted). Listings hidden for want of verification cross that line
/// with no write: the change feed derives those from the calendar (see the API's Feeds).</item>
/// </list>
/// </summary>
public static class PublicChanges
{
    /// <summary>
    /// Fields of <see cref="Intervention"/> and <see cref="Organisation"/> whose change alone is invisible to the
    /// public: identity, bookkeeping and moderation's setting. Every other field is public, including fields added
    /// later (a needless move costs a partner one re-read; a forgotten one is a stale partner).
    /// </summary>
    public static readonly IReadOnlySet<string> NotPublic = new HashSet<string>(StringComparer.Ordinal)
    {
        "Id", "PublicId", "CreatedAt", "UpdatedAt", "Version", "PublicModifiedAt",
        nameof(Organisation.EditsWaitForApproval),
    };

    /// <summary>Whether a field of a listing or organisation is public (see <see cref="NotPublic"/>).</summary>
    public static bool IsPublic(string field) => !NotPublic.Contains(field);

    /// <summary>Rows to move after the save, because they were not tracked (or not saved yet).</summary>
    internal sealed class Pending(DateTime at)
    {
        public DateTime At { get; } = at;
        public HashSet<int> Interventions { get; } = [];
        public HashSet<int> VenueRecords { get; } = [];
        public HashSet<int> Organisations { get; } = [];
        public bool IsEmpty => Interventions.Count == 0 && VenueRecords.Count == 0 && Organisations.Count == 0;
    }

    /// <summary>
    /// Moves <c>PublicModifiedAt</c> on the tracked records this save changes publicly and adds the tombstones.
    /// Call after versions are stamped and before the audit is collected (which ignores <c>PublicModifiedAt</c>).
    /// </summary>
    internal static Pending Collect(BlueprintDb db, IEnumerable<Intervention> areasChanged)
    {
        var pending = new Pending(db.Clock.GetUtcNow().UtcDateTime);
        var areaOwners = areasChanged.ToHashSet(ReferenceEqualityComparer.Instance);
        var entries = db.ChangeTracker.Entries().ToList();
        var tracked = new Tracked(entries);
        foreach (var entry in entries)
        {
            switch (entry.Entity)
            {
                case Intervention listing:
                    ListingChange(db, entry, listing, areaOwners.Contains(listing), pending);
                    break;
                case Organisation organisation:
                    OrganisationChange(db, entry, organisation, pending);
                    break;
                case Venue face:
                    Face(db, entry, face, tracked, pending);
                    break;
                case VenueRecord record when entry.State == EntityState.Added:
                    record.PublicModifiedAt = pending.At;
                    break;
            }
        }
        return pending;
    }

    private static void ListingChange(BlueprintDb db, EntityEntry entry, Intervention listing, bool areasChanged, Pending pending)
    {
        switch (entry.State)
        {
            case EntityState.Added:
                listing.PublicModifiedAt = pending.At;
                break;
            case EntityState.Modified:
                if (areasChanged || ChangesPublicField(entry))
                {
                    listing.PublicModifiedAt = pending.At;
                }
                var closedBefore = entry.Property(nameof(Intervention.ClosedAt)).OriginalValue;
                var statusBefore = (string?)entry.Property(nameof(Intervention.Status)).OriginalValue;
                if (closedBefore is null && listing.ClosedAt is not null)
                {
                    Tombstone(db, DirectoryChangeKinds.Intervention, listing.PublicId, DirectoryChangeStatuses.Deleted, pending.At);
                }
                else if (listing.ClosedAt is null && statusBefore != listing.Status
                    && listing.Status is DirectoryChangeStatuses.Closed or DirectoryChangeStatuses.Paused)
                {
                    Tombstone(db, DirectoryChangeKinds.Intervention, listing.PublicId, listing.Status, pending.At);
                }
                break;
            case EntityState.Deleted when entry.Property(nameof(Intervention.ClosedAt)).OriginalValue is null:
                Tombstone(db, DirectoryChangeKinds.Intervention, listing.PublicId, DirectoryChangeStatuses.Deleted, pending.At);
                break;
        }
    }

    private static void OrganisationChange(BlueprintDb db, EntityEntry entry, Organisation organisation, Pending pending)
    {
        switch (entry.State)
        {
            case EntityState.Added:
                organisation.PublicModifiedAt = pending.At;
                break;
            case EntityState.Modified when ChangesPublicField(entry):
                organisation.PublicModifiedAt = pending.At;
                pending.Organisations.Add(organisation.Id);
                break;
            case EntityState.Deleted:
                Tombstone(db, DirectoryChangeKinds.Organisation, organisation.PublicId, DirectoryChangeStatuses.Deleted, pending.At);
                break;
        }
    }

    /// <summary>A public face added, changed or removed: its record and its listing move; a removed one leaves a tombstone.</summary>
    private static void Face(BlueprintDb db, EntityEntry entry, Venue face, Tracked tracked, Pending pending)
    {
        if (entry.State is not (EntityState.Added or EntityState.Deleted) && !(entry.State == EntityState.Modified && ChangesPublicField(entry)))
        {
            return;
        }
        var id = (int)entry.Property(nameof(Venue.Id)).CurrentValue!;
        var record = tracked.RecordOf(face, id);
        if (entry.State == EntityState.Deleted)
        {
            var status = record is { State: not EntityState.Deleted } && record.Entity.Visibility == VenueVisibility.Hidden
                ? DirectoryChangeStatuses.Hidden : DirectoryChangeStatuses.Deleted;
            Tombstone(db, DirectoryChangeKinds.Venue, face.PublicId, status, pending.At);
        }
        if (record is { State: EntityState.Added or EntityState.Modified or EntityState.Unchanged })
        {
            record.Entity.PublicModifiedAt = pending.At;
        }
        else if (record is null && id > 0)
        {
            pending.VenueRecords.Add(id);
        }
        var listingId = (int)entry.Property(nameof(Venue.InterventionId)).CurrentValue!;
        var listing = tracked.Listing(listingId);
        if (listing is { State: EntityState.Added or EntityState.Modified or EntityState.Unchanged })
        {
            listing.Entity.PublicModifiedAt = pending.At;
        }
        else if (listing is null && listingId > 0)
        {
            pending.Interventions.Add(listingId);
        }
    }

    /// <summary>
    /// The save's tracked venue records and listings, indexed once (looking each face's record and listing up in the
    /// change tracker would cost a scan per face: a bulk seed or publish of thousands of venues would be quadratic).
    /// </summary>
    private sealed class Tracked(List<EntityEntry> entries)
    {
        private Dictionary<Venue, EntityEntry>? recordByFace;
        private Dictionary<int, EntityEntry>? recordById;
        private Dictionary<int, EntityEntry>? listingById;

        public EntityEntry<VenueRecord>? RecordOf(Venue face, int id)
        {
            if (recordByFace is null || recordById is null)
            {
                recordByFace = new(ReferenceEqualityComparer.Instance);
                recordById = [];
                foreach (var entry in entries)
                {
                    if (entry.Entity is VenueRecord record)
                    {
                        if (record.PublicFace is { } f)
                        {
                            recordByFace.TryAdd(f, entry);
                        }
                        if (record.Id > 0)
                        {
                            recordById.TryAdd(record.Id, entry);
                        }
                    }
                }
            }
            var found = recordByFace.TryGetValue(face, out var byFace) ? byFace : id > 0 && recordById.TryGetValue(id, out var byId) ? byId : null;
            return found?.Context.Entry((VenueRecord)found.Entity);
        }

        public EntityEntry<Intervention>? Listing(int id)
        {
            if (listingById is null)
            {
                listingById = [];
                foreach (var entry in entries)
                {
                    if (entry.Entity is Intervention && entry.Property(nameof(Intervention.Id)).CurrentValue is int key)
                    {
                        listingById.TryAdd(key, entry);
                    }
                }
            }
            return listingById.TryGetValue(id, out var found) ? found.Context.Entry((Intervention)found.Entity) : null;
        }
    }

    /// <summary>Whether a modified entry changes a public field's value (compared by the property's own comparer: lists by content).</summary>
    private static bool ChangesPublicField(EntityEntry entry) => entry.Properties.Any(p =>
        p.IsModified && IsPublic(p.Metadata.Name)
        && !(p.Metadata.GetValueComparer()?.Equals(p.OriginalValue, p.CurrentValue) ?? Equals(p.OriginalValue, p.CurrentValue)));

    private static void Tombstone(BlueprintDb db, string kind, Guid publicId, string status, DateTime at) =>
        db.DirectoryChanges.Add(new DirectoryChange { Kind = kind, PublicId = publicId, Status = status, At = at });

    /// <summary>After the save, in its transaction: moves the rows that were not tracked (a face's record or listing, an organisation's listings).</summary>
    internal static void Apply(BlueprintDb db, Pending pending)
    {
        if (pending.IsEmpty)
        {
            return;
        }
        var at = pending.At;
        int[] records = [.. pending.VenueRecords], listings = [.. pending.Interventions], organisations = [.. pending.Organisations];
        db.VenueRecords.Where(v => records.Contains(v.Id)).ExecuteUpdate(s => s.SetProperty(v => v.PublicModifiedAt, at));
        db.Interventions.IgnoreQueryFilters().Where(i => listings.Contains(i.Id) || organisations.Contains(i.OrganisationId))
            .ExecuteUpdate(s => s.SetProperty(i => i.PublicModifiedAt, at));
    }

    /// <inheritdoc cref="Apply"/>
    internal static async Task ApplyAsync(BlueprintDb db, Pending pending, CancellationToken ct)
    {
        if (pending.IsEmpty)
        {
            return;
        }
        var at = pending.At;
        int[] records = [.. pending.VenueRecords], listings = [.. pending.Interventions], organisations = [.. pending.Organisations];
        await db.VenueRecords.Where(v => records.Contains(v.Id)).ExecuteUpdateAsync(s => s.SetProperty(v => v.PublicModifiedAt, at), ct);
        await db.Interventions.IgnoreQueryFilters().Where(i => listings.Contains(i.Id) || organisations.Contains(i.OrganisationId))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.PublicModifiedAt, at), ct);
    }
}
