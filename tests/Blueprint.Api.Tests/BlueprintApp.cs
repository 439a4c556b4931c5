using System.Net.Http.Headers;
using System.Text.Json;
using Blueprint.Api.Auth;
using Blueprint.Data;
using Blueprint.Data.Directory;
using Blueprint.Data.Geography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Api.Tests;

/// <summary>
/// The real host over a fresh SQLite file, seeded with the synthetic sample plus a few known records
/// (<see cref="Known"/>) that tests assert on. One per test class (xunit class fixture).
/// </summary>
public class BlueprintApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public static readonly string SigningKey = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("blueprint-tests-signing-key-32by"));

    private readonly string dbPath = Path.Combine(Path.GetTempPath(), $"blueprint-test-{Guid.NewGuid():N}.db");

    /// <summary>Where this host's mail goes (no SMTP in tests): read it to follow an invitation, a reset or a reminder.</summary>
    public string MailFolder { get; } = Path.Combine(Path.GetTempPath(), $"blueprint-mail-{Guid.NewGuid():N}");

    public KnownRecords Known { get; private set; } = null!;

    /// <summary>Whether this host keeps the in-memory read model (on, as in production, unless a fixture says otherwise).</summary>
    protected virtual bool ReadModel => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Configure(builder, dbPath, MailFolder);
        if (!ReadModel)
        {
            builder.UseSetting("ReadModel:Enabled", "false");
        }
    }

    private static void Configure(IWebHostBuilder builder, string dbPath, string mailFolder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Blueprint", $"Data Source={dbPath}");
        builder.UseSetting("Auth:SigningKey", SigningKey);
        builder.UseSetting("Mail:PickupFolder", mailFolder);
        builder.UseSetting("Mail:SmtpHost", "");
        builder.UseSetting("Web:Root", Path.Combine(Path.GetTempPath(), "blueprint-no-front-end"));
        // No rate limits and no row cap, so no test meets a 429 or has a probing query refused for its size;
        // the limits' own tests (tests/Blueprint.Api.Tests/Limits) turn them on.
        builder.UseSetting("RateLimits:Enabled", "false");
        builder.UseSetting("RateLimits:MaxExpandedRows", "0");
        // Records made by tests carry any LastVerified, and the sample's dates age with the calendar: overdue
        // listings stay public and no hourly reminder run writes mail here; the staleness tests
        // (tests/Blueprint.Api.Tests/Staleness) turn both on.
        builder.UseSetting("Listings:HideOverdue", "false");
        builder.UseSetting("Listings:SendReminders", "false");
        // Passwords hashed with fewer PBKDF2 rounds than Identity's 100,000: the same hasher and format (the count is
        // stored in each hash, so verifying follows it), at a fraction of the CPU on every sign-in, reset and lockout
        // test. Production keeps Identity's default; the built-host tests run the shipped settings.
        builder.ConfigureServices(s => s.Configure<PasswordHasherOptions>(o => o.IterationCount = 1_000));
        // Wales's areas, boundaries and simplified outlines built once per test process, not once per host: they are
        // immutable and thread-safe, and building them cost each host start about 1.7 of its 2 CPU-seconds (decision 0054).
        builder.ConfigureTestServices(SharedGeography.Use);
    }

    public async ValueTask InitializeAsync()
    {
        // A copy of a database already migrated and seeded by a first start of the same host: this host then finds
        // nothing pending and the sample already there, as on a second start. It saves each test class the
        // migrations and the sample load; a first start that fails still fails every test, through the template.
        File.Copy(await SeededTemplate.Value, dbPath);
        _ = Server; // start the host: nothing to migrate or seed
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        Known = await KnownRecords.AddAsync(db, scope.ServiceProvider.GetRequiredService<AreaLocator>());
    }

    /// <summary>The fresh database every fixture starts from, made once per test run by a host of its own.</summary>
    private static readonly Lazy<Task<string>> SeededTemplate = new(async () =>
    {
        var path = Path.Combine(Path.GetTempPath(), $"blueprint-test-template-{Environment.ProcessId}-{Guid.NewGuid():N}.db");
        await using (var first = new TemplateHost(path))
        {
            _ = first.Server; // migrates and loads the sample
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); // the last connection's close folds the WAL into the file
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(path);
        return path;
    });

    /// <summary>The same settings as every fixture, over the template's file.</summary>
    private sealed class TemplateHost(string path) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder) => Configure(builder, path, Path.Combine(Path.GetTempPath(), $"blueprint-mail-{Guid.NewGuid():N}"));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(MailFolder))
        {
            Directory.Delete(MailFolder, recursive: true);
        }
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(dbPath + suffix);
        }
    }

    public T WithDb<T>(Func<BlueprintDb, T> use)
    {
        using var scope = Services.CreateScope();
        return use(scope.ServiceProvider.GetRequiredService<BlueprintDb>());
    }

    /// <summary>A client carrying a bearer token for a role (null: anonymous).</summary>
    public HttpClient ClientAs(string? role, int? organisationId = null) => WithToken(CreateClient(), role, organisationId);

    /// <summary>Gives a client (of this or a derived factory, see WithWebHostBuilder) a bearer token for a role (null: none).</summary>
    public static HttpClient WithToken(HttpClient client, string? role, int? organisationId = null)
    {
        if (role is not null)
        {
            var auth = new AuthOptions { SigningKey = SigningKey };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
                auth.MintToken($"test-{role}", [role], organisationId, TimeSpan.FromMinutes(10)));
        }
        return client;
    }

    public async Task<JsonElement> GetJsonAsync(string url, HttpClient? client = null)
    {
        var response = await (client ?? CreateClient()).GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url} → {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }
}

