using Blueprint.Api.Freshness;
using Blueprint.Data;
using Blueprint.Data.Freshness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Api.Tests.Freshness;

/// <summary>Helpers for tests that depend on when the host notices a data version.</summary>
public static class Freshness
{
    /// <summary>A deadline generous enough for a loaded 2-core machine; the poll itself runs every second.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    public static long StoredVersion(this BlueprintApp app) =>
        app.WithDb(db => db.DataVersions.AsNoTracking().Single(v => v.Id == DataVersionRow.SingleId).Value);

    /// <summary>Waits until the host has seen the version now stored (so no pending eviction can surprise a cache test).</summary>
    public static async Task WaitForDataVersionAsync(this BlueprintApp app)
    {
        var stored = app.StoredVersion();
        var seen = app.Services.GetRequiredService<DataVersion>();
        await Until(() => Task.FromResult(seen.Current == stored), $"the host to see data version {stored} (it has {seen.Current})");
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or <see cref="Deadline"/> passes.</summary>
    public static async Task Until(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited {Deadline.TotalSeconds} s for {what}.");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
