namespace Blueprint.Data.Accounts;

/// <summary>
/// A person's bearer token for automation (Excel, Power BI, scripts). Only a SHA-256 hash of the secret is
/// kept; the secret is shown once, when the token is made. It carries its person's current role and
/// organisations, so a membership change applies to it at once; revoking deletes it.
/// </summary>
public class PersonalToken
{
    public const string ReadScope = "read";
    public const string WriteScope = "write";

    public int Id { get; set; }
    public int PersonId { get; set; }
    public Person Person { get; set; } = null!;
    public string Name { get; set; } = "";

    /// <summary><c>read</c> (no writes at all) or <c>write</c> (what the person may write: a provider, its own organisations).</summary>
    public string Scope { get; set; } = ReadScope;

    /// <summary>Lower-case hex SHA-256 of the secret.</summary>
    public string Hash { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }

    /// <summary>The last day it was used (written at most once a day, so it costs no write per request).</summary>
    public DateOnly? LastUsedOn { get; set; }

    /// <summary>Bookkeeping: a save that changes only these leaves the data version alone.</summary>
    public static readonly IReadOnlySet<string> Bookkeeping = new HashSet<string>(StringComparer.Ordinal) { nameof(LastUsedOn) };
}
