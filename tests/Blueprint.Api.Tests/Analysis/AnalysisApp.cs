using Blueprint.Data;
using Blueprint.Data.Directory;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Api.Tests.Analysis;

/// <summary>
/// The test host over a small fixed directory whose figures are worked out by hand in <see cref="Fixed"/>:
/// no sample, "today" fixed at <see cref="Today"/>, and counts of 1 suppressed for publication (threshold 2).
/// </summary>
public sealed class AnalysisApp : IAsyncLifetime
{
    public static readonly DateOnly Today = new(2026, 6, 1);
    public const int SuppressBelow = 2;

    private readonly BlueprintApp shared = new();
    private readonly string dbPath = Path.Combine(Path.GetTempPath(), $"blueprint-analysis-{Guid.NewGuid():N}.db");

    public WebApplicationFactory<Program> Host { get; private set; } = null!;
    public Fixed Ids { get; private set; } = null!;

    public ValueTask InitializeAsync()
    {
        Host = shared.WithWebHostBuilder(b =>
        {
            b.UseSetting("ConnectionStrings:Blueprint", $"Data Source={dbPath}");
            b.UseSetting("Database:SeedSampleData", "false");
            b.UseSetting("Analysis:SuppressBelow", SuppressBelow.ToString(System.Globalization.CultureInfo.InvariantCulture));
            b.ConfigureServices(s => s.AddSingleton<TimeProvider>(new FixedClock(new DateTimeOffset(Today.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero))));
        });
        using var scope = Host.Services.CreateScope();
        Ids = Fixed.Add(scope.ServiceProvider.GetRequiredService<BlueprintDb>());
        return ValueTask.CompletedTask;
    }

    public HttpClient ClientAs(string? role) => BlueprintApp.WithToken(Host.CreateClient(), role);

    public T WithDb<T>(Func<BlueprintDb, T> use)
    {
        using var scope = Host.Services.CreateScope();
        return use(scope.ServiceProvider.GetRequiredService<BlueprintDb>());
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await shared.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(dbPath + suffix);
        }
    }
}

/// <summary>
/// Six listings, four of them active. Cardiff (W06000015, 383,536 residents) is served by A, B and the
/// all-Wales C; the Vale of Glamorgan by B and C; Gwynedd by D and C; the Isle of Anglesey by C alone.
/// E (paused) and F (closed) serve Cardiff and count nowhere.
/// </summary>
public sealed record Fixed(int A, int B, int C, int D)
{
    public const string Cardiff = "W06000015", Vale = "W06000014", Gwynedd = "W06000002", Anglesey = "W06000001",
        CardiffAndVale = "VR-CV", Wales = "W92000004";

    public static Fixed Add(BlueprintDb db)
    {
        var areas = db.Areas.ToDictionary(a => a.Code);
        var org = new Organisation { Name = "Fixed Analysis Organisation", Type = "specialist-third-sector" };
        Intervention New(string name, params string[] localAuthorities)
        {
            var i = new Intervention
            {
                Name = name, Status = "active", LastVerified = new DateOnly(2026, 5, 1),
                Areas = localAuthorities.Select(c => areas[c]).ToList(),
            };
            org.Interventions.Add(i);
            return i;
        }
        var a = New("A Cardiff men's group", Cardiff);
        a.Purposes = ["behaviour-change"]; a.Gender = "men"; a.Languages = ["en", "cy"]; a.Format = "group";
        a.WaitingTimeWeeks = 4; a.PlacesPerYear = 40; a.ReferralRoutes = ["self", "police"]; a.Accreditations = ["respect"];
        a.Evaluation = "independent"; a.FundingSources = ["welsh-government"]; a.FundingEnds = new DateOnly(2026, 9, 1); a.FundingStatus = "fixed-term";

        var b = New("B Cardiff and Vale risk service", Cardiff, Vale);
        b.Purposes = ["behaviour-change", "manage-risk"]; b.Gender = "men"; b.Languages = ["en"]; b.Format = "one-to-one";
        b.WaitingTimeWeeks = 10; b.PlacesPerYear = 20; b.ReferralRoutes = ["probation"];
        b.Evaluation = "none"; b.FundingSources = ["pcc", "home-office"]; b.FundingEnds = new DateOnly(2027, 3, 1); b.FundingStatus = "fixed-term";

        var c = New("C All Wales online prevention");
        c.AllWales = true;
        c.Purposes = ["prevent-first-instance"]; c.Gender = "all"; c.Languages = ["en", "cy"]; c.Format = "online";
        c.PlacesPerYear = 100; c.ReferralRoutes = ["self"]; c.Accreditations = ["none"]; c.Evaluation = "internal"; c.FundingStatus = "unknown";

        var d = New("D Gwynedd women's programme", Gwynedd);
        d.Purposes = ["behaviour-change"]; d.Gender = "women"; d.Languages = ["cy"]; d.Format = "group";
        d.WaitingTimeWeeks = 2; d.PlacesPerYear = 12; d.ReferralRoutes = ["self"]; d.Accreditations = ["wg-standards"];
        d.FundingSources = ["welsh-government"]; d.FundingStatus = "ongoing";

        var e = New("E Paused Cardiff service", Cardiff);
        e.Status = "paused"; e.Purposes = ["hold-to-account"]; e.Gender = "women";
        var f = New("F Closed Cardiff service", Cardiff);
        f.Status = "closed"; f.Purposes = ["hold-to-account"]; f.Gender = "women";

        db.Organisations.Add(org);
        // No sample here, so no sample round: uploads need a round open on the day.
        db.SurveyRounds.Add(new Blueprint.Data.Survey.SurveyRound { Name = "Analysis test round", OpensOn = new DateOnly(2020, 1, 1), ClosesOn = new DateOnly(2099, 12, 31) });
        db.SaveChanges();
        return new Fixed(a.Id, b.Id, c.Id, d.Id);
    }
}

/// <summary>A clock that always says the same time.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
