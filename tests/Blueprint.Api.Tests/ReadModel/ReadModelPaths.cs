using Blueprint.Api.ReadModel;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Api.Tests.ReadModel;

/// <summary>Answers a URL by both paths of one host: the read model's snapshot, then the database (read model paused).</summary>
internal static class ReadModelPaths
{
    public static DirectoryReadModel ReadModel(this BlueprintApp app) => app.Services.GetRequiredService<DirectoryReadModel>();

    /// <summary>Waits (generously) until the snapshot is current, so the next requests are answered from it.</summary>
    public static async Task WaitForSnapshotAsync(this BlueprintApp app)
    {
        var readModel = app.ReadModel();
        readModel.Paused = false;
        await Freshness.Freshness.Until(() => Task.FromResult(readModel.Current is not null), "the read model's snapshot to be current");
    }

    /// <summary>An answer: status, body, how many requests the snapshot served, and the headers that say the body's format.</summary>
    public sealed record Answer(int Status, string Body, long Served, string Format = "", long Written = 0, long BySets = 0);

    public static async Task<Answer> GetAsync(BlueprintApp app, HttpClient client, string url, bool fromDatabase)
    {
        var readModel = app.ReadModel();
        readModel.Paused = fromDatabase;
        try
        {
            var before = readModel.Served;
            var writtenBefore = readModel.Written;
            var setsBefore = readModel.ChosenBySets;
            var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            var format = $"{response.Content.Headers.ContentType}; OData-Version {string.Join(",", response.Headers.TryGetValues("OData-Version", out var v) ? v : [])}";
            return new Answer((int)response.StatusCode, body, readModel.Served - before, format, readModel.Written - writtenBefore,
                readModel.ChosenBySets - setsBefore);
        }
        finally
        {
            readModel.Paused = false;
        }
    }
}
