using Blueprint.Data;
using Blueprint.Data.Geography;
using Blueprint.Data.Persistence;
using Blueprint.Api.Hosting;
using Blueprint.Data.Vocabularies;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Api.Tests.Persistence;

public sealed class StartupTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    [Fact]
    public async Task A_second_start_changes_nothing()
    {
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<BlueprintDb>();
        var before = (db.Organisations.Count(), db.Interventions.Count(), db.Areas.Count(), db.VocabularyTerms.Count());

        var changed = await DatabaseSetup.MigrateAndSeedReferenceDataAsync(db, services.GetRequiredService<AreaCatalog>(), services.GetRequiredService<VocabularyCatalog>());
        await ((IHost)app.Services.GetRequiredService<IHost>()).InitialiseDatabaseAsync();

        Assert.Equal(0, changed);
        Assert.Equal(before, (db.Organisations.Count(), db.Interventions.Count(), db.Areas.Count(), db.VocabularyTerms.Count()));
    }

    [Fact]
    public void The_sample_is_loaded_on_first_run()
    {
        var (organisations, interventions, hidden, approximate, allWales, welsh) = app.WithDb(db => (
            db.Organisations.Count(), db.Interventions.Count(),
            db.VenueRecords.Count(v => v.Visibility == "hidden"), db.VenueRecords.Count(v => v.Visibility == "approximate"),
            db.Interventions.Count(i => i.AllWales), db.Interventions.Count(i => i.Languages.Contains("cy"))));
        Assert.InRange(organisations, 20, 80);
        Assert.InRange(interventions, 200, 600);
        Assert.True(hidden > 0 && approximate > 0 && allWales > 0 && welsh > 0);
        Assert.Equal(40, app.WithDb(db => db.Areas.Count()));
    }
}
