using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Blueprint.Api.Auth;
using Blueprint.Api.Tests.Persistence;
using Blueprint.Data;
using Blueprint.Data.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Api.Tests.SqlServerCapture;

/// <summary>
/// Every statement a corpus of real HTTP requests makes the API send to SQL Server, with no server: the host
/// runs on the SQL Server provider (compatibility level 130), <see cref="CapturedCommands"/> records each
/// command and answers it, and each statement is parsed by Microsoft's T-SQL parser for SQL Server 2016
/// (<see cref="TSqlCorpus"/>) and its tables and columns checked against the migration script. The vocabularies and the
/// staged survey answers are answered with real rows (<see cref="StandInTables"/>), so that writes run to their end, and
/// every command's parameters go through SqlClient's own checks (<see cref="SqlClientChecks"/>).
/// </summary>
public sealed class SqlServerCaptureTests(ITestOutputHelper output)
{
    private const string Connection = "Server=capture.invalid;Database=Blueprint;Trusted_Connection=True;TrustServerCertificate=True;Connect Timeout=1";

    /// <summary>Reads: the directory's OData (filters, ordering, expansion, paging, functions), the map, the analysts' sets and files.</summary>
    private static readonly string[] Reads =
    [
        "/odata/Interventions?$top=20",
        "/odata/Interventions?$filter=Purposes/any(x: x eq 'behaviour-change') and Status ne 'closed'&$orderby=Name&$top=10&$count=true",
        "/odata/Interventions?$filter=contains(Name,'men') or Languages/any(x: x eq 'cy')&$select=Id,Name&$skip=5&$top=5",
        "/odata/Interventions?$expand=Organisation($select=Name,NameCy),Venues,Areas($select=Code,NameEn,NameCy)&$top=5",
        "/odata/Interventions?$filter=Gender eq 'men' and WaitingTimeWeeks le 4&$orderby=LastVerified desc,Id&$top=3",
        "/odata/Interventions?$filter=Areas/any(a: a/Code eq 'W06000015')&$orderby=Id&$top=50",
        "/odata/Interventions/InArea(code='VR-CV')?$top=10&$select=Id,Name",
        "/odata/Interventions/Near(latitude=51.48,longitude=-3.18,radiusKm=10)?$top=5",
        "/odata/Interventions(1)?$expand=Organisation,Venues,Areas",
        "/odata/Organisations?$expand=Interventions($select=Id,Name;$top=3)&$top=5",
        "/odata/Organisations?$filter=startswith(Name,'A')&$orderby=Name&$count=true",
        "/odata/Venues?$filter=AreaCode eq 'W06000015'&$top=10",
        "/odata/Areas?$filter=Kind eq 'vawdasv-region'",
        "/odata/VocabularyTerms?$filter=Vocabulary eq 'purpose'&$orderby=SortOrder",
        "/api/geo/markers?area=W06000015&lang=cy&filter=" + "Purposes/any(x: x eq 'behaviour-change')",
        "/api/geo/counts?kind=local-authority",
        "/api/config",
        "/odata/survey/SurveyImports?$top=5",
        "/odata/survey/SurveyResponses?$filter=Outcome eq 'accepted'&$top=5",
        "/odata/survey/analysis/Rounds",
        "/odata/survey/analysis/ProvisionByArea?$filter=Round in (0,1) and Facet eq 'purpose'&$top=10",
        "/odata/survey/analysis/Gaps?$top=10",
        "/odata/survey/analysis/Access?publication=true",
        "/odata/survey/analysis/FundingRisk?$top=10",
        "/odata/survey/analysis/SearchDemand",
        "/api/analysis/provision.csv?publication=true",
        "/api/admin/stale",
        "/api/audit?intervention=1",
        "/api/listings/export",
    ];

