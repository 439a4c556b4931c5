using System.Collections.Concurrent;

namespace Blueprint.Ingest.Normalising;

/// <summary>
/// Remembers what a text meant. Survey answers repeat from row to row (the same options, places and
/// names), so each distinct text is worked out once. Bounded, so that a hostile file of all-different
/// texts costs memory for the first <c>limit</c> only; safe for the threads that normalise rows at once.
/// </summary>
public sealed class BoundedMemo<TValue>(int limit)
{
    private readonly ConcurrentDictionary<string, TValue> seen = new(StringComparer.Ordinal);
    private int count;

    /// <summary>What <paramref name="text"/> means, made with <paramref name="make"/>(<paramref name="state"/>, text) the first time (a static lambda: nothing allocated per call).</summary>
    public TValue Get<TState>(string text, TState state, Func<TState, string, TValue> make)
    {
        if (seen.TryGetValue(text, out var known))
        {
            return known;
        }
        var made = make(state, text);
        if (Volatile.Read(ref count) < limit && seen.TryAdd(text, made))
        {
            Interlocked.Increment(ref count);
        }
        return made;
    }
}
