using System.Xml;
using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Csdl;
using Microsoft.OData.Edm.Validation;

namespace Blueprint.Api.Tests.OData;

public sealed class MetadataTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    [Fact]
    public async Task Metadata_is_valid_CSDL_for_a_strict_client()
    {
        var xml = await app.CreateClient().GetStringAsync("/odata/$metadata");
        using var reader = XmlReader.Create(new StringReader(xml));
        Assert.True(CsdlReader.TryParse(reader, out IEdmModel model, out var errors), string.Join("; ", errors));
        Assert.True(model.Validate(ValidationRuleSet.GetEdmModelRuleSet(EdmConstants.EdmVersion4), out var validation),
            string.Join("; ", validation.Select(e => e.ErrorMessage)));

        var container = model.EntityContainer;
        foreach (var set in new[] { "Interventions", "Organisations", "Areas", "VocabularyTerms", "Venues" })
        {
            Assert.NotNull(container.FindEntitySet(set));
        }
        var intervention = (IEdmEntityType)model.FindDeclaredType("Blueprint.Intervention")!;
        Assert.Null(intervention.FindProperty("VenueRecords"));
        Assert.NotNull(intervention.FindProperty("DistanceKm"));
        var venue = (IEdmEntityType)model.FindDeclaredType("Blueprint.Venue")!;
        Assert.Equal(EdmPrimitiveTypeKind.Double, venue.FindProperty("Latitude")!.Type.PrimitiveKind());
        Assert.Contains(model.SchemaElements.OfType<IEdmOperation>(), o => o.Name == "InArea");
        Assert.Contains(model.SchemaElements.OfType<IEdmOperation>(), o => o.Name == "Near");
    }
}
