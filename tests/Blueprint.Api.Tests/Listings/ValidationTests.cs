using System.Net;
using Blueprint.Api.Auth;

namespace Blueprint.Api.Tests.Listings;

/// <summary>Edits meet the listing rules the survey import meets (Blueprint.Data/Listings/ListingRules): problems per field in the error's details.</summary>
public sealed class ValidationTests : IClassFixture<DatabaseOnlyApp>
{
    private readonly BlueprintApp app;

    public ValidationTests(DatabaseOnlyApp app)
    {
        this.app = app;
        Listings.EditsWait(app, false, app.Known.OrganisationId, app.Known.OtherOrganisationId);
    }

    public static TheoryData<string, string, string> BadFields() => new()
    {
        { """{"ReferralEmail":"not an address"}""", "ReferralEmail", "BadShape" },
        { """{"ReferralPhone":"12345"}""", "ReferralPhone", "BadShape" },
        { """{"ReferralUrl":"ftp://example.org"}""", "ReferralUrl", "BadShape" },
        { """{"PlacesPerYear":200000}""", "PlacesPerYear", "OutOfRange" },
        { """{"WaitingTimeWeeks":-1}""", "WaitingTimeWeeks", "OutOfRange" },
        { """{"LengthWeeks":600}""", "LengthWeeks", "OutOfRange" },
        { """{"FundingEnds":"1999-03-31"}""", "FundingEnds", "OutOfRange" },
        { """{"FundingStatus":"ongoing","FundingEnds":"2027-03-31"}""", "FundingEnds", "Inconsistent" },
        { """{"FundingStatus":"forever"}""", "FundingStatus", "UnknownCode" },
        { """{"Forms":["domestic-abuse","nonsense"]}""", "Forms", "UnknownCode" },
        { """{"Gender":"x"}""", "Gender", "UnknownCode" },
        { """{"Status":"gone"}""", "Status", "UnknownCode" },
        { """{"Areas":["W06999999"]}""", "Areas", "UnknownArea" },
        { """{"Name":"  "}""", "Name", "Required" },
        { """{"PlacesPerYear":"many"}""", "PlacesPerYear", "BadType" },
        { """{"AllWales":null}""", "AllWales", "BadType" },
        { """{"LastVerified":"2020-01-01"}""", "LastVerified", "ReadOnly" },
        { """{"Bogus":1}""", "Bogus", "UnknownField" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task A_bad_field_is_a_400_naming_the_field_and_nothing_changes(string body, string field, string code)
    {
        var listing = Listings.NewListing(app, app.Known.OrganisationId, "ZZVALID " + field);
        var response = await Listings.SendAsync(Listings.As(app, Roles.Provider, app.Known.OrganisationId), HttpMethod.Patch,
            $"/odata/Interventions({listing.Id})", body, "*");

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, await Listings.Describe(response));
        var error = (await Listings.JsonAsync(response)).GetProperty("error");
        Assert.Equal("ValidationFailed", error.GetProperty("code").GetString());
        Assert.Contains(error.GetProperty("details").EnumerateArray(), d => d.GetProperty("target").GetString() == field && d.GetProperty("code").GetString() == code);
        Assert.Equal(1, Listings.VersionOf(app, listing.Id));
    }

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task A_welsh_page_gets_each_fields_message_in_Welsh(string body, string field, string code)
    {
        var listing = Listings.NewListing(app, app.Known.OrganisationId, "ZZVALID cy " + field);
        var messages = new Dictionary<string, (string Summary, string Detail)>();
        foreach (var language in new[] { "en", "cy-GB, en;q=0.8" })
        {
            var client = Listings.As(app, Roles.Provider, app.Known.OrganisationId);
            client.DefaultRequestHeaders.TryAddWithoutValidation("Accept-Language", language);
            var response = await Listings.SendAsync(client, HttpMethod.Patch, $"/odata/Interventions({listing.Id})", body, "*");
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, await Listings.Describe(response));
            var error = (await Listings.JsonAsync(response)).GetProperty("error");
            var detail = error.GetProperty("details").EnumerateArray().Single(d => d.GetProperty("target").GetString() == field && d.GetProperty("code").GetString() == code);
            messages[language[..2]] = (error.GetProperty("message").GetString()!, detail.GetProperty("message").GetString()!);
        }

        // The same problem, worded in each language: Welsh words in the Welsh one, none of the English sentence's.
        Assert.NotEqual(messages["en"].Detail, messages["cy"].Detail);
        Assert.Matches(@"\b(Nid|Rhaid|Mae|Dim|Y gweinydd|Rhowch|Enwch|Dangosir)\b", messages["cy"].Detail);
        Assert.DoesNotMatch(@"\b(is not|must be|needs|cannot|is set)\b", messages["cy"].Detail);
        Assert.Equal(messages["cy"].Detail, messages["cy"].Summary);
    }