/// <summary>
/// <see cref="BlueprintApp"/> with the read model off (decision 0050): for test classes that never ask the searches it
/// answers (<c>/odata/Interventions</c>, <c>InArea</c>, <c>Near</c>) yet write the directory, where each write would
/// only make the host rebuild a snapshot no test reads.
/// </summary>
public sealed class DatabaseOnlyApp : BlueprintApp
{
    protected override bool ReadModel => false;
}

/// <summary>Records with distinctive names, one venue of each visibility, in known places.</summary>
public sealed record KnownRecords(int OrganisationId, int OtherOrganisationId, int CardiffId, int AllWalesId, int GwyneddId, int HiddenOnlyId)
{
    /// <summary>Strings that must never reach a caller who is not entitled to them.</summary>
    public const string HiddenVenueName = "ZZSECRET Refuge Co-location";
    public const string HiddenAddress = "ZZSECRET 1 Hidden Lane";
    public const string ApproximateAddress = "ZZAPPROX 9 Quiet Road";
    public const double HiddenLatitude = 51.51234, HiddenLongitude = -3.20987;
    public const double ApproxLatitude = 53.22111, ApproxLongitude = -4.13222;

    public static async Task<KnownRecords> AddAsync(BlueprintDb db, AreaLocator geography)
    {
        var areas = await db.Areas.ToDictionaryAsync(a => a.Code);
        var org = new Organisation { Name = "Known Test Organisation", Type = "specialist-third-sector" };
        var other = new Organisation { Name = "Other Test Organisation", Type = "probation-hmpps" };

        var cardiff = New("ZZKNOWN Cardiff Respect Programme", "ZZHYSBYS Rhaglen Caerdydd", ["cy", "en"]);
        cardiff.Areas = [areas["W06000015"]];
        cardiff.AddVenue(Located(geography, new VenueRecord
        {
            Name = "ZZKNOWN Cardiff Hub", Address = "1 Known Street, Cardiff", Postcode = "CF10 1AA",
            Latitude = 51.4816, Longitude = -3.1791, Visibility = VenueVisibility.Exact,
        }));
        cardiff.AddVenue(Located(geography, new VenueRecord
        {
            Name = HiddenVenueName, Address = HiddenAddress, Postcode = "CF14 9ZZ",
            Latitude = HiddenLatitude, Longitude = HiddenLongitude, Visibility = VenueVisibility.Hidden,
        }));
        org.Interventions.Add(cardiff);

        var allWales = New("ZZKNOWN All Wales Helpline", null, ["en"]);
        allWales.AllWales = true;
        org.Interventions.Add(allWales);

        var gwynedd = New("ZZKNOWN Gwynedd Approximate Service", "ZZHYSBYS Gwasanaeth Gwynedd", ["cy"]);
        gwynedd.Areas = [areas["W06000002"]];
        gwynedd.AddVenue(Located(geography, new VenueRecord
        {
            Name = "ZZAPPROX Bangor venue", Address = ApproximateAddress, Postcode = "LL57 9ZZ",
            Latitude = ApproxLatitude, Longitude = ApproxLongitude, Visibility = VenueVisibility.Approximate,
        }));
        other.Interventions.Add(gwynedd);

        var hiddenOnly = New("ZZKNOWN Hidden Only Service", null, ["en"]);
        hiddenOnly.Areas = [areas["W06000015"]];
        hiddenOnly.AddVenue(Located(geography, new VenueRecord
        {
            Name = HiddenVenueName + " 2", Address = HiddenAddress + " 2",
            Latitude = HiddenLatitude, Longitude = HiddenLongitude, Visibility = VenueVisibility.Hidden,
        }));
        other.Interventions.Add(hiddenOnly);

        db.Organisations.AddRange(org, other);
        await db.SaveChangesAsync();
        return new KnownRecords(org.Id, other.Id, cardiff.Id, allWales.Id, gwynedd.Id, hiddenOnly.Id);
    }

    private static Intervention New(string name, string? nameCy, List<string> languages) => new()
    {
        Name = name, NameCy = nameCy, Description = $"{name}: a test record.", Languages = languages,
        Purposes = ["behaviour-change"], Forms = ["domestic-abuse"], RiskLevels = ["high"], Status = "active",
        LastVerified = new DateOnly(2026, 10, 1), Source = "editor",
    };

    private static VenueRecord Located(AreaLocator geography, VenueRecord record)
    {
        record.AreaCode = geography.LocalAuthorityAt(record.Latitude!.Value, record.Longitude!.Value)?.Code;
        return record;
    }
}
