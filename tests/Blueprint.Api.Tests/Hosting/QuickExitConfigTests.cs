using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;

namespace Blueprint.Api.Tests.Hosting;

/// <summary>"Leave this site" goes where <c>Map:ExitUrl</c> says, and only to an absolute web address.</summary>
public sealed class QuickExitConfigTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    [Fact]
    public async Task The_front_end_is_told_the_default_neutral_destination()
    {
        var config = await app.GetJsonAsync("/api/config");
        Assert.Equal("https://www.bbc.co.uk/weather", config.GetProperty("quickExitUrl").GetString());
    }

    [Fact]
    public async Task The_destination_is_a_setting()
    {
        await using var configured = app.WithWebHostBuilder(b => b.UseSetting("Map:ExitUrl", "https://www.google.com/"));
        var config = await app.GetJsonAsync("/api/config", configured.CreateClient());
        Assert.Equal("https://www.google.com/", config.GetProperty("quickExitUrl").GetString());
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("/relative/page")]
    public void A_destination_that_is_not_an_absolute_web_address_stops_the_start(string url)
    {
        using var configured = app.WithWebHostBuilder(b => b.UseSetting("Map:ExitUrl", url));
        var error = Assert.Throws<OptionsValidationException>(() => configured.CreateClient());
        Assert.Contains("ExitUrl", error.Message);
    }
}
