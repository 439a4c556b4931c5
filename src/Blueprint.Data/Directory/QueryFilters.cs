namespace Blueprint.Data.Directory;

/// <summary>
/// The names of the listing filters every query carries, so a query can set one aside and keep the other:
/// a change feed asks for deleted listings without also seeing overdue ones it may not see.
/// </summary>
public static class QueryFilters
{
    /// <summary>Deleted (tombstoned) listings: <c>ClosedAt</c> set.</summary>
    public const string Deleted = "Deleted";

    /// <summary>Listings not verified for too long, hidden from those who may not see them (see <see cref="BlueprintDb.ShowOverdueListingsOnlyTo"/>).</summary>
    public const string Overdue = "Overdue";
}
