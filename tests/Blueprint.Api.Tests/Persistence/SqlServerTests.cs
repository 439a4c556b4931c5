using Blueprint.Api.Interventions;
using Blueprint.Data.Geography;
using Blueprint.Data.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Blueprint.Api.Tests.Persistence;

/// <summary>
/// SQL Server cannot run on these machines; what can be checked without a server is checked here:
/// the model, the migration script, and the SQL the region and distance queries translate to.
/// </summary>
public sealed class SqlServerTests
{
    private static SqlServerBlueprintDb Db() => (SqlServerBlueprintDb)BlueprintDbFactory.Create(DatabaseOptions.SqlServer, "Server=localhost;Database=Blueprint;Trusted_Connection=True;TrustServerCertificate=True");

    [Fact]
    public void The_migration_script_creates_every_table_with_SQL_Server_types_and_the_spatial_indexes()
    {
        using var db = Db();
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        foreach (var table in new[] { "Interventions", "Organisations", "Venues", "VenueRecords", "Areas", "VocabularyTerms", "InterventionArea" })
        {
            Assert.Contains($"CREATE TABLE [{table}]", script);
        }
        Assert.Contains("nvarchar(max)", script);
        Assert.Contains("IX_Venues_Latitude_Longitude", script);
        Assert.Contains("IX_InterventionArea_AreaCode_InterventionId", script);
        Assert.DoesNotContain("AUTOINCREMENT", script);
    }

    [Fact]
    public void The_SQL_Server_migrations_match_the_model()
    {
        using var db = Db();
        Assert.False(db.Database.HasPendingModelChanges(), "the model has changed since the last SQL Server migration: add one");
        using var sqlite = BlueprintDbFactory.Create(DatabaseOptions.Sqlite, "Data Source=:memory:");
        Assert.False(sqlite.Database.HasPendingModelChanges(), "the model has changed since the last SQLite migration: add one");
    }

    [Fact]
    public void Region_search_translates_to_an_indexed_IN_subquery_on_SQL_Server()
    {
        using var db = Db();
        var sql = InterventionsController.InArea(db, ["W06000001", "W06000002"]).ToQueryString();
        Assert.Contains("[i].[AllWales] = CAST(1 AS bit)", sql);
        Assert.Contains("[i].[Id] IN (", sql);
        Assert.Contains("FROM [InterventionArea]", sql);
        Assert.DoesNotContain("[Areas]", sql);
        Assert.Contains("IN (@codes1, @codes2)", sql);
    }

    [Fact]
    public void Distance_prefilter_translates_to_a_latitude_longitude_range_on_SQL_Server()
    {
        using var db = Db();
        var box = Spatial.BoundingBox(51.48, -3.18, 10);
        var sql = DistanceSearch.VenuesInBox(db.Venues, box, ["W06000015"]).ToQueryString();
        Assert.Contains("[v].[Latitude] >= @", sql);
        Assert.Contains("[v].[Longitude] <= @", sql);
        Assert.Contains("[v].[Visibility] = N'exact'", sql);
    }

    [Fact]
    public void Haversine_in_LINQ_translates_on_SQL_Server_too()
    {
        using var db = Db();
        double lat = 51.48, lon = -3.18;
        const double rad = Math.PI / 180;
        var sql = db.Venues.Where(v => v.Latitude != null)
            .Select(v => 2 * Spatial.EarthRadiusKm * Math.Asin(Math.Sqrt(
                Math.Pow(Math.Sin((v.Latitude!.Value - lat) * rad / 2), 2)
                + Math.Cos(lat * rad) * Math.Cos(v.Latitude!.Value * rad) * Math.Pow(Math.Sin((v.Longitude!.Value - lon) * rad / 2), 2))))
            .ToQueryString();
        Assert.Contains("ASIN(SQRT(", sql);
        Assert.Contains("POWER(SIN(", sql);
    }
}
