using Blueprint.Api.Analysis;
using Blueprint.Data;
using Blueprint.Data.Analysis;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Api.Tests.Analysis;

/// <summary>
/// Searches are counted in the language they were made in. The map's marker search names it in the URL
/// (<c>lang</c>); the place search sends only <c>q</c> (web/src/api.js <c>searchPlaces</c>) and no Referer
/// reaches the API (<c>Referrer-Policy: no-referrer</c>), so the browser's <c>Accept-Language</c> is what is left.
/// </summary>
public sealed class SearchLanguageTests(AnalysisApp app) : IClassFixture<AnalysisApp>
{
    private async Task SearchAsync(string url, string? acceptLanguage)
    {
        using var client = app.Host.CreateClient();
        if (acceptLanguage is not null)
        {
            client.DefaultRequestHeaders.Add("Accept-Language", acceptLanguage);
        }
        var response = await client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"{url} → {(int)response.StatusCode}");
    }

    private async Task<Dictionary<string, int>> PlaceSearchesByLanguageAsync()
    {
        await app.Host.Services.GetRequiredService<SearchStatisticsWriter>().FlushAsync();
        using var scope = app.Host.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<BlueprintDb>().SearchCounts.AsNoTracking()
            .Where(s => s.Kind == "place" && s.AreaCode == Fixed.Cardiff)
            .AsEnumerable()
            .GroupBy(s => s.Language)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.Searches));
    }

    [Fact]
    public async Task A_place_search_is_counted_in_the_language_the_browser_asks_for_or_the_one_the_URL_names()
    {
        var cardiff = "/api/places/search?q=" + Uri.EscapeDataString("CF10 1AA");
        await SearchAsync(cardiff, "cy-GB,cy;q=0.9,en-GB;q=0.8,en;q=0.7");   // a Welsh browser
        await SearchAsync(cardiff, "cy");
        await SearchAsync(cardiff, "fr-FR,fr;q=0.9,cy;q=0.5,en;q=0.3");      // neither first: Welsh preferred to English
        await SearchAsync(cardiff, "en-GB,en;q=0.9,cy;q=0.8");                 // an English browser
        await SearchAsync(cardiff, null);                                      // no header: English
        await SearchAsync(cardiff + "&lang=cy", "en-GB");                      // the URL's language wins

        var counted = await PlaceSearchesByLanguageAsync();

        Assert.Equal(4, counted.GetValueOrDefault("cy"));
        Assert.Equal(2, counted.GetValueOrDefault("en"));
    }

    [Fact]
    public async Task A_marker_search_keeps_the_language_its_URL_names_whatever_the_browser_says()
    {
        await SearchAsync("/api/geo/markers?area=W06000024&lang=en&filter=" + Uri.EscapeDataString("Purposes/any(x: x eq 'manage-risk')"), "cy");
        await SearchAsync("/api/geo/markers?area=W06000024&lang=cy&filter=" + Uri.EscapeDataString("Purposes/any(x: x eq 'manage-risk')"), "en");
        await app.Host.Services.GetRequiredService<SearchStatisticsWriter>().FlushAsync();

        using var scope = app.Host.Services.CreateScope();
        var rows = scope.ServiceProvider.GetRequiredService<BlueprintDb>().SearchCounts.AsNoTracking()
            .Where(s => s.Kind == "directory" && s.AreaCode == "W06000024").ToList();
        Assert.Equal(["cy", "en"], rows.Select(r => r.Language).Order());
        Assert.All(rows, r => Assert.Equal(1, r.Searches));
    }
}
