using Blueprint.Api.Places;

namespace Blueprint.Api.Tests.Places;

/// <summary>How typed names meet the gazetteer: case, accents, hyphens, spaces and Welsh initial mutations.</summary>
public sealed class PlaceNameMatchingTests
{
    private const string Csv = """
        name,name_cy,latitude,longitude,local_authority_code,kind
        Abergavenny,Y Fenni,51.82098,-3.01743,W06000021,town
        Bangor,,53.22796,-4.12821,W06000002,city
        Bangor-on-Dee,Bangor-is-y-coed,53.00343,-2.91083,W06000006,village
        Bridgend,Pen-y-bont ar Ogwr,51.50447,-3.57706,W06000013,town
        Cardiff,Caerdydd,51.48001,-3.17686,W06000015,city
        Llanelli,,51.68076,-4.16065,W06000010,town
        Merthyr Tydfil,Merthyr Tudful,51.74700,-3.37836,W06000024,town
        Pentre,,53.10976,-3.13590,W06000005,hamlet
        Pentre,,53.20475,-3.01620,W06000005,village
        Pentre,,51.65335,-3.49125,W06000016,suburban_area
        Pentre,,52.96147,-3.05930,W06000006,village
        Tregaron,,52.22017,-3.93313,W06000008,town
        Ynys-y-bwl,,51.64000,-3.36000,W06000016,village
        Ystradgynlais,,51.78000,-3.75000,W06000023,town
        """;

    private const string Districts = """
        outcode,latitude,longitude,postcodes,postcodes_in_wales,main_welsh_local_authority_code
        LL57,53.21000,-4.13000,900,900,W06000002
        HR3,52.09452,-3.08716,435,207,W06000023
        """;

    private static readonly Gazetteer Places = new(
        Gazetteer.ReadPlaces(new StringReader(Csv)), Gazetteer.ReadDistricts(new StringReader(Districts)));

    private static List<string> Found(string text) => Places.Search(text).Select(m => $"{m.Place.Name}/{m.Place.LocalAuthority}").ToList();

    private static string? Exact(string text) => Places.Search(text).Where(m => m.Exact).Select(m => m.Place.Name).SingleOrDefault();

    [Theory]
    [InlineData("Ynys Môn", "ynysmon")]
    [InlineData("  YNYS   MON ", "ynysmon")]
    [InlineData("Pen-y-Bont ar Ogwr", "penybontarogwr")]
    [InlineData("Bishop's Castle", "bishopscastle")]
    [InlineData("St. Davids", "stdavids")]
    [InlineData("Cardiff & Vale", "cardiffandvale")]
    [InlineData("Llanfair Pwllgwyngyll", "llanfairpwllgwyngyll")]
    public void A_key_ignores_case_accents_spaces_hyphens_and_punctuation(string text, string key) =>
        Assert.Equal(key, PlaceNames.Key(text));

    [Theory]
    [InlineData("fangor", "bangor")]      // soft: b → f
    [InlineData("mangor", "bangor")]      // nasal: b → m
    [InlineData("gaerdydd", "caerdydd")]  // soft: c → g
    [InlineData("nghaerdydd", "caerdydd")] // nasal: c → ngh
    [InlineData("chaerdydd", "caerdydd")] // aspirate: c → ch
    [InlineData("lanelli", "llanelli")]   // soft: ll → l
    [InlineData("wynedd", "gwynedd")]     // soft: g dropped
    [InlineData("nhregaron", "tregaron")] // nasal: t → nh
    [InlineData("ferthyr", "merthyr")]    // soft: m → f
    [InlineData("ddinbych", "dinbych")]   // soft: d → dd
    [InlineData("hynys", "ynys")]         // aspirate h before a vowel
    public void A_mutated_beginning_leads_back_to_the_radical(string mutated, string radical) =>
        Assert.Contains(radical, PlaceNames.Radicals(mutated));

    [Fact]
    public void A_radical_is_never_the_key_itself_and_short_words_are_left_alone()
    {
        Assert.DoesNotContain("bangor", PlaceNames.Radicals("bangor"));
        Assert.Empty(PlaceNames.Radicals("f"));
        Assert.DoesNotContain("lllanelli", PlaceNames.Radicals("llanelli"));
    }

