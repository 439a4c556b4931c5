using System.Text.Json;
using Blueprint.Api.Auth;
using Blueprint.Api.Tests.OData;

namespace Blueprint.Api.Tests.ReadModel;

/// <summary>
/// The read model answers exactly as the database does: each URL of the directory's OData query corpus
/// (the URLs the OData, region and distance tests use, plus paging, $search, $count, $expand, $select
/// and $apply cases) is asked of one host twice, from the snapshot and from the database, and the two
/// answers must be the same bytes: rows, order, values, @odata.count and next links. Next links are
/// followed to the end on both paths.
/// </summary>
public sealed class ReadModelEquivalenceTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    /// <summary>URLs answered from the snapshot. {cardiff}, {gwynedd}, {allWales} and {org} are the known records' ids.</summary>
    public static readonly TheoryData<string> Corpus =
    [
        "/odata/Interventions",
        "/odata/Interventions?$top=1",
        "/odata/Interventions?$top=5&$select=Name",
        "/odata/Interventions?$top=50",
        "/odata/Interventions?$select=Id",
        "/odata/Interventions?$count=true&$top=3&$select=Id,Name",
        "/odata/Interventions?$top=500&$skip=100",
        "/odata/Interventions?orderby=Name&select=Id,Name&top=150",
        "/odata/Interventions?$orderby=Name desc,Id&$top=120&$select=Id,Name",
        "/odata/Interventions?$orderby=NameCy&$select=Id,NameCy",
        "/odata/Interventions?$orderby=LastVerified desc,Name&$select=Id,LastVerified&$top=200",
        "/odata/Interventions?$orderby=WaitingTimeWeeks,PlacesPerYear desc&$select=Id,WaitingTimeWeeks,PlacesPerYear",
        "/odata/Interventions?$orderby=length(NameCy) desc,Id&$select=Id&$top=150",
        "/odata/Interventions?$orderby=Organisation/Name,Id&$select=Id&$top=150",
        "/odata/Interventions?$filter=startswith(Name,'ZZKNOWN')&$select=Name",
        "/odata/Interventions?$filter=startswith(Name,'zzknown')&$select=Name",
        "/odata/Interventions?$filter=startswith(NameCy,'ZZHYSBYS')&$select=Name,NameCy",
        "/odata/Interventions?$filter=NameCy eq null&$select=Id&$count=true",
        "/odata/Interventions?$filter=Name gt 'M' and Name lt 'b'&$select=Name&$orderby=Name",
        "/odata/Interventions?$filter=tolower(Name) eq 'zzknown all wales helpline'&$select=Id",
        "/odata/Interventions?$filter=contains(Name,'men') or Languages/any(x: x eq 'cy')&$select=Id,Name&$skip=5&$top=5",
        "/odata/Interventions?$filter=Gender eq 'men' and WaitingTimeWeeks le 4&$orderby=LastVerified desc,Id&$top=3",
        "/odata/Interventions?$filter=Purposes/any(x: x eq 'behaviour-change') and Status ne 'closed'&$orderby=Name&$top=10&$count=true",
        "/odata/Interventions?$filter=Areas/any(a: a/Code eq 'W06000015')&$orderby=Id&$top=50",
        "/odata/Interventions?$filter=Venues/any(v:v/Latitude gt 52)&$select=Id",
        "/odata/Interventions?$filter=Venues/all(v:v/Visibility eq 'exact')&$select=Id&$count=true",
        "/odata/Interventions?$filter=Organisation/Type eq 'probation-hmpps'&$select=Id,OrganisationId",
        "/odata/Interventions?$filter=FundingEnds lt 2027-01-01&$select=Id,FundingEnds",
        "/odata/Interventions?$filter=SupportsPartners eq null&$select=Id",
        "/odata/Interventions?$filter=year(LastVerified) eq 2026&$count=true&$top=0",
        "/odata/Interventions?$filter=substring(NameCy,1) eq 'ZHYSBYS Rhaglen Caerdydd'&$select=Id",
        "/odata/Interventions?$filter=concat(NameCy,'x') eq 'x'&$select=Id",
        "/odata/Interventions?$filter=indexof(DescriptionCy,'a') eq 1&$select=Id",
        "/odata/Interventions?$filter=length(ReferralUrl) gt 10&$select=Id,ReferralUrl",
        "/odata/Interventions?$filter=OrganisationId eq {org}&$expand=Venues,Areas($select=Code,NameEn)",
        "/odata/Interventions?$filter=startswith(Name,'ZZKNOWN')&$expand=Venues&$orderby=Id",
        "/odata/Interventions?$filter=startswith(Name,'ZZKNOWN')&$select=Name&$expand=Venues($select=Name,Address,Latitude,Longitude,Postcode)",
        "/odata/Interventions?$expand=Organisation($select=Name,NameCy),Venues,Areas($select=Code,NameEn,NameCy)&$top=5",
        "/odata/Interventions?$top=100&$expand=Organisation($select=Name,NameCy),Venues&$count=true",
        "/odata/Interventions?$expand=Venues&$top=400",
        "/odata/Interventions?$expand=*&$top=30",
        "/odata/Interventions?$expand=Venues($top=1),Areas($orderby=Code desc;$top=2)&$top=60",
        "/odata/Interventions?$expand=Areas($count=true;$filter=Kind eq 'local-authority')&$top=40",
        "/odata/Interventions?$expand=Organisation($select=Name)&$filter=Organisation/Name ne null&$orderby=Id desc&$top=20",
        "/odata/Interventions?$search=gwasanaeth AND zzhysbys&$select=Name",
        "/odata/Interventions?$search=respect&$select=Id,Name&$count=true",
        "/odata/Interventions?$search=men OR women&$select=Id&$orderby=Id&$top=120",
        "/odata/Interventions?$search=NOT programme&$select=Id&$count=true",
        "/odata/Interventions?$search=\"all wales\"&$select=Id",
        "/odata/Interventions?$apply=groupby((Status),aggregate($count as Total))",
        "/odata/Interventions?$apply=groupby((Gender,Format))&$top=500",
        "/odata/Interventions?$apply=aggregate(PlacesPerYear with sum as Places,WaitingTimeWeeks with max as Longest)",
        "/odata/Interventions?$apply=groupby((OrganisationId),aggregate(PlacesPerYear with average as Mean))&$orderby=OrganisationId",
        "/odata/Interventions?$skiptoken=k1.not-base64!",
        "/odata/Interventions?$filter=NoSuchProperty eq 1",
        "/odata/Interventions?$orderby=NoSuchProperty",
        "/odata/Interventions?$top=1000000000",
        "/odata/Interventions?$expand=VenueRecords",
        "/odata/Interventions?$select=VenueRecords",
        "/odata/Interventions/InArea(code='W06000015')?$select=Name&$top=5",
        "/odata/Interventions/InArea(code='W06000015')?$top=50&$count=true&$select=Id,Name,NameCy,OrganisationId,Status,AllWales,Format,LastVerified",
        "/odata/Interventions/InArea(code='VR-NW')?$top=50&$count=true&$select=Id,Name,NameCy,OrganisationId,Status,AllWales,Format,LastVerified",
        "/odata/Interventions/InArea(code='VR-NW')",
        "/odata/Interventions/InArea(code='VR-CV')?$top=10&$select=Id,Name",
        "/odata/Interventions/InArea(code='W15000003')?$filter=startswith(Name,'ZZKNOWN')&$select=Name",
        "/odata/Interventions/InArea(code='w06000002')?$select=Name",
        "/odata/Interventions/InArea(code='W92000004')?$count=true&$top=1&$select=Id",
        "/odata/Interventions/InArea(code='W06000015')?$filter=Languages/any(l:l eq 'cy')&$orderby=Name desc&$top=3&$count=true&$select=Name,Languages",
        "/odata/Interventions/InArea(code='W06000015')?$expand=Venues&$top=500",
        "/odata/Interventions/InArea(code='W06000015')?$top=500&$expand=Organisation",
        "/odata/Interventions/InArea(code='W06000015')?$search=respect&$count=true&$select=Id",
        "/odata/Interventions/InArea(code='VR-NW')?$orderby=Name&$select=Id,Name&$top=40",
        "/odata/Interventions/InArea(code='VR-SW')?$apply=groupby((Format),aggregate($count as N))",
        "/odata/Interventions/InArea(code='VR-NW')?$apply=groupby((Format),aggregate($count as N))",
        "/odata/Interventions/Near(latitude=51.4816,longitude=-3.1791,radiusKm=25)?$apply=groupby((Status),aggregate($count as N))",
        "/odata/Interventions/InArea(code='W06999999')",
        "/odata/Interventions/InArea(code='')",
        "/odata/Interventions/Near(latitude=51.48,longitude=-3.18,radiusKm=10)?$top=5",
        "/odata/Interventions/Near(latitude=51.4816,longitude=-3.1791,radiusKm=10)?$top=50&$select=Id,Name,NameCy,OrganisationId,Status,AllWales,Format,LastVerified,DistanceKm",
        "/odata/Interventions/Near(latitude=51.4816,longitude=-3.1791,radiusKm=15)",
        "/odata/Interventions/Near(latitude=51.4816,longitude=-3.1791,radiusKm=15)?$select=Name,DistanceKm&$top=500",
        "/odata/Interventions/Near(latitude=51.4816,longitude=-3.1791,radiusKm=20)?$expand=Venues",
        "/odata/Interventions/Near(latitude=51.4816,longitude=-3.1791,radiusKm=25)?$count=true&$filter=Status eq 'active'&$select=Id,DistanceKm",
        "/odata/Interventions/Near(latitude=51.4816,longitude=-3.1791,radiusKm=5)?$filter=startswith(NameCy,'ZZHYSBYS')&$select=Name,NameCy",
        "/odata/Interventions/Near(latitude=51.51234,longitude=-3.20987,radiusKm=2)?$expand=Venues",
        "/odata/Interventions/Near(latitude=53.22111,longitude=-4.13222,radiusKm=2)?$expand=Venues",
        "/odata/Interventions/Near(latitude=53.2559,longitude=-4.3106,radiusKm=20)?$filter=startswith(Name,'ZZKNOWN')&$select=Id,DistanceKm",
        "/odata/Interventions/Near(latitude=52.4,longitude=-3.6,radiusKm=100)?$orderby=Name&$select=Id,Name,DistanceKm&$skip=10&$top=150",
        "/odata/Interventions/Near(latitude=51.6,longitude=-3.4,radiusKm=40)?$search=programme&$select=Id,DistanceKm",
        "/odata/Interventions/Near(latitude=abc,longitude=1,radiusKm=1)",
        "/odata/Interventions/Near(latitude=51.5,longitude=-3.2,radiusKm=500)",
        // The map's markers and counts, filters as the map writes them and as anyone may.
        "/api/geo/markers?area=VR-NW&lang=en&names=false",
        "/api/geo/markers?area=vr-nw&lang=cy",
        "/api/geo/markers?area=W06000015&lang=en&filter=Status ne 'closed'",
        "/api/geo/markers?area=W06000015&filter=startswith(NameCy,'Gr') or WaitingTimeWeeks gt 4",
        "/api/geo/markers?area=W06000002&filter=Languages/any(l:l eq 'cy') and contains(tolower(ReferralEmail),'a')",
        "/api/geo/markers?lang=cy&limit=7",
        "/api/geo/markers?area=W06000015&filter=Nope eq 1",
        "/api/geo/markers?area=XX&lang=en",
        "/api/geo/counts?kind=local-authority",
        "/api/geo/counts?kind=vawdasv-region&filter=Status ne 'closed'",
        "/api/geo/counts?kind=local-authority&filter=contains(NameCy,'Grŵp') or length(ReferralPhone) gt 5",
        "/api/geo/counts?kind=health-board&filter=Gender eq 'men'",
        "/api/geo/areas?kind=police-force-area&filter=Status eq 'active'",
    ];

    /// <summary>URLs the database answers either way (the snapshot stands aside): the comparison still holds.</summary>
    public static readonly TheoryData<string> DatabaseOnly =
    [
        "/odata/Interventions?$filter=PlacesPerYear div 0 eq 1&$select=Id",
        "/odata/Interventions?$orderby=PlacesPerYear mod 0,Id&$select=Id&$top=5",
        "/odata/Interventions?$top=20&$expand=Organisation($expand=Interventions($top=5;$select=Id))&$select=Id",
        "/odata/Interventions?includeDeleted=true&$select=Id&$top=5",
        "/odata/Interventions?$filter=matchesPattern(Name,'^Z.*')",
        "/api/geo/markers?area=W06000015&filter=WaitingTimeWeeks div 0 eq 1",
        "/api/geo/counts?kind=local-authority&filter=PlacesPerYear mod 0 eq 1",
    ];

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task The_snapshot_answers_as_the_database_does(string url)
    {
        await CompareAsync(app.CreateClient(), Resolve(url), expectSnapshot: true);
    }

    [Theory]
    [MemberData(nameof(DatabaseOnly))]
    public async Task Queries_the_snapshot_cannot_answer_go_to_the_database(string url)
    {
        await CompareAsync(app.CreateClient(), Resolve(url), expectSnapshot: false);
    }

    [Theory]
    [InlineData(Roles.Provider)]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.Analyst)]
    public async Task Signed_in_callers_are_answered_from_the_snapshot_as_from_the_database(string role)
    {
        var client = app.ClientAs(role, role == Roles.Provider ? app.Known.OrganisationId : null);
        foreach (var url in new[]
        {
            "/odata/Interventions?$filter=startswith(Name,'ZZKNOWN')&$expand=Venues&$orderby=Id",
            "/odata/Interventions/InArea(code='VR-NW')?$top=50&$count=true&$select=Id,Name",
            "/odata/Interventions/Near(latitude=51.4816,longitude=-3.1791,radiusKm=15)?$select=Id,DistanceKm",
            "/api/geo/markers?area=VR-WG&lang=en",
            "/api/geo/counts?kind=local-authority&filter=Status ne 'closed'",
        })
        {
            await CompareAsync(client, url, expectSnapshot: true);
        }
    }

    /// <summary>The hardening suite's hostile queries (issue 8): no 5xx and whole JSON from the snapshot too, and where both paths answer, the same answer.</summary>
    [Fact]
    public async Task Hostile_queries_get_the_same_answers_from_the_snapshot()
    {
        var client = app.CreateClient();
        await app.WaitForSnapshotAsync();
        var problems = new List<string>();
        var type = QueryGrid.TypeOf(QueryGrid.Directory, "Interventions");
        foreach (var route in new[] { "/odata/Interventions", "/odata/Interventions/InArea(code='VR-NW')", "/odata/Interventions/Near(latitude=51.48,longitude=-3.18,radiusKm=30)" })
        {
            foreach (var query in QueryGrid.Queries(type, isCollection: true))
            {
                var url = route + "?" + query;
                if (await QueryAnswers.ProblemAsync(client, url) is { } problem)
                {
                    problems.Add(problem);
                    continue;
                }
                var memory = await ReadModelPaths.GetAsync(app, client, url, fromDatabase: false);
                var database = await ReadModelPaths.GetAsync(app, client, url, fromDatabase: true);
                if (memory.Status != database.Status || memory.Body != database.Body)
                {
                    problems.Add($"{url}: snapshot {memory.Status} {Short(memory.Body)} / database {database.Status} {Short(database.Body)}");
                }
            }
        }
        Assert.Empty(problems);
    }

    private async Task CompareAsync(HttpClient client, string start, bool expectSnapshot)
    {
        await app.WaitForSnapshotAsync();
        string? url = start;
        for (var page = 0; url is not null && page < 20; page++)
        {
            var memory = await ReadModelPaths.GetAsync(app, client, url, fromDatabase: false);
            var database = await ReadModelPaths.GetAsync(app, client, url, fromDatabase: true);
            Assert.True(database.Served == 0, "the paused read model answered");
            // Refusals made before the action runs (validation, unknown area, bad point) never reach either path.
            if (expectSnapshot && memory.Status == 200)
            {
                Assert.True(memory.Served == 1, $"{url} was not answered from the snapshot");
            }
            else if (!expectSnapshot)
            {
                Assert.True(memory.Served == 0, $"{url} was answered from the snapshot");
            }
            Assert.True(memory.Status == database.Status, $"{url}: snapshot {memory.Status} {Short(memory.Body)}, database {database.Status} {Short(database.Body)}");
            if (memory.Body != database.Body)
            {
                var at = Enumerable.Range(0, Math.Min(memory.Body.Length, database.Body.Length)).FirstOrDefault(i => memory.Body[i] != database.Body[i]);
                Assert.Fail($"{url}: the answers differ at character {at}:\n snapshot …{Around(memory.Body, at)}…\n database …{Around(database.Body, at)}…");
            }
            url = NextLink(memory.Body);
        }
    }

    private string Resolve(string url) => url
        .Replace("{cardiff}", app.Known.CardiffId.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .Replace("{gwynedd}", app.Known.GwyneddId.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .Replace("{allWales}", app.Known.AllWalesId.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .Replace("{org}", app.Known.OrganisationId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static string? NextLink(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("@odata.nextLink", out var next)
                ? new Uri(next.GetString()!).PathAndQuery
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Around(string text, int at) => text[Math.Max(0, at - 80)..Math.Min(text.Length, at + 80)];

    private static string Short(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
