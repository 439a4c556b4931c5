using Blueprint.Data.Directory;

namespace Blueprint.Api.ReadModel;

/// <summary>
/// The page of rows offered in order (only those the caller sees and that match): the first <c>$skip</c> are passed
/// over, the next <c>$top</c> kept, and every one counted when <c>$count</c> asks for the total.
/// </summary>
internal sealed class PageWindow(int skip, int top, bool count)
{
    private readonly List<Intervention> page = new(Math.Min(top, 128));
    private int seen;

    /// <summary>Nothing more to keep or count: the offering may stop.</summary>
    public bool Full => page.Count == top && !count;

    /// <summary>Counts one more row; true when it falls in the page (the caller then <see cref="Add"/>s it, made only then).</summary>
    public bool Counts() => seen++ >= skip && page.Count < top;

    public void Add(Intervention row) => page.Add(row);

    /// <summary>The page, and how many rows were counted (all of them when <c>$count</c> asked).</summary>
    public (List<Intervention> Page, int Total) Result => (page, seen);
}
