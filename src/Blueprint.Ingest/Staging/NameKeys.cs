using System.Collections.Concurrent;

namespace Blueprint.Ingest.Staging;

/// <summary>
/// Organisation and intervention names turned into <see cref="ListingMatcher"/> keys, remembered:
/// names repeat from row to row (an organisation's several interventions, duplicate submissions) and
/// making a key folds accents, case and punctuation. Bounded; shared by the normalising threads.
/// </summary>
internal sealed class NameKeys
{
    private const int Limit = 8192;
    private readonly ConcurrentDictionary<string, string> organisations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> interventions = new(StringComparer.Ordinal);
    private int count;

    public string Organisation(string name) => Get(organisations, name, ListingMatcher.OrganisationKey);

    public string Intervention(string name) => Get(interventions, name, ListingMatcher.NameKey);

    private string Get(ConcurrentDictionary<string, string> memo, string name, Func<string, string> key)
    {
        if (memo.TryGetValue(name, out var known))
        {
            return known;
        }
        var made = key(name);
        if (Volatile.Read(ref count) < Limit && memo.TryAdd(name, made))
        {
            Interlocked.Increment(ref count);
        }
        return made;
    }
}