    [Theory]
    [InlineData("Bangor", "Bangor")]
    [InlineData("BANGOR", "Bangor")]
    [InlineData("Fangor", "Bangor")]
    [InlineData("Mangor", "Bangor")]
    [InlineData("Caerdydd", "Cardiff")]
    [InlineData("Gaerdydd", "Cardiff")]
    [InlineData("Nghaerdydd", "Cardiff")]
    [InlineData("y fenni", "Abergavenny")]
    [InlineData("Y-Fenni", "Abergavenny")]
    [InlineData("Pen y Bont ar Ogwr", "Bridgend")]
    [InlineData("ynys y bwl", "Ynys-y-bwl")]
    [InlineData("Lanelli", "Llanelli")]
    [InlineData("Merthyr Tudful", "Merthyr Tydfil")]
    [InlineData("Ferthyr Tudful", "Merthyr Tydfil")]
    [InlineData("Nhregaron", "Tregaron")]
    public void English_and_Welsh_names_find_one_place_as_typed_or_mutated(string text, string place) =>
        Assert.Equal(place, Exact(text));

    [Fact]
    public void A_whole_name_comes_before_longer_names_starting_with_it()
    {
        var found = Places.Search("Bangor");
        Assert.Equal("Bangor", found[0].Place.Name);
        Assert.True(found[0].Exact);
        Assert.Contains(found, m => m.Place.Name == "Bangor-on-Dee" && !m.Exact);
    }

    [Fact]
    public void Same_named_places_are_offered_once_per_local_authority()
    {
        var pentre = Places.Search("Pentre").Where(m => m.Exact).Select(m => m.Place.LocalAuthority).ToList();
        Assert.Equal(["W06000005", "W06000006", "W06000016"], pentre.Order().ToList());
    }

    [Fact]
    public void The_beginning_of_a_name_is_enough_and_nothing_is_exact_then() =>
        Assert.Equal(["Ystradgynlais/W06000023"], Found("ystradgyn"));

    [Fact]
    public void A_name_that_is_not_there_finds_nothing()
    {
        Assert.Empty(Found("Atlantis"));
        Assert.Empty(Found("  - "));
    }

    [Fact]
    public void A_postcode_district_is_found_in_any_case_and_keeps_its_main_welsh_local_authority()
    {
        Assert.Equal("W06000002", Places.District("ll57")?.LocalAuthority);
        Assert.Equal("W06000023", Places.District("HR3")?.LocalAuthority);
        Assert.Null(Places.District("SW1A"));
    }

    [Theory]
    [InlineData("Gwynedd", "W06000002")]
    [InlineData("Wynedd", "W06000002")]
    [InlineData("Ngwynedd", "W06000002")]
    [InlineData("Nghaerdydd", "W06000015")]
    [InlineData("Chaerdydd", "W06000015")]
    public void An_area_name_is_found_as_typed_or_mutated(string text, string code)
    {
        var withAreas = new Gazetteer([], [], [("W06000002", ["Gwynedd", "Gwynedd"]), ("W06000015", ["Cardiff", "Caerdydd"])]);
        Assert.Equal([code], withAreas.Areas(text));
    }

    [Fact]
    public void A_place_really_called_what_was_typed_wins_over_an_area_it_could_be_a_mutation_of()
    {
        var places = Gazetteer.ReadPlaces(new StringReader("name,name_cy,latitude,longitude,local_authority_code,kind\nWern,,52.7,-3.1,W06000023,hamlet\n"));
        var withAreas = new Gazetteer(places, [], [("X1", ["Gwern"])]);
        Assert.Empty(withAreas.Areas("Wern"));
        Assert.Equal(["X1"], withAreas.Areas("Gwern"));
    }

    [Fact]
    public void A_row_without_a_welsh_local_authority_is_refused()
    {
        var error = Assert.Throws<InvalidDataException>(() => Gazetteer.ReadPlaces(new StringReader(
            "name,name_cy,latitude,longitude,local_authority_code,kind\nLudlow,,52.37,-2.72,E06000051,town\n")));
        Assert.Contains("line 2", error.Message);
    }
}
