using Blueprint.Data.Directory;
using Blueprint.Data.Geography;
using Blueprint.Data.Vocabularies;
using Microsoft.OData.Edm;
using Microsoft.OData.ModelBuilder;

namespace Blueprint.Api.OData;

/// <summary>
/// The one EDM served at /odata. Confidential venue details are not in the public types at all: the
/// public <c>Venue</c> holds only what anyone may see, and <c>VenueRecords</c> is a separate set that
/// only entitled callers can read (no navigation leads to it).
/// </summary>
public static class DirectoryModel
{
    public const string Namespace = "Blueprint";

    private static readonly Lazy<IEdmModel> Shared = new(Build);

    /// <summary>The model the host serves (built once, on first use).</summary>
    public static IEdmModel Instance => Shared.Value;

    public static IEdmModel Build()
    {
        var b = new ODataConventionModelBuilder { Namespace = Namespace, ContainerName = "Directory" };

        var interventions = b.EntitySet<Intervention>("Interventions");
        interventions.EntityType.Ignore(i => i.VenueRecords);
        interventions.EntityType.Property(i => i.Version).IsConcurrencyToken();

        var inArea = interventions.EntityType.Collection.Function("InArea");
        inArea.Parameter<string>("code").Required();
        inArea.ReturnsCollectionFromEntitySet<Intervention>("Interventions");

        var near = interventions.EntityType.Collection.Function("Near");
        near.Parameter<double>("latitude").Required();
        near.Parameter<double>("longitude").Required();
        near.Parameter<double>("radiusKm").Required();
        near.ReturnsCollectionFromEntitySet<Intervention>("Interventions");

        // "Still accurate": sets LastVerified and VerifiedBy only (Listings/ListingVerification).
        interventions.EntityType.Action("Verify").ReturnsFromEntitySet<Intervention>("Interventions");

        var organisations = b.EntitySet<Organisation>("Organisations");
        organisations.EntityType.Property(o => o.Version).IsConcurrencyToken();
        // Moderation's setting is read and set at /api/moderation/organisations/{id}, not part of the public model.
        organisations.EntityType.Ignore(o => o.EditsWaitForApproval);

        // A venue's public key is its random PublicId: the integer it shares with its private record
        // would let gaps count the hidden venues.
        var venues = b.EntitySet<Venue>("Venues");
        venues.EntityType.HasKey(v => v.PublicId);
        venues.EntityType.Ignore(v => v.Id);

        var records = b.EntitySet<VenueRecord>("VenueRecords");
        records.EntityType.Ignore(r => r.PublicFace);
        records.EntityType.Property(r => r.Version).IsConcurrencyToken();

        var areas = b.EntitySet<Area>("Areas");
        areas.EntityType.HasKey(a => a.Code);
        var terms = b.EntitySet<VocabularyTerm>("VocabularyTerms");
        terms.EntityType.HasKey(t => new { t.Vocabulary, t.Code });

        // Server-driven paging per entity type (not on the attribute: see DirectoryQueryAttribute).
        interventions.EntityType.Page(QueryLimits.MaxTop, QueryLimits.PageSize);
        organisations.EntityType.Page(QueryLimits.MaxTop, QueryLimits.PageSize);
        venues.EntityType.Page(QueryLimits.MaxTop, QueryLimits.PageSize);
        records.EntityType.Page(QueryLimits.MaxTop, QueryLimits.PageSize);
        areas.EntityType.Page(QueryLimits.MaxTop, QueryLimits.PageSize);
        terms.EntityType.Page(QueryLimits.MaxTop, 1000);

        return b.GetEdmModel();
    }
}
