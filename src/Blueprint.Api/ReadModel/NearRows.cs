using System.Collections;
using Blueprint.Data.Directory;

namespace Blueprint.Api.ReadModel;

/// <summary>
/// A distance search's rows, nearest first: each is a copy of the snapshot's listing with this request's
/// <c>DistanceKm</c> (the snapshot's rows are shared), made only when it is read. A page written directly copies
/// its own rows and no others; OData's query, which reads them all, gets them all.
/// </summary>
public sealed class NearRows(DirectorySnapshot snapshot, (int Id, double Km)[] nearest) : IReadOnlyList<Intervention>
{
    public int Count => nearest.Length;

    /// <summary>A copy of the <paramref name="index"/>th nearest listing with its distance, to the metre.</summary>
    public Intervention this[int index]
    {
        get
        {
            var copy = DirectorySnapshot.Copy(snapshot[nearest[index].Id]);
            copy.DistanceKm = Math.Round(nearest[index].Km, 3);
            return copy;
        }
    }

    /// <summary>The snapshot's own listing (no distance): for deciding, not for writing.</summary>
    public Intervention Original(int index) => snapshot[nearest[index].Id];

    public int IdAt(int index) => nearest[index].Id;

    public IEnumerator<Intervention> GetEnumerator()
    {
        for (var i = 0; i < nearest.Length; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
