namespace Blueprint.Data.Tests.Geography;

public sealed class AreaNameTests
{
    [Theory]
    [InlineData("Ynys Mon", "W06000001")]
    [InlineData("ynys môn", "W06000001")]
    [InlineData("Caerdydd", "W06000015")]
    [InlineData("RCT", "W06000016")]
    [InlineData("Rhondda Cynon Taff", "W06000016")]
    [InlineData("  bro morgannwg ", "W06000014")]
    [InlineData("North Wales", "VR-NW")]
    [InlineData("All of Wales", "W92000004")]
    [InlineData("Cardiff & Vale", "VR-CV")]
    public void Names_in_either_language_and_common_variants_find_the_area(string written, string code)
    {
        var found = WalesGeography.Catalog.Named(written);
        Assert.Contains(found, a => a.Code == code);
    }

    [Fact]
    public void Every_area_has_English_and_Welsh_names_and_Welsh_names_keep_their_diacritics()
    {
        Assert.All(WalesGeography.Catalog.All, a => Assert.False(string.IsNullOrWhiteSpace(a.NameEn) || string.IsNullOrWhiteSpace(a.NameCy)));
        Assert.Equal("Ynys Môn", WalesGeography.Catalog.Find("W06000001")!.NameCy);
    }

    [Fact]
    public void An_unknown_name_finds_nothing()
    {
        Assert.Empty(WalesGeography.Catalog.Named("Atlantis"));
    }
}
