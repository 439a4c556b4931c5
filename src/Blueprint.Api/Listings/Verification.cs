using Blueprint.Data.Directory;

namespace Blueprint.Api.Listings;

/// <summary>
/// Confirming that a listing is still accurate: the one thing that sets <see cref="Intervention.LastVerified"/>
/// (an edit is not a verification). Deliberately tiny: the listings editor's <c>Verify</c> action is to share it.
/// The caller saves (SaveChanges moves the data version, so a hidden listing returns to public search).
/// </summary>
public static class Verification
{
    public static void MarkVerified(Intervention listing, DateOnly today, string verifiedBy)
    {
        listing.LastVerified = today;
        listing.VerifiedBy = verifiedBy;
    }
}
