using Blueprint.Api.Freshness;
using Blueprint.Data;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Blueprint.Api.ReadModel;

/// <summary>
/// Holds the current <see cref="DirectorySnapshot"/> (one volatile reference, swapped whole) and rebuilds
/// it in the background whenever the data version moves: a commit of this process (<see cref="LocalCommits"/>)
/// or of any other (<see cref="DataVersion"/>, polled). Readers never wait for a build.
/// <list type="bullet">
/// <item>After a commit of this process, requests go to the database until a snapshot whose build began
/// after that commit is in place: whoever writes through this host reads the change at once.</item>
/// <item>After a commit elsewhere, once the poll has seen the new version, requests go to the database until the
/// snapshot built at that version is in place: an answer from the older snapshot would otherwise be cached under
/// the new version (the output cache keys on it) and outlive the rebuild.</item>
/// <item>Until the first build, and when <c>ReadModel:Enabled</c> is false, every request goes to the database.</item>
/// </list>
/// </summary>
public sealed class DirectoryReadModel(IServiceScopeFactory scopes, DataVersion dataVersion, LocalCommits commits,
    IOptions<ReadModelOptions> options, ILogger<DirectoryReadModel> logger) : BackgroundService
{
    private volatile DirectorySnapshot? current;
    private readonly SemaphoreSlim wake = new(0);

    public bool Enabled => options.Value.Enabled;

    /// <summary>The snapshot requests may be answered from now, or null (database path).</summary>
    public DirectorySnapshot? Current =>
        !Paused && current is { } s && s.LocalCommits == commits.Count && s.Version >= dataVersion.Current ? s : null;

    /// <summary>Tests: sends every request to the database while set, to compare the two paths in one host.</summary>
    internal bool Paused { get; set; }

    private long served;

    /// <summary>How many requests the snapshot has answered (tests check that a comparison really compared).</summary>
    internal long Served => Interlocked.Read(ref served);

    internal void CountServed() => Interlocked.Increment(ref served);

    private long written;

    /// <summary>How many of those <see cref="DirectPage"/> wrote itself, without OData's query and serializer (tests).</summary>
    internal long Written => Interlocked.Read(ref written);

    internal void CountWritten() => Interlocked.Increment(ref written);

    private long chosenBySets;

    /// <summary>How many of those had their rows chosen by sets (<see cref="FacetQuery"/>) rather than by OData's query (tests).</summary>
    internal long ChosenBySets => Interlocked.Read(ref chosenBySets);

    internal void CountChosenBySets() => Interlocked.Increment(ref chosenBySets);

    /// <summary>The last snapshot built, current or not (diagnostics and tests).</summary>
    public DirectorySnapshot? Latest => current;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }
        commits.Committed += Wake;
        using var remote = ChangeToken.OnChange(dataVersion.GetChangeToken, Wake);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await RebuildAsync(stoppingToken);
                await wake.WaitAsync(stoppingToken);
                // Signals that arrived during the wait or the last build are all answered by one build.
                while (wake.CurrentCount > 0)
                {
                    await wake.WaitAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            commits.Committed -= Wake;
        }
    }

    private void Wake() => wake.Release();

    /// <summary>Builds and swaps in a new snapshot, unless the one in place is already at the database's version.</summary>
    internal async Task RebuildAsync(CancellationToken ct)
    {
        var localCommits = commits.Count;
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            if (current is { } old && old.LocalCommits == localCommits && old.Version == await SnapshotBuilder.VersionAsync(db, ct))
            {
                return;
            }
            var snapshot = await SnapshotBuilder.BuildAsync(db, localCommits, ct);
            current = snapshot;
            logger.LogInformation("Read model at data version {Version}: {Count} listings, built in {Ms} ms",
                snapshot.Version, snapshot.Interventions.Length, (long)snapshot.BuildTime.TotalMilliseconds);
        }
        catch (ObjectDisposedException)
        {
            // The host is going away under a running build (a start that failed to bind disposes the services): nothing to report.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The database path keeps answering (a local commit makes the old snapshot unusable); the next signal retries.
            logger.LogWarning(e, "Could not rebuild the read model; searches are answered from the database meanwhile");
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
            Wake();
        }
    }
}
