using System.Text;
using System.Text.Json;
using Blueprint.Api.Analysis;
using Blueprint.Api.Auth;
using Blueprint.Data;
using Blueprint.Data.Analysis;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Api.Tests.Analysis;

/// <summary>
/// Public searches are counted (cached answers too), in memory until a batch is written, reduced to area,
/// known filter codes, language and day: no postcode, free text, address or user agent reaches the database.
/// </summary>
public sealed class SearchStatisticsTests(AnalysisApp app) : IClassFixture<AnalysisApp>
{
    private const string UserAgent = "ZZAGENT-7731 (Distinctive Browser)";
    private const string ForwardedFor = "203.0.113.77";

    private async Task SearchAsync(string url)
    {
        using var client = app.Host.CreateClient();
        client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", ForwardedFor);
        var response = await client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"{url} → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private Task<int> FlushAsync() => app.Host.Services.GetRequiredService<SearchStatisticsWriter>().FlushAsync();

    private List<SearchCount> Stored(Func<SearchCount, bool> match)
    {
        using var scope = app.Host.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<BlueprintDb>().SearchCounts.AsNoTracking().AsEnumerable().Where(match).ToList();
    }

    [Fact]
    public async Task No_postcode_free_text_user_agent_or_address_is_stored_anywhere_in_the_database()
    {
        await SearchAsync("/api/places/search?q=" + Uri.EscapeDataString("CF10 1AA"));
        await SearchAsync("/api/places/search?q=" + Uri.EscapeDataString("ZZFREETEXT Jane Jones"));
        await SearchAsync("/api/geo/markers?area=W06000015&lang=cy&filter=" + Uri.EscapeDataString("contains(Name,'ZZFREETEXT2') or Languages/any(x: x eq 'cy')"));
        await FlushAsync();

        // The postcode is stored as its local authority; the markers search as its area, known filter codes and language.
        Assert.Contains(Stored(s => s.Kind == "place"), s => s.AreaCode == Fixed.Cardiff && s.Searches >= 1);
        Assert.Contains(Stored(s => s.Kind == "directory"), s => s.AreaCode == Fixed.Cardiff && s.Filters == "Languages=cy" && s.Language == "cy");

        using (var scope = app.Host.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
        }
        var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(
            app.Host.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()["ConnectionStrings:Blueprint"]).DataSource;
        var bytes = new List<byte>();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" }.Where(File.Exists))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            bytes.AddRange(copy.ToArray());
        }
        var everything = bytes.ToArray();
        // The scan sees what was stored (so it would see a secret too).
        Assert.True(everything.AsSpan().IndexOf("Languages=cy"u8) >= 0, "the scan did not read the stored counts");
        foreach (var secret in new[] { "CF10 1AA", "CF101AA", "CF10", "ZZFREETEXT", "Jane Jones", "ZZAGENT", "Distinctive Browser", ForwardedFor })
        {
            Assert.False(FoundOutsideIdentifiers(everything, Encoding.UTF8.GetBytes(secret)), $"'{secret}' was found in the database");
            Assert.True(everything.AsSpan().IndexOf(Encoding.Unicode.GetBytes(secret)) < 0, $"'{secret}' was found in the database (UTF-16)");
        }
    }

    /// <summary>
    /// Whether <paramref name="secret"/> occurs other than inside a long run of hex digits and dashes: the database holds
    /// random identifiers (public ids as upper-case GUIDs, hashes), and about one run in twenty has a "CF10" in one of them.
    /// </summary>
    private static bool FoundOutsideIdentifiers(byte[] everything, byte[] secret)
    {
        static bool Hex(byte b) => b is (>= (byte)'0' and <= (byte)'9') or (>= (byte)'A' and <= (byte)'F') or (>= (byte)'a' and <= (byte)'f') or (byte)'-';
        for (var at = everything.AsSpan().IndexOf(secret); at >= 0;)
        {
            int start = at, end = at + secret.Length;
            while (start > 0 && Hex(everything[start - 1]))
            {
                start--;
            }
            while (end < everything.Length && Hex(everything[end]))
            {
                end++;
            }
            if (!secret.All(Hex) || end - start < 32)
            {
                return true;
            }
            var next = everything.AsSpan(at + 1).IndexOf(secret);
            at = next < 0 ? -1 : at + 1 + next;
        }
        return false;
    }

    [Fact]
    public async Task Searches_are_written_in_one_batch_and_cached_answers_count_too()
    {
        var url = "/api/geo/markers?area=W06000001&filter=" + Uri.EscapeDataString("Purposes/any(x: x eq 'hold-to-account')");
        for (var i = 0; i < 5; i++)
        {
            await SearchAsync(url); // the first fills the output cache; the other four are served from it
        }
        Assert.Empty(Stored(s => s.AreaCode == Fixed.Anglesey && s.Filters == "Purposes=hold-to-account"));

        await FlushAsync();

        var row = Assert.Single(Stored(s => s.AreaCode == Fixed.Anglesey && s.Filters == "Purposes=hold-to-account"));
        Assert.Equal(5, row.Searches);
        Assert.Equal(5, row.ZeroResults);
        Assert.Equal("directory", row.Kind);
        Assert.Equal("en", row.Language);
        Assert.Equal(AnalysisApp.Today, row.Day);
    }

    [Fact]
    public async Task Analysts_see_searches_with_no_or_few_results_by_area_and_filter()
    {
        await SearchAsync("/api/geo/markers?area=W06000002&lang=cy&filter=" + Uri.EscapeDataString("Languages/any(x: x eq 'cy') and Status ne 'closed'"));
        await FlushAsync();

        var response = await app.ClientAs(Roles.Analyst).GetStringAsync(
            "/odata/survey/analysis/SearchDemand?$filter=AreaCode eq 'W06000002' and FewResults gt 0&$select=Month,AreaName,Filters,Language,Searches,FewResults,MeanResults");
        var row = Assert.Single(JsonDocument.Parse(response).RootElement.GetProperty("value").EnumerateArray());
        Assert.Equal("2026-06", row.GetProperty("Month").GetString());
        Assert.Equal("Gwynedd", row.GetProperty("AreaName").GetString());
        Assert.Equal("Languages=cy;Status=closed", row.GetProperty("Filters").GetString());
        Assert.Equal(1, row.GetProperty("Searches").GetInt32());
        Assert.Equal(2.0, row.GetProperty("MeanResults").GetDouble()); // D and the all-Wales C

        var anonymous = await app.ClientAs(null).GetAsync("/odata/survey/analysis/SearchDemand");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Days_older_than_the_retention_period_are_purged()
    {
        using (var scope = app.Host.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            SearchCount Row(DateOnly day) => new() { Day = day, Kind = "directory", AreaCode = "W06000024", Filters = "retention-test", Language = "en", Searches = 1 };
            db.SearchCounts.AddRange(Row(AnalysisApp.Today.AddMonths(-24).AddDays(-1)), Row(AnalysisApp.Today.AddMonths(-24)), Row(AnalysisApp.Today.AddDays(-1)));
            await db.SaveChangesAsync();
        }

        await app.Host.Services.GetRequiredService<SearchStatisticsWriter>().PurgeAsync();

        Assert.Equal([AnalysisApp.Today.AddMonths(-24), AnalysisApp.Today.AddDays(-1)],
            Stored(s => s.Filters == "retention-test").Select(s => s.Day).Order());
    }
}
