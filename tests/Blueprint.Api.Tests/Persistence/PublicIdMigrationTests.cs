using Blueprint.Data.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Blueprint.Api.Tests.Persistence;

/// <summary>Upgrading a database made before public ids gives every existing record its own random id, and starts the data version.</summary>
public sealed class PublicIdMigrationTests
{
    private const string BeforePublicIds = "20261123160439_SurveyStaging";

    [Fact]
    public async Task Existing_records_get_distinct_random_public_ids_and_a_venue_face_shares_its_records()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(Path.GetTempPath(), $"blueprint-migration-{Guid.NewGuid():N}.db");
        try
        {
            await using (var db = BlueprintDbFactory.Create(DatabaseOptions.Sqlite, $"Data Source={path};Pooling=False"))
            {
                await db.GetService<IMigrator>().MigrateAsync(BeforePublicIds, ct);
                const string Lists = "'[]', '[]', '[]', '[]', '[]', '[]', '[]', '[]', '[]', '[]', '[]'";
                await db.Database.ExecuteSqlRawAsync($"""
                    INSERT INTO Organisations (Id, Name, Type, CreatedAt, UpdatedAt, Version) VALUES (1, 'Old Org', 'other', '2026-01-01', '2026-01-01', 1), (2, 'Old Org 2', 'other', '2026-01-01', '2026-01-01', 1);
                    INSERT INTO Interventions (Id, OrganisationId, Name, Purposes, Forms, Settings, Stages, AgeBands, CohortGroups, RiskLevels, ReferralRoutes, Languages, Accreditations, FundingSources, Status, AllWales, LastVerified, Source, CreatedAt, UpdatedAt, Version)
                        VALUES (1, 1, 'Old listing', {Lists}, 'active', 1, '2026-01-01', 'editor', '2026-01-01', '2026-01-01', 1),
                               (2, 2, 'Old listing 2', {Lists}, 'active', 1, '2026-01-01', 'editor', '2026-01-01', '2026-01-01', 1);
                    INSERT INTO VenueRecords (Id, InterventionId, Visibility) VALUES (1, 1, 'exact'), (2, 1, 'hidden'), (3, 2, 'approximate');
                    INSERT INTO Venues (Id, InterventionId, Visibility) VALUES (1, 1, 'exact'), (3, 2, 'approximate');
                    """, ct);
                await db.Database.MigrateAsync(ct);
            }

            await using (var db = BlueprintDbFactory.Create(DatabaseOptions.Sqlite, $"Data Source={path};Pooling=False"))
            {
                var records = await db.VenueRecords.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.PublicId, ct);
                var faces = await db.Venues.AsNoTracking().ToDictionaryAsync(v => v.Id, v => v.PublicId, ct);
                var organisations = await db.Organisations.AsNoTracking().Select(o => o.PublicId).ToListAsync(ct);
                var interventions = await db.Interventions.AsNoTracking().Select(i => i.PublicId).ToListAsync(ct);

                var all = records.Values.Concat(organisations).Concat(interventions).ToList();
                Assert.Equal(7, all.Count);
                Assert.Equal(all.Count, all.Distinct().Count());
                Assert.DoesNotContain(Guid.Empty, all);
                Assert.All(all, id => Assert.Equal(4, id.Version));
                Assert.Equal(records[1], faces[1]);
                Assert.Equal(records[3], faces[3]);
                Assert.Equal(1, await db.DataVersions.Select(v => v.Value).SingleAsync(ct));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(path + suffix);
            }
        }
    }
}
