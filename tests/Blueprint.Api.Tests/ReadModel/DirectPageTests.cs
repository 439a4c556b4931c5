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
        "/odata/Interventions?$top=5&$select=Id,CreatedAt,UpdatedAt,PublicModifiedAt",
        // Every property, expansions with and without a nested $select, in $expand's order.
        "/odata/Interventions?$top=100&$expand=Organisation($select=Name,NameCy),Venues&$count=true",
        "/odata/Interventions?$top=3&$skip=40",
        "/odata/Interventions?$top=20&$expand=Areas,Organisation",
        "/odata/Interventions?$top=20&$expand=Venues($select=Postcode,Name),Areas($select=Code)&$select=Name,Id",
        "/odata/Interventions/InArea(code='VR-CV')?$expand=Venues&$orderby=LastVerified%20desc&$top=20&$select=Id,Name,LastVerified",
        // Rows chosen by OData's $filter, $search and $orderby over the snapshot, then written here.
        "/odata/Interventions/InArea(code='VR-NW')?$filter=Gender%20eq%20'men'&$top=20&$count=true&$select=Id,Name,Gender",
        "/odata/Interventions/InArea(code='W06000002')?$filter=Languages/any(l:l%20eq%20'cy')&$orderby=Name&$top=25&$select=Id,Name,NameCy,Languages",
        "/odata/Interventions/Near(latitude=51.6214,longitude=-3.9436,radiusKm=25)?$filter=Status%20eq%20'active'&$top=20&$expand=Venues($select=Name,Postcode)",
        "/odata/Interventions/Near(latitude=51.4816,longitude=-3.1791,radiusKm=30)?$orderby=Name%20desc&$skip=2&$top=10&$count=true&$select=Name,DistanceKm",
        "/odata/Interventions?$search=respect&$top=20&$select=Id,Name",
        "/odata/Interventions?$search=cymru%20OR%20wales&$count=true&$top=20&$select=Id,Name",
        "/odata/Interventions?$filter=Purposes/any(p:p%20eq%20'behaviour-change')%20and%20Status%20eq%20'active'&$orderby=Name&$top=25&$count=true&$select=Id,Name",
        "/odata/Interventions?$filter=OrganisationId%20eq%201&$expand=Venues,Areas($select=Code)&$top=50",
        "/odata/Interventions?$filter=startswith(NameCy,'A')%20or%20LengthWeeks%20gt%2010&$orderby=LengthWeeks%20desc,Name&$top=30&$count=true&$select=Id,LengthWeeks",
    ];

    /// <summary>Filters answered by sets of listings (ReadModel/FacetQuery), not by evaluating the filter on each listing.</summary>
    public static readonly TheoryData<string> BySets =
    [
        // (Not the URLs of the pages above: the output cache would answer a repeat.)
        "/odata/Interventions?$filter=Purposes/any(p:p%20eq%20'behaviour-change')%20and%20Status%20eq%20'active'&$orderby=Name&$top=24&$count=true&$select=Id,Name",
        "/odata/Interventions?$filter=OrganisationId%20eq%201&$expand=Venues,Areas($select=Code)&$top=49",
        "/odata/Interventions/InArea(code='VR-NW')?$filter='men'%20eq%20Gender&$top=20&$count=true&$select=Id,Name,Gender",
        "/odata/Interventions/InArea(code='W06000002')?$filter=Languages/any(l:l%20eq%20'cy'%20or%20l%20eq%20'en')&$orderby=Name%20desc&$skip=3&$top=25&$select=Id,Name",
        "/odata/Interventions?$filter=AllWales%20or%20(SupportsPartners%20eq%20false%20and%20Format%20eq%20'group')&$orderby=LastVerified%20desc&$top=40&$count=true&$select=Id,LastVerified",
        "/odata/Interventions?$filter=OrganisationId%20eq%2099999999999&$count=true&$top=5&$select=Id",
        "/odata/Interventions?$filter=Status%20eq%20'nothing-like-this'%20or%20Id%20eq%203&$count=true&$top=5&$select=Id",
        "/odata/Interventions?$orderby=NameCy&$top=30&$count=true&$select=Id,NameCy",
        "/odata/Interventions/InArea(code='W06000015')?$filter=Stages/any(s:s%20eq%20'court-mandated')&$orderby=LengthWeeks&$top=30&$count=true&$select=Id,LengthWeeks",
        "/odata/Interventions?$search=respect&$top=19&$select=Id,Name",
        "/odata/Interventions?$search=SAMPLE%20AND%20NOT%20cardiff&$count=true&$top=30&$select=Id,Name",
        "/odata/Interventions/InArea(code='VR-NW')?$search=\"one-to-one%20sessions\"%20OR%20gr%C5%B5p&$filter=Status%20eq%20'active'&$orderby=Name&$count=true&$top=30&$select=Id,Name",
        "/odata/Interventions?$search=NOT%20(a%20OR%20e)&$count=true&$top=10&$select=Id",
        "/odata/Interventions/Near(latitude=51.6214,longitude=-3.9436,radiusKm=60)?$filter=Status%20eq%20'active'%20and%20Languages/any(l:l%20eq%20'cy')&$skip=2&$top=15&$count=true&$select=Id,DistanceKm,Status",
        "/odata/Interventions/Near(latitude=53.2559,longitude=-4.3106,radiusKm=40)?$search=sample&$top=10&$expand=Venues,Organisation($select=Name)",
        // ne keeps listings with no value (C# and EF Core alike); in is the map's own list request.
        "/odata/Interventions?$filter=Status%20ne%20'active'&$top=20&$count=true&$select=Id,Status",
        "/odata/Interventions?$filter=LengthWeeks%20ne%2012%20and%20SupportsPartners%20ne%20true&$top=30&$count=true&$select=Id,LengthWeeks,SupportsPartners",
        "/odata/Interventions?$filter=Id%20in%20(3,1,99999,2)&$select=Id,Name&$expand=Organisation($select=Name,NameCy),Venues,Areas($select=Code,NameEn,NameCy)&$top=4",
        "/odata/Interventions?$filter=Status%20ne%20'closed'%20and%20Format%20in%20('group','one-to-one')%20and%20Purposes/any(x:%20x%20eq%20'behaviour-change')&$top=25&$count=true&$select=Id,Format",
    ];

    /// <summary>Filters the sets do not answer (not, functions, nulls, navigation): OData's query chooses, and the page is still written here.</summary>
    public static readonly TheoryData<string> NotBySets =
    [
        "/odata/Interventions?$filter=not%20(Status%20eq%20'active')&$top=20&$count=true&$select=Id,Status",
        "/odata/Interventions?$filter=NameCy%20eq%20null&$top=20&$count=true&$select=Id",
        "/odata/Interventions?$filter=contains(Name,'Cardiff')%20and%20Status%20eq%20'active'&$top=20&$select=Id",
        "/odata/Interventions?$filter=Organisation/Name%20eq%20'x'&$top=20&$select=Id",
        "/odata/Interventions?$orderby=Status,Name&$top=20&$select=Id",
        "/odata/Interventions/Near(latitude=51.4816,longitude=-3.1791,radiusKm=50)?$filter=Status%20eq%20'active'&$orderby=Name&$top=20&$select=Id,Name,DistanceKm",
        "/odata/Interventions/Near(latitude=51.4816,longitude=-3.1791,radiusKm=50)?$filter=DistanceKm%20lt%205&$top=20&$select=Id,DistanceKm",
    ];

    [Theory]
    [MemberData(nameof(BySets))]
    public async Task Filters_answered_by_sets_match_the_database(string url)
    {
        await CompareAsync(app.CreateClient(), url, bySets: true);
    }

    [Theory]
    [MemberData(nameof(NotBySets))]
    public async Task Filters_the_sets_cannot_answer_are_left_to_OData_query(string url)
    {
        await CompareAsync(app.CreateClient(), url, bySets: false);
    }

    [Fact]
    public async Task A_provider_sees_its_own_overdue_listings_in_a_filtered_page_as_from_the_database()
    {
        var client = app.ClientAs(Roles.Provider, app.Known.OrganisationId);
        await CompareAsync(client, $"/odata/Interventions?$filter=Status%20eq%20'active'&$orderby=LastVerified&$top=50&$count=true&$select=Id,OrganisationId,LastVerified", bySets: true);
    }

    /// <summary>Shapes it leaves to OData (in memory): the answers must agree all the same.</summary>
    public static readonly TheoryData<string> LeftToOData =
    [
        "/odata/Interventions?$top=101&$select=Id",
        "/odata/Interventions?$top=5&$expand=Venues($filter=Name%20ne%20null)&$select=Id",
        "/odata/Interventions?$top=5&$expand=*",
        "/odata/Interventions?$top=5&$expand=Venues($top=1;$select=Name)",
        "/odata/Interventions?$top=5&$filter=Nonsense%20eq%201",
        "/odata/Interventions?$filter=Status%20eq%20'active'",
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

    private async Task CompareAsync(HttpClient client, string url, string? mustContain = null, bool written = true, bool? bySets = null)
    {
        await app.WaitForSnapshotAsync();
        var memory = await ReadModelPaths.GetAsync(app, client, url, fromDatabase: false);
        var database = await ReadModelPaths.GetAsync(app, client, url, fromDatabase: true);
        Assert.Equal(database.Status, memory.Status);
        Assert.True(memory.Status != 200 || memory.Served == 1, $"{url} was not answered from the snapshot (served {memory.Served})");
        Assert.True(memory.Status != 200 || memory.Written == (written ? 1 : 0), $"{url}: written directly {memory.Written} times");
        if (bySets is { } sets)
        {
            Assert.True(memory.BySets == (sets ? 1 : 0), $"{url}: rows chosen by sets {memory.BySets} times");
        }
        Assert.Equal(database.Format, memory.Format);
        Assert.Equal(database.Body, memory.Body);
        if (mustContain is not null)
        {
            Assert.Contains(mustContain, System.Text.Json.JsonDocument.Parse(memory.Body).RootElement.ToString());
        }
    }
}