    [Fact]
    public async Task Several_bad_fields_are_reported_together()
    {
        var listing = Listings.NewListing(app, app.Known.OrganisationId, "ZZVALID several");
        var response = await Listings.SendAsync(Listings.As(app, Roles.Admin), HttpMethod.Patch, $"/odata/Interventions({listing.Id})",
            new { ReferralEmail = "nope", NameCy = new string('a', 301), RiskLevels = new[] { "extreme" } }, "*");
        var details = (await Listings.JsonAsync(response)).GetProperty("error").GetProperty("details").EnumerateArray().Select(d => d.GetProperty("target").GetString()).ToList();
        Assert.Equal(["NameCy", "ReferralEmail", "RiskLevels"], details.Order().ToList());
    }

    [Fact]
    public async Task Every_field_of_the_model_can_be_edited_in_English_and_Welsh_with_areas_served()
    {
        var listing = Listings.NewListing(app, app.Known.OrganisationId, "ZZVALID everything");
        var response = await Listings.SendAsync(Listings.As(app, Roles.Provider, app.Known.OrganisationId), HttpMethod.Patch, $"/odata/Interventions({listing.Id})", new
        {
            Name = "ZZVALID Everything edited", NameCy = "ZZVALID Popeth wedi'i olygu", Description = "English text.", DescriptionCy = "Testun Cymraeg.",
            Purposes = new[] { "behaviour-change", "manage-risk" }, Forms = new[] { "stalking" }, Settings = new[] { "community" }, Stages = new[] { "early-intervention" },
            Gender = "men", AgeBands = new[] { "adults" }, CohortGroups = new[] { "lgbtq" }, RiskLevels = new[] { "medium", "high" }, ReferralRoutes = new[] { "self", "police" },
            Format = "group", LengthText = "26 weekly sessions", LengthWeeks = 26, Languages = new[] { "cy", "en" }, PlacesPerYear = 40, WaitingTimeWeeks = 3,
            SupportsPartners = true, Accreditations = new[] { "respect" }, FundingSources = new[] { "welsh-government" }, FundingStatus = "fixed-term", FundingEnds = "2027-03-31",
            Evaluation = "independent", OutcomeMeasures = "Fewer incidents.", ReferralPhone = "029 2000 0000", ReferralEmail = "refer@example.org", ReferralUrl = "https://example.org/refer",
            Status = "paused", AllWales = false, Areas = new[] { "VR-NW" },
        }, "*");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await Listings.Describe(response));

        var read = await app.GetJsonAsync($"/odata/Interventions({listing.Id})?$expand=Areas($select=Code)");
        Assert.Equal("ZZVALID Popeth wedi'i olygu", read.GetProperty("NameCy").GetString());
        Assert.Equal("Testun Cymraeg.", read.GetProperty("DescriptionCy").GetString());
        Assert.Equal("2027-03-31", read.GetProperty("FundingEnds").GetString());
        Assert.Equal("paused", read.GetProperty("Status").GetString());
        // North Wales's six local authorities replace Cardiff.
        var areas = read.GetProperty("Areas").EnumerateArray().Select(a => a.GetProperty("Code").GetString()).ToList();
        Assert.Equal(6, areas.Count);
        Assert.DoesNotContain("W06000015", areas);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"Name":"a","Name":"b"}""")]
    public async Task A_body_that_is_not_one_JSON_object_is_a_400(string body)
    {
        var listing = Listings.NewListing(app, app.Known.OrganisationId, "ZZVALID body");
        var response = await Listings.SendAsync(Listings.As(app, Roles.Admin), HttpMethod.Patch, $"/odata/Interventions({listing.Id})", body, "*");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BadBody", (await Listings.JsonAsync(response)).GetProperty("error").GetProperty("code").GetString());
    }
}
