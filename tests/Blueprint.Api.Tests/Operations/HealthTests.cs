using System.Net;
using System.Text.Json;
using Blueprint.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Api.Tests.Operations;

/// <summary>
/// /health answers as it always did; /health/live says the process is up; /health/ready says whether this host can serve
/// the directory (database reachable, no migration pending, reference data loaded) and names what is wrong when not.
/// </summary>
public sealed class HealthTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    [Fact]
    public async Task A_healthy_host_is_live_and_ready_and_health_answers_as_before()
    {
        using var client = app.CreateClient();

        var health = await client.GetAsync("/health");
        var live = await client.GetAsync("/health/live");
        var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", (await Json(live)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var checks = (await Json(ready)).GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["database"] = "Healthy", ["migrations"] = "Healthy", ["reference-data"] = "Healthy" }, checks);
    }

    [Fact]
    public async Task Ready_is_503_naming_the_migrations_when_one_is_not_applied()
    {
        await using var own = new OwnDatabase(app);
        using var client = own.Host.CreateClient();
        var last = Db(own, db => db.Database.GetAppliedMigrations().Last());
        Db(own, db => db.Database.ExecuteSql($"DELETE FROM __EFMigrationsHistory WHERE MigrationId = {last}"));

        var ready = await client.GetAsync("/health/ready");
        var live = await client.GetAsync("/health/live");
        var health = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var failing = Failing(await Json(ready));
        Assert.Equal(["migrations"], failing.Keys);
        Assert.Contains(last, failing["migrations"]);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Ready_is_503_naming_the_reference_data_when_the_vocabularies_are_gone()
    {
        await using var own = new OwnDatabase(app);
        using var client = own.Host.CreateClient();
        Db(own, db => db.VocabularyTerms.ExecuteDelete());

        var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var failing = Failing(await Json(ready));
        Assert.Equal(["reference-data"], failing.Keys);
        Assert.Contains("0 of", failing["reference-data"]);
        Assert.Contains("vocabulary terms", failing["reference-data"]);
    }

    [Fact]
    public async Task Ready_is_503_naming_the_database_when_its_file_cannot_be_opened()
    {
        await using var own = new OwnDatabase(app);
        using var client = own.Host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        // The file is lost and something that is not a database stands in its place. The host's background
        // work may open (and so create) the file again between the delete and the directory: then try again.
        for (var attempt = 1; ; attempt++)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(own.Path);
            File.Delete(own.Path + "-wal");
            File.Delete(own.Path + "-shm");
            try
            {
                Directory.CreateDirectory(own.Path);
                break;
            }
            catch (IOException) when (attempt < 50)
            {
                await Task.Delay(20);
            }
        }

        var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("database", Failing(await Json(ready)).Keys);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    private static T Db<T>(OwnDatabase own, Func<BlueprintDb, T> use)
    {
        using var scope = own.Host.Services.CreateScope();
        return use(scope.ServiceProvider.GetRequiredService<BlueprintDb>());
    }

    private static Dictionary<string, string> Failing(JsonElement report)
    {
        Assert.Equal("Unhealthy", report.GetProperty("status").GetString());
        return report.GetProperty("checks").EnumerateArray()
            .Where(c => c.GetProperty("status").GetString() != "Healthy")
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("description").GetString() ?? "");
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
