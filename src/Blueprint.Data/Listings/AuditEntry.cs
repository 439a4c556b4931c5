using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blueprint.Data.Listings;

/// <summary>
/// Who changed a listing, a venue record or an organisation, when, by which route, and each changed field
/// before and after. Written by <see cref="BlueprintDb"/>'s SaveChanges for every save (see
/// <see cref="AuditTrail"/>), so no route can forget it; never updated or deleted by an edit.
/// Venue entries hold confidential addresses: read them only where the venue record may be read.
/// </summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    /// <summary>The person's subject (the token's <c>sub</c>), or the process (<c>survey import 3</c>).</summary>
    public required string ActorId { get; set; }
    public required string ActorName { get; set; }
    /// <summary>odata, verify, moderation N, survey-publish, or unattributed.</summary>
    public required string Route { get; set; }
    /// <summary><see cref="AuditEntities"/>: intervention, venue or organisation.</summary>
    public required string EntityType { get; set; }
    /// <summary>created, updated, verified or deleted.</summary>
    public required string Action { get; set; }
    public int? EntityId { get; set; }
    public Guid EntityPublicId { get; set; }
    /// <summary>The listing concerned (the intervention itself, or the venue's).</summary>
    public int? InterventionId { get; set; }
    /// <summary>The organisation that ran the listing when it changed.</summary>
    public int? OrganisationId { get; set; }
    /// <summary>The record's version (its ETag) after the change.</summary>
    public long? Version { get; set; }
    /// <summary>The changed fields' names, comma-separated.</summary>
    public required string Fields { get; set; }
    /// <summary>JSON: <c>[{"field":…,"before":…,"after":…}]</c>.</summary>
    public required string Changes { get; set; }
}

public static class AuditEntities
{
    public const string Intervention = "intervention";
    public const string Venue = "venue";
    public const string Organisation = "organisation";
    /// <summary>A survey import whose staged rows were erased (respondents' personal data); no listing is concerned.</summary>
    public const string SurveyImport = "survey-import";
}

/// <summary>Who is making the changes a context saves, and through which route. Set it on <see cref="BlueprintDb.Actor"/> before saving.</summary>
public sealed record AuditActor(string Id, string Name, string Route)
{
    /// <summary>Recorded when no route said who was acting (a bug to fix, never a lost entry).</summary>
    public static readonly AuditActor Unattributed = new("system", "system", "unattributed");

    /// <summary>The synthetic sample loaded into an empty directory: not audited.</summary>
    public static readonly AuditActor SampleSeed = new("system", "sample", "sample-seed");

    public static AuditActor SurveyImport(int importId) => new($"survey import {importId}", $"survey import {importId}", ListingEdits.SurveyPublishRoute);
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(a => a.ActorId).HasMaxLength(200);
        b.Property(a => a.ActorName).HasMaxLength(200);
        b.Property(a => a.Route).HasMaxLength(40);
        b.Property(a => a.EntityType).HasMaxLength(20);
        b.Property(a => a.Action).HasMaxLength(20);
        b.Property(a => a.Fields).HasMaxLength(2000);
        b.HasIndex(a => new { a.InterventionId, a.Id });
        b.HasIndex(a => new { a.OrganisationId, a.Id });
    }
}
