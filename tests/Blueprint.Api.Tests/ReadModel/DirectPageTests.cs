using Blueprint.Api.Auth;
using Blueprint.Data.Directory;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Tests.ReadModel;

/// <summary>
/// The read model writes the commonest pages itself (ReadModel/DirectPage: <c>$top</c> within a page, <c>$skip</c>,
/// <c>$count</c>, <c>$select</c> of plain properties). Whatever it writes must be what OData writes from the
/// database: the same bytes and the same format headers, for awkward text too (quotes, backslashes, control
/// characters, Welsh letters, characters outside the basic plane) and for rows edited more than once.
/// </summary>
public sealed class DirectPageTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    private const string Awkward = "ZZDIRECT \"Dyn\" \\ Ŵyr â ôl ŷ\t<&>'+ 😀 – end";

    public static readonly TheoryData<string> Pages =
    [
        "/odata/Interventions?$top=100&$select=Id",
        "/odata/Interventions?$top=05&$select=Id",
        "/odata/Interventions?$top=100&$skip=100&$select=Name,NameCy,ReferralEmail,Purposes",
        "/odata/Interventions?$top=2&$select=Name&$count=false",
        "/odata/Interventions?$top=0&$count=true&$select=Id",
        "/odata/Interventions?$top=10&$skip=100000&$count=true&$select=Id",
        "/odata/Interventions?$select=LastVerified,Id,Version&$top=7&$count=true",
        "/odata/Interventions/InArea(code='W06000001')?$top=100&$count=true&$select=Id,Name,NameCy,Description,DescriptionCy,Languages,PublicId,FundingEnds,SupportsPartners,LengthWeeks,DistanceKm,Version",
        "/odata/Interventions/InArea(code='VR-NW')?$count=true&$top=30&$skip=10&$select=Name,Gender,Status,AllWales,Format",
        "/odata/Interventions/InArea(code='W92000004')?$top=100&$select=Id,NameCy",
        "/odata/Interventions/Near(latitude=51.4816,longitude=-3.1791,radiusKm=30)?$top=20&$skip=3&$count=true&$select=DistanceKm,Name",
        "/odata/Interventions/Near(latitude=53.2559,longitude=-4.3106,radiusKm=40)?$top=100&$select=Id,DistanceKm,NameCy",
    ];

    /// <summary>Shapes it leaves to OData (in memory): the answers must agree all the same.</summary>
    public static readonly TheoryData<string> LeftToOData =
    [
        "/odata/Interventions?$top=101&$select=Id",
        "/odata/Interventions?$top=5&$select=Id,CreatedAt",
        "/odata/Interventions?$top=5&$select=Id,Name,Id",
        "/odata/Interventions?$top=5&$select=id",
        "/odata/Interventions?top=5&$select=Id",
        "/odata/Interventions?$top=5&$count=True&$select=Id",
    ];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task A_page_written_from_memory_is_what_OData_writes_from_the_database(string url)
    {
        await CompareAsync(app.CreateClient(), url);
    }

    [Theory]
    [MemberData(nameof(LeftToOData))]
    public async Task Other_shapes_are_left_to_OData_with_the_same_answer(string url)
    {
        await CompareAsync(app.CreateClient(), url, written: false);
    }

    [Fact]
    public async Task Awkward_text_and_edited_rows_are_written_as_OData_writes_them()
    {
        var id = app.WithDb(db =>
        {
            var listing = new Intervention
            {
                OrganisationId = app.Known.OrganisationId, Name = Awkward, NameCy = "ZZDIRECT\u0001\u001f\u007f\u0080 Môn",
                Description = "line one\r\nline two\u2028\u2029", Languages = ["cy", "en"], LastVerified = new DateOnly(2026, 10, 1),
                Status = "active", AllWales = true, SupportsPartners = false, LengthWeeks = 12, FundingEnds = new DateOnly(2027, 3, 31),
            };
            db.Interventions.Add(listing);
            db.SaveChanges();
            return listing.Id;
        });
        // Edited twice more: its concurrency version (written as the ETag) is past 1.
        foreach (var n in new[] { 2, 3 })
        {
            app.WithDb(db =>
            {
                var listing = db.Interventions.Single(i => i.Id == id);
                listing.LengthWeeks = 12 + n;
                return db.SaveChanges();
            });
        }
        Assert.True(app.WithDb(db => db.Interventions.AsNoTracking().Single(i => i.Id == id).Version) > 1);
        var client = app.CreateClient();
        // All-Wales listings are in every area's answer; the last page of the whole set holds the newest.
        var total = app.WithDb(db => db.Interventions.Count());
        await CompareAsync(client, $"/odata/Interventions?$top=100&$skip={Math.Max(0, total - 50)}&$select=Id,Name,NameCy,Description,Languages,SupportsPartners,LengthWeeks,FundingEnds,Version&$count=true",
            mustContain: "ZZDIRECT");
    }

    [Theory]
    [InlineData("Accept", "application/json;odata.metadata=full")]
    [InlineData("Accept", "application/json;odata.metadata=none")]
    [InlineData("Prefer", "odata.maxpagesize=3")]
    [InlineData("OData-MaxVersion", "4.01")]
    public async Task Headers_that_change_the_format_get_the_same_answer_as_from_the_database(string header, string value)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation(header, value);
        await CompareAsync(client, "/odata/Interventions/InArea(code='W06000015')?$top=5&$count=true&$select=Id,Name", written: false);
    }

    [Theory]
    [InlineData(Roles.Provider)]
    [InlineData(Roles.Analyst)]
    public async Task Signed_in_callers_get_the_same_pages_from_memory(string role)
    {
        var client = app.ClientAs(role, role == Roles.Provider ? app.Known.OrganisationId : null);
        await CompareAsync(client, "/odata/Interventions/InArea(code='VR-NW')?$top=50&$count=true&$select=Id,Name,OrganisationId,LastVerified");
    }

    private async Task CompareAsync(HttpClient client, string url, string? mustContain = null, bool written = true)
    {
        await app.WaitForSnapshotAsync();
        var memory = await ReadModelPaths.GetAsync(app, client, url, fromDatabase: false);
        var database = await ReadModelPaths.GetAsync(app, client, url, fromDatabase: true);
        Assert.Equal(database.Status, memory.Status);
        Assert.True(memory.Status != 200 || memory.Served == 1, $"{url} was not answered from the snapshot");
        Assert.True(memory.Status != 200 || memory.Written == (written ? 1 : 0), $"{url}: written directly {memory.Written} times");
        Assert.Equal(database.Format, memory.Format);
        Assert.Equal(database.Body, memory.Body);
        if (mustContain is not null)
        {
            Assert.Contains(mustContain, System.Text.Json.JsonDocument.Parse(memory.Body).RootElement.ToString());
        }
    }
}
