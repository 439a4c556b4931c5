using System.Collections.Concurrent;
using System.Numerics;
using System.Reflection;
using Blueprint.Data.Directory;

namespace Blueprint.Api.ReadModel;

/// <summary>
/// A snapshot's listings by value, for filters that are intersections of sets (<see cref="FacetQuery"/>): for each
/// vocabulary list (<c>Purposes</c>, <c>Languages</c> …), each boolean and number, and each text property with few
/// distinct values (<c>Status</c>, <c>Gender</c> …), the positions (in <see cref="DirectorySnapshot.Interventions"/>,
/// which is in id order) of the listings holding each value; and, made on first use, the listings in the order of a
/// property. Checking a value in a list of 20,000 objects costs a cache miss or more per listing; a set is a few
/// hundred words. Made with the snapshot (orders on first use).
/// </summary>
internal sealed class FacetIndex
{
    /// <summary>A text property with more distinct values than this (names, descriptions) is not indexed: its filters run as before.</summary>
    private const int MaxTextValues = 1_000;

    private static readonly Dictionary<string, PropertyInfo> ByName = typeof(Intervention).GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.GetMethod is not null && p.GetIndexParameters().Length == 0)
        .ToDictionary(p => p.Name, StringComparer.Ordinal);

    private static readonly (PropertyInfo Info, Func<object, object?> Get)[] Properties = ByName.Values
        .Where(p => Indexable(p.PropertyType))
        .Select(p => (p, Shapes.Getter<object?>(p)))
        .ToArray();

    /// <summary>What <c>$search</c> looks in (<see cref="OData.DirectorySearchBinder"/>), read the same way here.</summary>
    private static readonly Func<object, string?>[] Searched = OData.DirectorySearchBinder.SearchedOn(typeof(Intervention))
        .Select(name => Shapes.Getter<string?>(ByName[name]))
        .ToArray();

    private static bool Indexable(Type type) =>
        type == typeof(List<string>) || type == typeof(string) || type == typeof(int) || type == typeof(bool) || type == typeof(int?) || type == typeof(bool?);

    private readonly Intervention[] rows;
    private readonly Dictionary<int, int> positions;
    private readonly Dictionary<string, Dictionary<object, int[]>> values = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Property, bool Descending), int[]> orders = new();
    private readonly ConcurrentDictionary<object, ulong[]> routes = new(ReferenceEqualityComparer.Instance);

    public FacetIndex(Intervention[] rows)
    {
        this.rows = rows;
        Words = (rows.Length + 63) / 64;
        positions = new Dictionary<int, int>(rows.Length);
        for (var at = 0; at < rows.Length; at++)
        {
            positions[rows[at].Id] = at;
        }
        All = new ulong[Words];
        for (var at = 0; at < rows.Length; at++)
        {
            All[at >> 6] |= 1UL << at;
        }
        foreach (var (property, get) in Properties)
        {
            if (property.Name == nameof(Intervention.Id))
            {
                continue; // every id is its own value: the positions above are its index (Holding)
            }
            var type = property.PropertyType;
            var lists = type == typeof(List<string>);
            // Only text may give up: a number or a flag is indexed whole, however many values it has (ids are all distinct).
            var capped = type == typeof(string);
            var found = new Dictionary<object, List<int>>();
            for (var at = 0; at < rows.Length && (!capped || found.Count <= MaxTextValues); at++)
            {
                var value = get(rows[at]);
                if (lists)
                {
                    foreach (var item in (List<string>?)value ?? [])
                    {
                        Add(found, item, at);
                    }
                }
                else if (value is not null)
                {
                    Add(found, value, at);
                }
            }
            if (!capped || found.Count <= MaxTextValues)
            {
                values[property.Name] = found.ToDictionary(f => f.Key, f => f.Value.ToArray());
            }
        }
    }

    private static void Add(Dictionary<object, List<int>> found, object value, int at)
    {
        if (!found.TryGetValue(value, out var list))
        {
            found[value] = list = [];
        }
        if (list.Count == 0 || list[^1] != at)
        {
            list.Add(at);
        }
    }

    /// <summary>Words (of 64 listings) in a set.</summary>
    public int Words { get; }

    /// <summary>Every listing.</summary>
    public ulong[] All { get; }

    public Intervention Row(int at) => rows[at];

    /// <summary>Where the listing with this id is.</summary>
    public int Position(int id) => positions[id];

    public bool Indexed(string property) => property == nameof(Intervention.Id) || values.ContainsKey(property);

    /// <summary>The property's CLR type (null for no such property).</summary>
    public static Type? TypeOf(string property) => ByName.GetValueOrDefault(property)?.PropertyType;

    /// <summary>The listings whose <paramref name="property"/> is (or, for a list, holds) <paramref name="value"/>.</summary>
    public ulong[] Holding(string property, object value)
    {
        var set = new ulong[Words];
        if (property == nameof(Intervention.Id))
        {
            if (positions.TryGetValue((int)value, out var position))
            {
                set[position >> 6] |= 1UL << position;
            }
        }
        else if (values[property].TryGetValue(value, out var at))
        {
            foreach (var p in at)
            {
                set[p >> 6] |= 1UL << p;
            }
        }
        return set;
    }

    /// <summary>The set of a route's rows (an area's listings), made once per snapshot and route.</summary>
    public ulong[] Route(Intervention[] routeRows) => ReferenceEquals(routeRows, rows) ? All : routes.GetOrAdd(routeRows, _ =>
    {
        var set = new ulong[Words];
        foreach (var row in routeRows)
        {
            var p = positions[row.Id];
            set[p >> 6] |= 1UL << p;
        }
        return set;
    });

    /// <summary>
    /// Every position in the order <c>$orderby=property</c> gives with OData's stable order (ties by id), as the
    /// in-memory query compares (<see cref="InMemoryQuery"/>: text ordinally, nulls first ascending); null when the
    /// property is not one of the plain comparable ones.
    /// </summary>
    public int[]? Order(string property, bool descending)
    {
        if (orders.TryGetValue((property, descending), out var known))
        {
            return known;
        }
        if (!ByName.TryGetValue(property, out var info))
        {
            return null;
        }
        var type = info.PropertyType;
        Comparison<object?>? compare = type == typeof(string) ? (a, b) => string.CompareOrdinal((string?)a, (string?)b)
            : type == typeof(int) || type == typeof(int?) || type == typeof(long) || type == typeof(DateOnly) || type == typeof(DateOnly?)
                || type == typeof(bool) || type == typeof(bool?) || type == typeof(double?) || type == typeof(DateTime)
                ? (a, b) => Comparer<object>.Default.Compare(a, b)
                : null;
        if (compare is null)
        {
            return null;
        }
        return orders.GetOrAdd((property, descending), _ =>
        {
            var keys = rows.Select(info.GetValue).ToArray();
            var order = Enumerable.Range(0, rows.Length).ToArray();
            // Positions are in id order, so ties broken by position are broken by id, ascending either way.
            Array.Sort(order, (a, b) =>
            {
                var c = compare(keys[a], keys[b]);
                return c != 0 ? (descending ? -c : c) : a.CompareTo(b);
            });
            return order;
        });
    }

    /// <summary>At most this many <c>$search</c> terms are remembered per snapshot; past it they are forgotten and found again.</summary>
    private const int MaxTerms = 4_096;

    private readonly ConcurrentDictionary<string, ulong[]> terms = new(StringComparer.Ordinal);

    /// <summary>
    /// The listings a <c>$search</c> term matches (<see cref="OData.DirectorySearchBinder.ContainsLike"/> on the names and
    /// descriptions in both languages, as the search binder matches them): found by one pass over the listings the first
    /// time the term is asked for in this snapshot, then remembered with it (a snapshot never changes).
    /// </summary>
    public ulong[] Matching(string term)
    {
        if (terms.TryGetValue(term, out var known))
        {
            return known;
        }
        var set = new ulong[Words];
        for (var at = 0; at < rows.Length; at++)
        {
            foreach (var text in Searched)
            {
                if (OData.DirectorySearchBinder.ContainsLike(text(rows[at]), term))
                {
                    set[at >> 6] |= 1UL << at;
                    break;
                }
            }
        }
        if (terms.Count >= MaxTerms)
        {
            terms.Clear();
        }
        return terms.GetOrAdd(term, set);
    }

    public ulong[] Not(ulong[] a)
    {
        var set = new ulong[a.Length];
        for (var i = 0; i < set.Length; i++)
        {
            set[i] = ~a[i] & All[i];
        }
        return set;
    }

    public static ulong[] And(ulong[] a, ulong[] b)
    {
        var set = new ulong[a.Length];
        for (var i = 0; i < set.Length; i++)
        {
            set[i] = a[i] & b[i];
        }
        return set;
    }

    public static ulong[] Or(ulong[] a, ulong[] b) => AddTo((ulong[])a.Clone(), b);

    /// <summary>Adds <paramref name="b"/>'s listings to <paramref name="set"/> in place (a union of many without a new set each).</summary>
    public static ulong[] AddTo(ulong[] set, ulong[] b)
    {
        for (var i = 0; i < set.Length; i++)
        {
            set[i] |= b[i];
        }
        return set;
    }

    public static int Count(ulong[] set)
    {
        var n = 0;
        foreach (var word in set)
        {
            n += BitOperations.PopCount(word);
        }
        return n;
    }

    public static bool Has(ulong[] set, int at) => (set[at >> 6] & (1UL << at)) != 0;
}
