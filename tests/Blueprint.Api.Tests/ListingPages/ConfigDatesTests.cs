using System.Text.Json;
using Blueprint.Api.Tests.Staleness;

namespace Blueprint.Api.Tests.ListingPages;

/// <summary>The listings pages mark stale and overdue listings from the two dates /api/config gives; they compute no period of their own.</summary>
[Collection(StalenessCollection.Name)]
public sealed class ConfigDatesTests(StaleHosts hosts)
{
    [Fact]
    public async Task Config_gives_the_day_before_which_listings_are_hidden_beside_the_stale_line()
    {
        var text = await hosts.ClientAs(null).GetStringAsync("/api/config", TestContext.Current.CancellationToken);
        var config = JsonDocument.Parse(text).RootElement;
        var staleBefore = StaleHosts.Day.AddDays(-StaleHosts.StaleAfterDays);
        Assert.Equal(staleBefore.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), config.GetProperty("staleBefore").GetString());
        Assert.Equal(staleBefore.AddDays(-StaleHosts.HideAfterOverdueDays).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            config.GetProperty("hiddenBefore").GetString());
    }
}
