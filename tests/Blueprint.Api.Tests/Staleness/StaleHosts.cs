using Blueprint.Api.Freshness;
using Blueprint.Data;
using Blueprint.Data.Directory;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Api.Tests.Staleness;

[CollectionDefinition(Name)]
public sealed class StalenessCollection : ICollectionFixture<StaleHosts>
{
    public const string Name = "Staleness";
}

/// <summary>A clock the tests move by hand.</summary>
public sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
    public DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);
}

/// <summary>
/// The test host with a fixed clock (<see cref="Clock"/>, starting on <see cref="Day"/>) and an organisation
/// of listings at known distances from the stale and hide lines (default settings: 183 + 92 days).
/// </summary>
public sealed class StaleHosts : IAsyncLifetime
{
    public static readonly DateOnly Day = new(2027, 6, 1);
    public const int StaleAfterDays = 183, HideAfterOverdueDays = 92;

    private readonly BlueprintApp app = new();
    private readonly string keys = Path.Combine(Path.GetTempPath(), $"blueprint-keys-{Guid.NewGuid():N}");
    public BlueprintApp App => app;
    public TestClock Clock { get; } = new(new DateTimeOffset(2027, 6, 1, 9, 0, 0, TimeSpan.Zero));
    public WebApplicationFactory<Program> Host { get; private set; } = null!;

    public int OrganisationId { get; private set; }
    public int FreshId { get; private set; }
    public int StaleId { get; private set; }
    public int OverdueId { get; private set; }
    /// <summary>Verified exactly on the last day it is still shown: hidden from the next day on.</summary>
    public int OnTheLineId { get; private set; }
    public Guid OverdueVenue { get; private set; }
    public const string Prefix = "ZZSTALE";
    public const string Email = "listings@zzstale.example";

    public async ValueTask InitializeAsync()
    {
        await app.InitializeAsync();
        Host = app.WithWebHostBuilder(b =>
        {
            b.UseSetting("Listings:HideOverdue", "true");
            b.UseSetting("DataProtection:KeysFolder", keys);
            b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
        });
        var lastShown = Day.AddDays(-StaleAfterDays - HideAfterOverdueDays);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            var cardiff = await db.Areas.SingleAsync(a => a.Code == "W06000015");
            var org = new Organisation { Name = Prefix + " Organisation", NameCy = Prefix + " Sefydliad", Type = "specialist-third-sector", Email = Email };
            var fresh = Listing(" Fresh", Day.AddDays(-10), cardiff);
            var stale = Listing(" Stale", Day.AddDays(-StaleAfterDays - 1), cardiff);
            var overdue = Listing(" Overdue", lastShown.AddDays(-1), cardiff);
            var venue = overdue.AddVenue(new VenueRecord
            {
                Name = Prefix + " Overdue venue", Address = "1 Stale Street", Latitude = 51.4816, Longitude = -3.1791,
                AreaCode = "W06000015", Visibility = VenueVisibility.Exact,
            });
            var onTheLine = Listing(" On the line", lastShown, cardiff);
            org.Interventions.AddRange([fresh, stale, overdue, onTheLine]);
            db.Organisations.Add(org);
            await db.SaveChangesAsync();
            (OrganisationId, FreshId, StaleId, OverdueId, OnTheLineId, OverdueVenue) = (org.Id, fresh.Id, stale.Id, overdue.Id, onTheLine.Id, venue.PublicId);
        }
        _ = Host.Server;
    }

    private static Intervention Listing(string name, DateOnly verified, Blueprint.Data.Geography.Area area) => new()
    {
        Name = Prefix + name, NameCy = Prefix + " (cy)" + name, Status = "active", Languages = ["en"],
        Areas = [area], LastVerified = verified, Source = "editor",
    };

    public HttpClient ClientAs(string? role, int? organisationId = null) => BlueprintApp.WithToken(Host.CreateClient(), role, organisationId);

    /// <summary>Waits until the clocked host has seen the data version now stored, so no eviction in flight can hide a cache mistake.</summary>
    public async Task SettleAsync()
    {
        var stored = app.WithDb(db => db.DataVersions.AsNoTracking().Single().Value);
        var seen = Host.Services.GetRequiredService<DataVersion>();
        await Freshness.Freshness.Until(() => Task.FromResult(seen.Current == stored), $"the clocked host to see data version {stored}");
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await app.DisposeAsync();
        if (Directory.Exists(keys))
        {
            Directory.Delete(keys, recursive: true);
        }
    }
}
