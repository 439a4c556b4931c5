using System.Text;
using System.Text.Json;
using Blueprint.Api.Auth;
using Blueprint.Api.Tests.Imports;
using Blueprint.Data;
using Blueprint.Data.Directory;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Api.Tests.OData;

/// <summary>
/// Issue 8, paging that clients follow: for many orders (nullable columns, expressions null for every row,
/// values with hyphens, commas and quotes, descending, several keys, navigation paths) following
/// <c>@odata.nextLink</c> from the first page ends, and every row arrives exactly once.
/// </summary>
public sealed class NextLinkPagingTests(BlueprintApp app, ITestOutputHelper output) : IClassFixture<BlueprintApp>
{
    /// <summary>Values that broke the library's skip token, or sort next to each other in awkward ways.</summary>
    private static readonly string[] Awkward =
        ["a-b", "-leading", "trailing-", "comma, then", "O'Neil", "Id-100", "null", "2026-01-01", "ŵ-ŷ", "x--y", " space"];

    private static readonly SemaphoreSlim Once = new(1, 1);
    private static readonly HashSet<BlueprintApp> Seeded = [];
    private static readonly Dictionary<BlueprintApp, int> Imports = [];

    public static TheoryData<string> InterventionOrders() =>
    [
        "Name", "Name desc", "NameCy", "NameCy desc,Name", "LengthWeeks desc", "Gender,FundingEnds desc,Name",
        "SupportsPartners,Id desc", "LastVerified desc,Name", "Organisation/Name,Name desc",
        "PlacesPerYear div 0", "length(ReferralUrl) div 0 desc", "concat(NameCy,'-')",
        // With $select: the order's values are not all in the page (keyset falls back to counting rows).
        "length(NameCy)&$select=Id,Name", "PlacesPerYear div 0,Name desc&$select=Id", "NameCy desc&$select=Id,Name",
    ];

    public static TheoryData<string> OrganisationOrders() =>
        ["Name", "Name desc", "NameCy", "NameCy desc", "Website,Name desc", "Type desc,NameCy,Name", "length(Phone) div 0"];

    public static TheoryData<string> SurveyOrders() =>
        ["OrganisationName", "OrganisationName desc,RowNumber", "InterventionName desc", "CompletedAt desc", "ConsentToPublish,RespondentName desc", "length(RespondentJobTitle) div 0", "Import/FileName,RowNumber desc"];

    [Theory]
    [MemberData(nameof(InterventionOrders))]
    public async Task Following_next_links_over_interventions_gives_every_row_once(string orderBy)
    {
        await SeedAsync();
        var expected = app.WithDb(db => db.Interventions.Select(i => (long)i.Id).ToHashSet());

        await AssertEveryRowOnceAsync(app.CreateClient(), $"/odata/Interventions?$orderby={orderBy}", expected, pageSize: 100);
    }

    [Fact]
    public async Task Following_next_links_with_select_filter_and_top_keeps_to_them()
    {
        await SeedAsync();
        var expected = app.WithDb(db => db.Interventions.Where(i => i.Name.StartsWith("ZZPAGE")).OrderBy(i => i.Name).ThenBy(i => i.Id)
            .Take(130).Select(i => (long)i.Id).ToHashSet());

        var names = await AssertEveryRowOnceAsync(app.CreateClient(),
            "/odata/Interventions?$filter=startswith(Name,'ZZPAGE')&$select=Id,Name&$orderby=Name&$top=130", expected, pageSize: 100);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }

    [Theory]
    [MemberData(nameof(OrganisationOrders))]
    public async Task Following_next_links_over_organisations_gives_every_row_once(string orderBy)
    {
        await SeedAsync();
        var expected = app.WithDb(db => db.Organisations.Select(o => (long)o.Id).ToHashSet());

        await AssertEveryRowOnceAsync(app.CreateClient(), $"/odata/Organisations?$orderby={orderBy}", expected, pageSize: 100);
    }

    [Theory]
    [MemberData(nameof(SurveyOrders))]
    public async Task Following_next_links_over_the_survey_feed_gives_every_row_once(string orderBy)
    {
        var importId = await SurveyImportAsync();
        var expected = app.WithDb(db => db.SurveyResponses.Where(r => r.ImportId == importId).Select(r => r.Id).ToHashSet());
        Assert.True(expected.Count > 1000);

        await AssertEveryRowOnceAsync(app.ClientAs(Roles.Analyst),
            $"/odata/survey/SurveyResponses?$filter=ImportId eq {importId}&$orderby={orderBy}&$select=Id,OrganisationName", expected, pageSize: 500, key: "Id");
    }

