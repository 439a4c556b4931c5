using Blueprint.Api.Tests.Persistence;
using Blueprint.Api.Tests.SqlServerCapture;
using Blueprint.Data;
using Blueprint.Data.Leases;
using Blueprint.Data.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Api.Tests.Hosts;

/// <summary>The lease that lets only one host run a once-only background job (decision 0042), on the shared fixture's database.</summary>
public sealed class JobLeaseTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    private static readonly DateTime T0 = new(2027, 1, 1, 9, 0, 0, DateTimeKind.Utc);

    private async Task<bool> Acquire(string job, string host, DateTime now, TimeSpan ttl)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await JobLease.TryAcquireAsync(scope.ServiceProvider.GetRequiredService<BlueprintDb>(), job, host, now, now + ttl);
    }

    [Fact]
    public async Task One_host_holds_a_job_until_it_stops_renewing_and_then_another_takes_it_over()
    {
        var job = $"test-{Guid.NewGuid():N}";
        var minute = TimeSpan.FromMinutes(1);

        Assert.True(await Acquire(job, "host-a", T0, minute));
        Assert.False(await Acquire(job, "host-b", T0.AddSeconds(1), minute));
        // The holder renews before expiry, so the other host still waits past the first expiry time.
        Assert.True(await Acquire(job, "host-a", T0.AddSeconds(50), minute));
        Assert.False(await Acquire(job, "host-b", T0.AddSeconds(70), minute));
        // Host A stops renewing: once its lease has expired, host B takes the job, and A is refused after that.
        Assert.True(await Acquire(job, "host-b", T0.AddSeconds(111), minute));
        Assert.False(await Acquire(job, "host-a", T0.AddSeconds(112), minute));

        // Giving the lease up hands it over at once.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await JobLease.ReleaseAsync(scope.ServiceProvider.GetRequiredService<BlueprintDb>(), job, "host-b", T0.AddSeconds(120));
        }
        Assert.True(await Acquire(job, "host-a", T0.AddSeconds(121), minute));
    }

    [Fact]
    public async Task Hosts_racing_for_a_new_job_end_with_exactly_one_holder()
    {
        var job = $"race-{Guid.NewGuid():N}";
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => Acquire(job, $"host-{i}", T0, TimeSpan.FromMinutes(5)))));

        Assert.Single(results, held => held);
        await using var scope = app.Services.CreateAsyncScope();
        var row = await scope.ServiceProvider.GetRequiredService<BlueprintDb>().JobLeases.AsNoTracking().SingleAsync(l => l.Name == job);
        Assert.Equal($"host-{Array.IndexOf(results, true)}", row.Holder);
    }

    [Fact]
    public async Task The_lease_statements_parse_as_SQL_Server_2016_and_name_only_what_the_migrations_create()
    {
        const string connection = "Server=capture.invalid;Database=Blueprint;Trusted_Connection=True;TrustServerCertificate=True;Connect Timeout=1";
        var captured = new CapturedCommands();
        var options = new DbContextOptionsBuilder<SqlServerBlueprintDb>();
        BlueprintDbFactory.Configure(options, DatabaseOptions.SqlServer, connection).AddInterceptors(captured);
        await using (var db = new SqlServerBlueprintDb(options.Options))
        {
            // The stand-in reports a row changed for every UPDATE, so the INSERT is run on its own.
            await JobLease.TryRenewAsync(db, "reminders", "host-a", T0, T0.AddHours(1));
            await JobLease.TryInsertAsync(db, "reminders", "host-a", T0.AddHours(1));
            await JobLease.ReleaseAsync(db, "reminders", "host-a", T0);
        }

        var schema = new TSqlCorpus();
        using (var db = BlueprintDbFactory.Create(DatabaseOptions.SqlServer, connection))
        {
            Assert.Empty(schema.LearnSchema(db.GetService<IMigrator>().GenerateScript()));
        }
        Assert.Equal(3, captured.All.Count);
        Assert.Contains(captured.All, c => c.Sql.Contains("INSERT INTO JobLeases", StringComparison.Ordinal));
        foreach (var (_, sql) in captured.All)
        {
            Assert.Empty(TSqlCorpus.Errors(sql, out var fragment));
            Assert.Empty(schema.Unknown(fragment));
        }
    }
}
