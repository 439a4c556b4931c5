namespace Blueprint.Data.Listings;

/// <summary>
/// "Report a problem with this listing", sent by anyone. Holds what the reporter typed and nothing about
/// them: no address, user agent or account (an optional contact e-mail only if they chose to give one).
/// A report never changes the listing.
/// </summary>
public class ProblemReport
{
    public const int MaxDetails = 2000;

    public int Id { get; set; }
    public int InterventionId { get; set; }
    /// <summary>One of <see cref="ProblemCategories"/>.</summary>
    public required string Category { get; set; }
    public string? Details { get; set; }
    /// <summary>Optional, given by the reporter for a reply; personal data, shown to admins and the listing's provider only.</summary>
    public string? ContactEmail { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>open, resolved or dismissed.</summary>
    public string Status { get; set; } = ProblemStatus.Open;
    public string? ResolutionNote { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public string? ResolvedBy { get; set; }
}

public static class ProblemCategories
{
    public const string Closed = "closed";
    public const string WrongContact = "wrong-contact";
    public const string WrongArea = "wrong-area";
    public const string Other = "other";

    public static readonly IReadOnlyList<string> All = [Closed, WrongContact, WrongArea, Other];
}

public static class ProblemStatus
{
    public const string Open = "open";
    public const string Resolved = "resolved";
    public const string Dismissed = "dismissed";
}
