using Blueprint.Ingest.Normalising;

namespace Blueprint.Ingest.Tests;

public class NormalisingTests
{
    private static readonly AreaAnswers Areas = new(TestDb.Areas);

    [Theory]
    [InlineData("RCT", "W06000016")]
    [InlineData("Rhondda Cynon Taff", "W06000016")]
    [InlineData("Ynys Mon", "W06000001")]
    [InlineData("Caerdydd", "W06000015")]
    [InlineData("Merthyr Tydfill", "W06000024")]
    [InlineData("Cardif", "W06000015")]
    public void Local_authority_names_in_English_Welsh_abbreviated_or_misspelt(string answer, string code)
    {
        var (areas, _) = Areas.Resolve(answer);
        Assert.Equal([code], areas.SelectMany(a => a.LocalAuthorities));
    }

    [Fact]
    public void North_Wales_is_its_six_local_authorities_and_All_of_Wales_is_all_22()
    {
        Assert.Equal(6, Areas.Resolve("North Wales").Areas.Single().LocalAuthorities.Count);
        Assert.Equal(22, Areas.Resolve("All of Wales").Areas.Single().LocalAuthorities.Count);
        Assert.Equal(3, Areas.Resolve("Cardiff & Vale; Newport").Areas.SelectMany(a => a.LocalAuthorities).Count());
        Assert.Empty(Areas.Resolve("Bristol").Areas);
    }

    [Theory]
    [InlineData("approx 40", 40)]
    [InlineData("c. 60", 60)]
    [InlineData("30-40", 40)]
    [InlineData("1,200", 1200)]
    [InlineData("none", 0)]
    [InlineData("twelve", 12)]
    [InlineData("100+", 100)]
    [InlineData("lots", null)]
    public void Counts_written_loosely(string text, int? expected) => Assert.Equal(expected, LooseNumbers.Count(text));

    [Theory]
    [InlineData("6-8 weeks", 8)]
    [InlineData("26 weekly sessions", 26)]
    [InlineData("3 months", 13)]
    [InlineData("10 days", 2)]
    [InlineData("1 year", 52)]
    [InlineData("none", 0)]
    [InlineData("24 sessions", null)]
    public void Weeks_written_loosely(string text, int? expected) => Assert.Equal(expected, LooseNumbers.Weeks(text));

    [Theory]
    [InlineData("05/12/2023 10:15:00", "2023-12-05")]
    [InlineData("12/5/23 10:15:00 AM", "2023-12-05")]
    [InlineData("2023-12-05T10:15:00", "2023-12-05")]
    [InlineData("5 December 2023", "2023-12-05")]
    public void Completion_times_in_the_formats_exports_use(string text, string expected) =>
        Assert.Equal(expected, LooseDates.DateTimeOf(text, Csv.MsForms.DateFormats)!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

    [Theory]
    [InlineData("31/03/2025", "2025-03-31")]
    [InlineData("31st March 2027", "2027-03-31")]
    [InlineData("March 2026", "2026-03-31")]
    [InlineData("2025-03-31", "2025-03-31")]
    [InlineData("2026", "2026-03-31")]
    public void Funding_dates(string text, string expected) =>
        Assert.Equal(expected, LooseDates.DateOf(text, [])!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

    [Theory]
    [InlineData("cf10 1aa", "CF10 1AA")]
    [InlineData("SA11AA", "SA1 1AA")]
    [InlineData("LL57 2PW", "LL57 2PW")]
    [InlineData("CF10", null)]
    [InlineData("online", null)]
    public void Postcodes_are_checked_for_shape(string text, string? expected) => Assert.Equal(expected, Postcodes.Standard(text));

    [Fact]
    public void A_postcode_gets_a_point_only_from_the_configured_file()
    {
        var directory = PostcodeDirectory.FromPoints([("CF10 1AA", 51.48, -3.18)]);
        Assert.Equal((51.48, -3.18), directory.Locate("CF10 1AA"));
        Assert.Null(directory.Locate("SA1 1AA"));
        Assert.Null(PostcodeDirectory.Empty.Locate("CF10 1AA"));
    }

    [Theory]
    [InlineData("Yes", true)]
    [InlineData("Ie", true)]
    [InlineData("Ydw", true)]
    [InlineData("Na", false)]
    [InlineData("No thanks", false)]
    [InlineData("maybe", null)]
    public void Yes_and_no_in_English_and_Welsh(string text, bool? expected) => Assert.Equal(expected, ResponseNormaliser.YesNo(text));
}
