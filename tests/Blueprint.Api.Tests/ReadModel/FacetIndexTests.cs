using Blueprint.Api.ReadModel;
using Blueprint.Data.Directory;

namespace Blueprint.Api.Tests.ReadModel;

/// <summary>
/// The sets a filter is answered by, at a size the shared test directory never reaches: more distinct ids than
/// a text property may have before it stops being indexed. A listing missing from its id's set would vanish from
/// <c>Id eq N</c> and <c>Id in (…)</c> answers (the map's list asks by id) on the read model while the database
/// still finds it.
/// </summary>
public sealed class FacetIndexTests
{
    private const int Listings = 2_500;

    private static readonly Intervention[] Rows = Enumerable.Range(1, Listings).Select(n => new Intervention
    {
        Id = n, OrganisationId = 1 + n % 1_200, Name = $"Listing {n}", Description = "",
        LastVerified = new DateOnly(2026, 10, 1), Status = n % 3 == 0 ? "closed" : "active", AllWales = n % 2 == 0,
    }).ToArray();

    [Theory]
    [InlineData(1)]
    [InlineData(1_500)]
    [InlineData(2_500)]
    public void Every_id_has_its_listing_however_many_listings_there_are(int id)
    {
        var index = new FacetIndex(Rows);

        var set = index.Holding(nameof(Intervention.Id), id);

        Assert.Equal(1, FacetIndex.Count(set));
        Assert.True(FacetIndex.Has(set, index.Position(id)));
    }

    [Fact]
    public void A_number_with_more_than_a_thousand_values_is_indexed_whole()
    {
        var index = new FacetIndex(Rows);

        // Organisation 1,101 runs listings 1,100 and 2,300: both past the thousandth distinct value.
        var set = index.Holding(nameof(Intervention.OrganisationId), 1_101);

        Assert.Equal(2, FacetIndex.Count(set));
        Assert.True(FacetIndex.Has(set, index.Position(1_100)));
        Assert.True(FacetIndex.Has(set, index.Position(2_300)));
    }

    [Fact]
    public void Text_with_more_than_a_thousand_values_is_left_to_the_query_and_few_values_are_sets()
    {
        var index = new FacetIndex(Rows);

        Assert.False(index.Indexed(nameof(Intervention.Name)));
        Assert.Equal(Listings / 3, FacetIndex.Count(index.Holding(nameof(Intervention.Status), "closed")));
    }
}
