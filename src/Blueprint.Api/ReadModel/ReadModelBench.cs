using Blueprint.Data;

namespace Blueprint.Api.ReadModel;

/// <summary>
/// <c>GET /bench/read-model</c>, mapped only when <c>Bench:Enabled</c> is true (bench/readmodel/run.sh):
/// builds one more snapshot between two full collections and reports its size on the managed heap and
/// its build time, with the background model's own last build time.
/// </summary>
public static class ReadModelBench
{
    public static void MapReadModelBench(this WebApplication app)
    {
        if (!app.Configuration.GetValue<bool>("Bench:Enabled"))
        {
            return;
        }
        app.MapGet("/bench/read-model", async (BlueprintDb db, DirectoryReadModel readModel, CancellationToken ct) =>
        {
            var before = GC.GetTotalMemory(forceFullCollection: true);
            var snapshot = await SnapshotBuilder.BuildAsync(db, 0, ct);
            var after = GC.GetTotalMemory(forceFullCollection: true);
            GC.KeepAlive(snapshot);
            return Results.Json(new
            {
                snapshot.Version,
                Interventions = snapshot.Interventions.Length,
                Bytes = after - before,
                BuildMs = Math.Round(snapshot.BuildTime.TotalMilliseconds, 1),
                BackgroundBuildMs = readModel.Latest is { } latest ? Math.Round(latest.BuildTime.TotalMilliseconds, 1) : (double?)null,
                Serving = readModel.Current is not null,
            });
        });
    }
}
