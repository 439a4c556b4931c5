using Microsoft.Extensions.Primitives;

namespace Blueprint.Api.Freshness;

/// <summary>
/// The data version this host last saw in the database (<see cref="Blueprint.Data.Freshness.DataVersionRow"/>),
/// kept current by <see cref="DataVersionMonitor"/>. In-memory state built from the directory subscribes with
/// <c>ChangeToken.OnChange(dataVersion.GetChangeToken, rebuild)</c> instead of reading the database per request.
/// </summary>
public sealed class DataVersion
{
    private long current;
    private CancellationTokenSource changes = new();

    /// <summary>The last value seen (0 until the first poll).</summary>
    public long Current => Interlocked.Read(ref current);

    /// <summary>A token that fires once, the next time the version moves.</summary>
    public IChangeToken GetChangeToken() => new CancellationChangeToken(Volatile.Read(ref changes).Token);

    /// <summary>Records a newly read value; fires the change token when it differs from the last one.</summary>
    /// <returns>Whether the version moved.</returns>
    internal bool Advance(long value)
    {
        if (Interlocked.Exchange(ref current, value) == value)
        {
            return false;
        }
        // Tokens handed out before this moment fire; later callers get a fresh one.
        Interlocked.Exchange(ref changes, new CancellationTokenSource()).Cancel();
        return true;
    }
}