    private static HttpClient As(HttpClient client, string role)
    {
        var auth = new AuthOptions { SigningKey = BlueprintApp.SigningKey };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            auth.MintToken($"capture {role}", [role], [1], DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(30)));
        return client;
    }

    /// <summary>A request a provider of organisation 1 sends (every other request is an administrator's).</summary>
    private static HttpRequestMessage ByProvider(HttpRequestMessage request)
    {
        request.Options.Set(Provider, true);
        return request;
    }

    private static readonly HttpRequestOptionsKey<bool> Provider = new("capture-provider");

    private static HttpRequestMessage Json(HttpMethod method, string url, object? body, bool ifMatch = false)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }
        if (ifMatch)
        {
            request.Headers.TryAddWithoutValidation("If-Match", Blueprint.Api.Listings.ListingVersions.ETagOf(1));
        }
        return request;
    }

    /// <summary>Writes: create, change and delete a listing and a venue record (every answer read back has version 1).</summary>
    private static IEnumerable<HttpRequestMessage> Writes() =>
    [
        Json(HttpMethod.Post, "/odata/Interventions", new
        {
            OrganisationId = 1, Name = "Captured listing", Status = "active", Purposes = new[] { "behaviour-change" },
            Languages = new[] { "en" }, Forms = new[] { "domestic-abuse" }, Areas = new[] { "W06000015" },
        }),
        Json(HttpMethod.Patch, "/odata/Interventions(1)", new
        {
            Name = "Captured change", WaitingTimeWeeks = 3, FundingEnds = (string?)null, ReferralPhone = (string?)null,
            ReferralEmail = (string?)null, ReferralUrl = (string?)null, Areas = new[] { "W06000015", "W06000014" },
        }, ifMatch: true),
        Json(HttpMethod.Post, "/odata/Interventions(1)/Verify", null),
        Json(HttpMethod.Post, "/odata/VenueRecords", new
        {
            InterventionId = 1, Name = "Captured venue", Address = "1 Street", Postcode = "CF10 1AA", Latitude = 51.48, Longitude = -3.18,
            Visibility = "exact",
        }),
        Json(HttpMethod.Patch, "/odata/VenueRecords(1)", new { Name = "Captured venue change" }, ifMatch: true),
        Json(HttpMethod.Delete, "/odata/VenueRecords(1)", null, ifMatch: true),
        Json(HttpMethod.Delete, "/odata/Interventions(1)", null, ifMatch: true),
        Upload(Imports.SurveyExport.ThreeRows(Imports.SurveyExport.NewMarker())),
        // Publishing the staged answers (StandInTables): a preview (rolled back), then for real: a new organisation, listing
        // and venue, an update of listing 1, and an older answer held as a conflict, which an administrator then overwrites.
        Json(HttpMethod.Post, "/api/imports/1/publish?preview=true", null),
        Json(HttpMethod.Post, PublishUrl, null),
        Json(HttpMethod.Post, "/api/imports/1/publish", new { responses = new[] { 3 }, overwriteNewer = new[] { 3 } }),
        // A provider's changes wait for approval (the stand-in organisation's setting): each is queued, nothing public changes.
        ByProvider(Json(HttpMethod.Post, "/odata/Interventions", new
        {
            OrganisationId = 1, Name = "Provider's new listing", Status = "active", Areas = new[] { "W06000015" },
        })),
        ByProvider(Json(HttpMethod.Patch, "/odata/Interventions(1)", new { Name = "Provider's change", WaitingTimeWeeks = 8 }, ifMatch: true)),
        ByProvider(Json(HttpMethod.Patch, "/odata/VenueRecords(1)", new { Name = "Provider's venue change" }, ifMatch: true)),
        ByProvider(Json(HttpMethod.Delete, "/odata/Interventions(1)", null, ifMatch: true)),
        ByProvider(Json(HttpMethod.Post, "/odata/Interventions(1)/Verify", null)),
        // An administrator decides: approves a queued change (applied to listing 1), rejects another, changes the organisation's setting.
        Json(HttpMethod.Post, "/api/moderation/1/approve", null),
        Json(HttpMethod.Post, "/api/moderation/2/reject", new { reason = "Already listed." }),
        Json(HttpMethod.Put, "/api/moderation/organisations/1", new { editsWaitForApproval = false }),
        // Survey rounds, a problem report and its closing, and the erasure of an import's personal data.
        Json(HttpMethod.Post, "/api/rounds", new { name = "Captured round", opensOn = "2027-01-01", closesOn = "2027-03-31" }),
        Json(HttpMethod.Put, "/api/rounds/1", new { name = "Captured round, changed", opensOn = "2027-01-01", closesOn = "2027-04-30" }),
        Json(HttpMethod.Post, $"/api/listings/{Guid.NewGuid()}/problems", new { category = "wrong-contact", details = "The number is wrong." }),
        Json(HttpMethod.Post, "/api/problems/1/close", new { status = "resolved", note = "Corrected." }),
        Json(HttpMethod.Delete, "/api/imports/1?force=true", null),
    ];

    /// <summary>The publish whose answer is checked: a query parameter the endpoint ignores gives it a key of its own.</summary>
    private const string PublishUrl = "/api/imports/1/publish?capture=all";

    /// <summary>A survey export uploaded through the API: parsed, normalised and staged by the command staging writer (SQL Server's).</summary>
    private static HttpRequestMessage Upload(string csv)
    {
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return new HttpRequestMessage(HttpMethod.Post, "/api/imports?round=1&profile=msforms-2023") { Content = new MultipartFormDataContent { { file, "file", "survey.csv" } } };
    }

    private const string ReadModelBuild = "read-model build";

    [Fact]
    public async Task Every_statement_of_the_request_corpus_parses_as_SQL_Server_2016_and_names_only_what_the_migrations_create()
    {
        var captured = new CapturedCommands();
        await using var shared = new BlueprintApp();
        await using var host = shared.WithWebHostBuilder(b =>
        {
            b.UseSetting("Database:Provider", DatabaseOptions.SqlServer);
            b.UseSetting("ConnectionStrings:Blueprint", Connection);
            b.UseSetting("Database:SeedSampleData", "false");
            b.UseSetting("SearchStatistics:FlushSeconds", "1");
            // The corpus's reads take the database path; the read model's own build is captured below.
            b.UseSetting("ReadModel:Enabled", "false");
            b.ConfigureServices(s => s.ConfigureDbContext<SqlServerBlueprintDb>(o => o.AddInterceptors(captured)));
        });
        host.Server.PreserveExecutionContext = true; // the request's name reaches the commands it causes
        var client = As(host.CreateClient(), Roles.Admin);
        var provider = As(host.CreateClient(), Roles.Provider);
        // A path that loops on the stand-in answers (a paged loop whose pages never end) fails in a minute, not 100 s each.
        client.Timeout = provider.Timeout = TimeSpan.FromSeconds(60);
        captured.Tables.Terms = host.Services.GetRequiredService<Blueprint.Data.Vocabularies.VocabularyCatalog>().Terms;

        var statuses = new List<(string Key, string Status)>();
        var publish = default(JsonElement);
        foreach (var request in Reads.Select(url => new HttpRequestMessage(HttpMethod.Get, url)).Concat(Writes()))
        {
            var byProvider = request.Options.TryGetValue(Provider, out var flag) && flag;
            var key = $"{(byProvider ? "provider: " : "")}{request.Method} {request.RequestUri}";
            captured.Request.Value = key;
            var response = await (byProvider ? provider : client).SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            statuses.Add((key, $"{(int)response.StatusCode} {Shorten(body)}"));
            if (key.EndsWith(PublishUrl, StringComparison.Ordinal))
            {
                publish = JsonDocument.Parse(body).RootElement;
            }
        }
        captured.Request.Value = ReadModelBuild;
        using (var scope = host.Services.CreateScope())
        {
            await Blueprint.Api.ReadModel.SnapshotBuilder.BuildAsync(scope.ServiceProvider.GetRequiredService<BlueprintDb>(), 0, CancellationToken.None);
        }
        captured.Request.Value = null;

        var schema = new TSqlCorpus();
        using (var db = BlueprintDbFactory.Create(DatabaseOptions.SqlServer, Connection))
        {
            Assert.Empty(schema.LearnSchema(db.GetService<IMigrator>().GenerateScript()));
        }
        var problems = new List<string>();
        var statements = 0;
        foreach (var (request, sql) in captured.All)
        {
            var errors = TSqlCorpus.Errors(sql, out var fragment);
            if (errors.Count > 0)
            {
                problems.Add($"{request}: {string.Join("; ", errors)}\n{sql}");
                continue;
            }
            foreach (var statement in ((Microsoft.SqlServer.TransactSql.ScriptDom.TSqlScript)fragment).Batches.SelectMany(b => b.Statements))
            {
                statements++;
                // The migration's own DDL (run at start) is what the schema is learnt from; the rest is checked against it.
                var ddl = new DdlFinder();
                statement.Accept(ddl);
                if (!ddl.Found && schema.Unknown(statement) is { Count: > 0 } unknown)
                {
                    problems.Add($"{request}: names {string.Join(", ", unknown)}\n{sql}");
                }
            }
        }
        var byRequest = captured.All.Where(c => c.Request != "host").GroupBy(c => c.Request).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"{captured.All.Count} commands ({statements} statements) from {byRequest.Count} requests of {statuses.Count}, "
            + $"{captured.All.Count(c => c.Request == "host")} of them from start-up and background work:");
        foreach (var (key, status) in statuses)
        {
            output.WriteLine($"  [{byRequest.GetValueOrDefault(key)} commands] {key} → {status}");
        }

        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
        // Every parameter of every command passes SqlClient's own checks (those of Prepare too, where a command is prepared).
        output.WriteLine($"{captured.ParametersChecked} parameters checked by SqlClient's own parameter validation.");
        Assert.True(captured.Refusals.Count == 0, string.Join("\n\n", captured.Refusals.Select(r => $"{r.Request}: {r.Refusal}\n{r.Sql}")));
        // Every request ran to its end on the stand-in answers, so its whole path (writes included) was captured.
        Assert.All(statuses, s => Assert.StartsWith("2", s.Status, StringComparison.Ordinal));
        // The corpus reached the database on every path it names: reads, and writes of listings and venues.
        var all = string.Join("\n", captured.All.Select(c => c.Sql));
        Assert.Contains("FROM [Interventions]", all);
        Assert.Contains("INSERT INTO [Interventions]", all);
        Assert.Contains("UPDATE [Interventions]", all);
        Assert.Contains("[VenueRecords]", all);
        Assert.Contains("FROM [SurveyResponses]", all);
        // The survey upload's staging: the command staging writer's prepared multi-row INSERT, through the stand-in connection.
        Assert.Contains(captured.All, c => c.Request.EndsWith("/api/imports?round=1&profile=msforms-2023", StringComparison.Ordinal)
            && c.Sql.StartsWith("INSERT INTO [SurveyResponses]", StringComparison.Ordinal));

        // The survey publish ran to its writes: a new organisation, listing and venue, an update, a conflict held back.
        Assert.Equal((1, 1, 1), (publish.GetProperty("created").GetInt32(), publish.GetProperty("updated").GetInt32(), publish.GetProperty("conflicts").GetArrayLength()));
        Assert.Contains(captured.All, c => c.Request.EndsWith(PublishUrl, StringComparison.Ordinal) && c.Sql.Contains("INSERT INTO [Organisations]", StringComparison.Ordinal));
        Assert.Contains(captured.All, c => c.Request.EndsWith(PublishUrl, StringComparison.Ordinal) && c.Sql.Contains("INSERT INTO [VenueRecords]", StringComparison.Ordinal));
        Assert.Contains(captured.All, c => c.Request.EndsWith(PublishUrl, StringComparison.Ordinal) && c.Sql.StartsWith("UPDATE [s]", StringComparison.Ordinal)
            && c.Sql.Contains("FROM [SurveyResponses] AS [s]", StringComparison.Ordinal));
        // Providers' changes were queued and an administrator's decisions stored.
        Assert.Contains("INSERT INTO [ModerationItems]", all);
        Assert.Contains("UPDATE [ModerationItems]", all);

        Assert.True(byRequest.Count >= 50, $"only {byRequest.Count} requests reached the database");
        // The in-memory read model's build (decision 0046) reads the directory through the same provider.
        Assert.Contains(captured.All, c => c.Request == ReadModelBuild && c.Sql.Contains("FROM [Interventions]", StringComparison.Ordinal));
    }

    /// <summary>Finds a CREATE, ALTER or DROP anywhere in a statement (the migration wraps some in IF … BEGIN … END).</summary>
    private sealed class DdlFinder : Microsoft.SqlServer.TransactSql.ScriptDom.TSqlFragmentVisitor
    {
        public bool Found { get; private set; }

        public override void Visit(Microsoft.SqlServer.TransactSql.ScriptDom.TSqlStatement node) =>
            Found |= node.GetType().Name is var type && (type.StartsWith("Create", StringComparison.Ordinal)
                || type.StartsWith("Alter", StringComparison.Ordinal) || type.StartsWith("Drop", StringComparison.Ordinal));
    }

    private static string Shorten(string text) => text.Length > 160 ? text[..160] + "…" : text;
}
