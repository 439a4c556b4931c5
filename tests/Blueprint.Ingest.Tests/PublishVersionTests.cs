using System.Data.Common;
using Blueprint.Data;
using Blueprint.Data.Freshness;
using Blueprint.Data.Persistence;
using Blueprint.Ingest.Publishing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Blueprint.Ingest.Tests;

/// <summary>A publish moves the data version in its own transaction (so other hosts refresh); a publish that fails moves nothing.</summary>
public class PublishVersionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_publish_moves_the_data_version_and_a_rolled_back_publish_does_not()
    {
        await using var t = await TestDb.CreateAsync();
        var first = await t.ImportAsync(t.WriteFile("first.csv", Csv.MsFormsFile(Csv.Row(name: "Published programme"))));
        var second = await t.ImportAsync(t.WriteFile("second.csv", Csv.MsFormsFile(Csv.Row(name: "Failed programme"))));
        var before = await VersionAsync(t);

        await using (var db = t.Open())
        {
            var report = await new SurveyPublisher(db).PublishAsync(first.ImportId, null, Ct);
            Assert.Equal(1, report.Created);
        }
        var afterPublish = await VersionAsync(t);
        Assert.True(afterPublish > before);

        // The batch fails after the listing and the version bump were written, before its commit.
        await using (var failing = new SqliteBlueprintDb(FailingOptions(t.ConnectionString)))
        {
            var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => new SurveyPublisher(failing).PublishAsync(second.ImportId, null, Ct));
            Assert.Equal(FailOnResponseUpdate.Message, failure.Message);
        }
        Assert.Equal(afterPublish, await VersionAsync(t));
        await using var check = t.Open();
        Assert.False(await check.Interventions.AnyAsync(i => i.Name == "Failed programme", Ct));
        Assert.True(await check.Interventions.AnyAsync(i => i.Name == "Published programme", Ct));
    }

    private static async Task<long> VersionAsync(TestDb t)
    {
        await using var db = t.Open();
        return await db.DataVersions.Where(v => v.Id == DataVersionRow.SingleId).Select(v => v.Value).SingleAsync(Ct);
    }

    private static DbContextOptions<SqliteBlueprintDb> FailingOptions(string connectionString)
    {
        var builder = new DbContextOptionsBuilder<SqliteBlueprintDb>();
        BlueprintDbFactory.Configure(builder, DatabaseOptions.Sqlite, connectionString);
        builder.AddInterceptors(new FailOnResponseUpdate());
        return builder.Options;
    }

    /// <summary>Fails the publisher's "mark the response published" update, which runs after SaveChanges in the same transaction.</summary>
    private sealed class FailOnResponseUpdate : DbCommandInterceptor
    {
        public const string Message = "Simulated failure before commit.";

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            command.CommandText.Contains("UPDATE \"SurveyResponses\"", StringComparison.Ordinal)
                ? throw new InvalidOperationException(Message)
                : base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }
}
