using System.Text.Json;
using Blueprint.Api.Freshness;
using Blueprint.Data;
using Blueprint.Data.Directory;
using Blueprint.Data.Freshness;
using Blueprint.Data.Persistence;
using Blueprint.Data.Survey;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Api.Tests.Freshness;

/// <summary>A change made by another process reaches every host's cached answers within seconds (the data version).</summary>
public sealed class DataVersionTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A context of its own on the server's SQLite file, as the command line or a second server would open.</summary>
    private BlueprintDb OtherProcessDb() =>
        BlueprintDbFactory.Create(DatabaseOptions.Sqlite, app.WithDb(db => db.Database.GetConnectionString())!);

    [Fact]
    public async Task A_write_by_another_context_reaches_the_cached_route_within_seconds()
    {
        var marker = $"ZZFRESH{Guid.NewGuid():N}";
        var url = $"/odata/Interventions/InArea(code='W06000015')?$filter=startswith(Name,'{marker}')&$select=Name";
        await app.WaitForDataVersionAsync();
        Assert.Empty(await NamesAsync(url)); // now cached, empty

        await using (var other = OtherProcessDb())
        {
            other.Interventions.Add(new Intervention
            {
                Name = marker + " published elsewhere", OrganisationId = app.Known.OrganisationId, AllWales = true,
                LastVerified = new DateOnly(2026, 11, 1),
            });
            await other.SaveChangesAsync(Ct);
        }

        await Freshness.Until(async () => (await NamesAsync(url)).Count == 1, "the new listing on the cached route");
    }

    [Fact]
    public async Task A_directory_write_moves_the_version_in_its_own_transaction_and_a_rolled_back_one_does_not()
    {
        await using var db = OtherProcessDb();
        var before = await VersionAsync(db);

        await using (var tx = await db.Database.BeginTransactionAsync(Ct))
        {
            var org = new Organisation { Name = "ZZROLLBACK Organisation", Type = "other" };
            db.Organisations.Add(org);
            await db.SaveChangesAsync(Ct);
            Assert.Equal(before + 1, await VersionAsync(db)); // moved inside the transaction …
            await tx.RollbackAsync(Ct);
        }
        db.ChangeTracker.Clear();
        Assert.Equal(before, await VersionAsync(db));        // … and rolled back with it
        Assert.False(await db.Organisations.AnyAsync(o => o.Name == "ZZROLLBACK Organisation", Ct));

        db.Organisations.Add(new Organisation { Name = "ZZKEPT Organisation", Type = "other" });
        await db.SaveChangesAsync(Ct);
        Assert.Equal(before + 1, await VersionAsync(db));
    }

    [Fact]
    public async Task Survey_staging_writes_leave_the_version_alone()
    {
        await using var db = OtherProcessDb();
        var before = await VersionAsync(db);
        db.SurveyImports.Add(new SurveyImport { FileName = "x.csv", FileHash = Guid.NewGuid().ToString("N"), Encoding = "utf-8", Profile = "msforms-2023", ImportedBy = "test", RoundId = SurveyRound.BeforeRoundsId });
        await db.SaveChangesAsync(Ct);
        Assert.Equal(before, await VersionAsync(db));
    }

    [Fact]
    public async Task The_change_token_fires_when_another_process_moves_the_version()
    {
        await app.WaitForDataVersionAsync();
        var version = app.Services.GetRequiredService<DataVersion>();
        var token = version.GetChangeToken();
        var before = version.Current;

        await using (var other = OtherProcessDb())
        {
            var term = await other.VocabularyTerms.FirstAsync(Ct);
            term.SortOrder += 1000; // a reference data change
            await other.SaveChangesAsync(Ct);
        }

        await Freshness.Until(() => Task.FromResult(token.HasChanged), "the change token");
        Assert.True(version.Current > before);
    }

    private static Task<long> VersionAsync(BlueprintDb db) =>
        db.DataVersions.AsNoTracking().Where(v => v.Id == DataVersionRow.SingleId).Select(v => v.Value).SingleAsync(Ct);

    private async Task<List<string>> NamesAsync(string url)
    {
        var json = await app.GetJsonAsync(url);
        return json.GetProperty("value").EnumerateArray().Select(v => v.GetProperty("Name").GetString()!).ToList();
    }
}