    [Fact]
    public async Task A_next_link_spells_each_option_once_with_its_dollar()
    {
        await SeedAsync();
        var first = await app.GetJsonAsync("/odata/Interventions?orderby=Name&select=Id,Name&top=150");
        var next = first.GetProperty("@odata.nextLink").GetString()!;

        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(next).Query);
        Assert.Equal(["$orderby", "$select", "$skiptoken", "$top"], query.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("50", query["$top"].ToString());
    }

    /// <summary>Follows next links from <paramref name="url"/> to the end; returns the names seen, in order.</summary>
    private async Task<List<string>> AssertEveryRowOnceAsync(HttpClient client, string url, IReadOnlySet<long> expected, int pageSize, string key = "Id")
    {
        var seen = new List<long>();
        var names = new List<string>();
        var pages = 0;
        var maxPages = expected.Count / pageSize + 3;
        string? next = url;
        while (next is not null)
        {
            Assert.True(++pages <= maxPages, $"{url}: still paging after {maxPages} pages (next: {next})");
            var page = await app.GetJsonAsync(next, client);
            foreach (var row in page.GetProperty("value").EnumerateArray())
            {
                seen.Add(row.GetProperty(key).GetInt64());
                if (row.TryGetProperty("Name", out var name))
                {
                    names.Add(name.GetString() ?? "");
                }
            }
            next = page.TryGetProperty("@odata.nextLink", out var link) ? link.GetString() : null;
        }
        output.WriteLine($"{url}: {pages} pages, {seen.Count} rows");
        var repeated = seen.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(repeated.Count == 0, $"{url}: rows more than once: {string.Join(", ", repeated.Take(10))}");
        Assert.True(expected.SetEquals(seen), $"{url}: {expected.Except(seen).Count()} rows missing, {seen.Except(expected).Count()} unexpected");
        return names;
    }

    /// <summary>Adds 100 organisations and 150 interventions with awkward names and nulls (once per host).</summary>
    private async Task SeedAsync()
    {
        await Once.WaitAsync();
        try
        {
            if (!Seeded.Add(app))
            {
                return;
            }
            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            for (var i = 0; i < 100; i++)
            {
                var awkward = Awkward[i % Awkward.Length];
                var organisation = new Organisation
                {
                    Name = $"ZZPAGE org {awkward}", NameCy = i % 3 == 0 ? null : $"{awkward} {i % 7}",
                    Type = i % 2 == 0 ? "specialist-third-sector" : "probation-hmpps", Website = i % 4 == 0 ? null : "https://a-b.example.org",
                    Phone = i % 5 == 0 ? null : "01632 960-000",
                };
                for (var j = 0; j < (i < 50 ? 3 : 0); j++)
                {
                    organisation.Interventions.Add(new Intervention
                    {
                        Name = $"ZZPAGE {Awkward[(i + j) % Awkward.Length]}", NameCy = (i + j) % 2 == 0 ? null : $"ZZ {awkward}-{j}",
                        LengthWeeks = j == 0 ? null : j * 4, Gender = j == 1 ? null : "men", SupportsPartners = j == 2 ? null : i % 2 == 0,
                        FundingEnds = j == 0 ? null : new DateOnly(2027, 1 + i % 12, 1), LastVerified = new DateOnly(2026, 1 + j, 1),
                        Status = "active", Source = "editor",
                    });
                }
                db.Organisations.Add(organisation);
            }
            await db.SaveChangesAsync();
        }
        finally
        {
            Once.Release();
        }
    }

    /// <summary>An import of 1,200 staged rows whose names carry hyphens, commas and quotes (more than two pages of 500).</summary>
    private async Task<int> SurveyImportAsync()
    {
        await Once.WaitAsync();
        try
        {
            if (!Imports.TryGetValue(app, out var id))
            {
                Imports[app] = id = await UploadLargeImportAsync();
            }
            return id;
        }
        finally
        {
            Once.Release();
        }
    }

    private async Task<int> UploadLargeImportAsync()
    {
        var csv = new StringBuilder(SurveyExport.Header).Append('\n');
        var rows = 0;
        for (var i = 0; rows < 1200; i++)
        {
            var marker = $"{Awkward[i % Awkward.Length].Replace(",", "", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal)}-{SurveyExport.NewMarker()}";
            var three = SurveyExport.ThreeRows(marker).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1);
            foreach (var line in three)
            {
                csv.Append(line).Append('\n');
                rows++;
            }
        }
        var report = await SurveyExport.UploadOkAsync(app.ClientAs(Roles.Analyst), csv.ToString());
        return report.GetProperty("importId").GetInt32();
    }
}
