namespace Blueprint.Data.Accounts;

/// <summary>
/// An administrator's invitation: whoever holds the link (sent by mail) may create the account once, with the
/// role and organisations the administrator chose, until it expires. Only a hash of the link's secret is kept.
/// </summary>
public class Invitation
{
    public int Id { get; set; }
    public string Email { get; set; } = "";
    public string Role { get; set; } = "provider";
    public List<int> OrganisationIds { get; set; } = [];
    public string Language { get; set; } = Person.English;

    /// <summary>Lower-case hex SHA-256 of the link's secret.</summary>
    public string Hash { get; set; } = "";
    public int? InvitedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }

    /// <summary>Set when the account is created: the link works once.</summary>
    public DateTime? AcceptedAt { get; set; }
    public int? PersonId { get; set; }
}
