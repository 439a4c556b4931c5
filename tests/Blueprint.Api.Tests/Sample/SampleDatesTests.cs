using Blueprint.Data.Sample;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Tests.Sample;

/// <summary>The synthetic sample is as fresh on the day it is loaded as on the day it was made: its dates move with the calendar.</summary>
public sealed class SampleDatesTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    [Fact]
    public void Seeding_moves_every_verification_date_on_by_the_days_since_the_sample_was_made()
    {
        var sample = SampleDirectory.Load(Path.Combine(Blueprint.Data.Geography.DataFiles.DefaultRoot(), "data", "sample", "directory.json"));
        Assert.NotNull(sample.AsOf);
        var days = DateOnly.FromDateTime(DateTime.UtcNow).DayNumber - sample.AsOf!.Value.DayNumber;
        var expected = sample.Organisations.SelectMany(o => o.Interventions).Select(i => i.Intervention.LastVerified.AddDays(days)).Order().ToList();

        var stored = app.WithDb(db => db.Interventions.IgnoreQueryFilters().AsNoTracking()
            .Where(i => i.SourceReference == "synthetic sample").Select(i => i.LastVerified).ToList()).Order().ToList();

        Assert.Equal(expected.Count, stored.Count);
        // A day's slack: the host may have seeded just before midnight UTC.
        Assert.All(expected.Zip(stored), pair => Assert.InRange(pair.Second.DayNumber - pair.First.DayNumber, -1, 0));
        Assert.Contains(stored, d => DateOnly.FromDateTime(DateTime.UtcNow).DayNumber - d.DayNumber <= 170);
    }
}
