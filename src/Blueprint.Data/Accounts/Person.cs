using Blueprint.Data.Directory;
using Microsoft.AspNetCore.Identity;

namespace Blueprint.Data.Accounts;

/// <summary>
/// Someone who signs in: an administrator, an analyst or a provider acting for one or more organisations.
/// The e-mail address is the user name. What a person may do comes from <see cref="Role"/> and
/// <see cref="Memberships"/> in this database, never from a claim another system sends.
/// </summary>
public class Person : IdentityUser<int>
{
    public const string English = "en";
    public const string Welsh = "cy";

    public string DisplayName { get; set; } = "";

    /// <summary><c>en</c> or <c>cy</c>: the language of the pages and of the mail this person is sent.</summary>
    public string Language { get; set; } = English;

    /// <summary><c>admin</c>, <c>analyst</c> or <c>provider</c> (the names of Blueprint.Api.Auth.Roles).</summary>
    public string Role { get; set; } = "provider";

    /// <summary>
    /// Locked by an administrator: cannot sign in and every personal token is refused until unlocked. Unlike the
    /// temporary lockout after repeated failed sign-ins (<see cref="IdentityUser{TKey}.LockoutEnd"/>), which stops
    /// sign-in only, so that someone who knows an address cannot switch off that person's automation.
    /// </summary>
    public bool Locked { get; set; }

    public DateTime CreatedAt { get; set; }

    public List<Membership> Memberships { get; set; } = [];

    /// <summary>
    /// Sign-in bookkeeping: a save that changes only these leaves the data version alone, so an attacker hammering
    /// the sign-in endpoint (failed counts, lockouts) cannot flush every host's public cache. Anything else about a
    /// person (role, lock, security stamp, memberships) moves it, because the hosts' account snapshots depend on it.
    /// </summary>
    public static readonly IReadOnlySet<string> Bookkeeping = new HashSet<string>(StringComparer.Ordinal)
    {
        nameof(AccessFailedCount), nameof(LockoutEnd), nameof(ConcurrencyStamp), nameof(PasswordHash),
    };
}

/// <summary>A person acting for an organisation (many to many).</summary>
public class Membership
{
    public int PersonId { get; set; }
    public Person Person { get; set; } = null!;
    public int OrganisationId { get; set; }
    public Organisation Organisation { get; set; } = null!;
}
