using System.ComponentModel.DataAnnotations;

namespace Blueprint.Api.Accounts;

/// <summary>Configuration section <c>Accounts</c>: sign-in, passwords, links, personal tokens and their limits.</summary>
public sealed class AccountOptions
{
    public const string Section = "Accounts";

    /// <summary>An administrator without two-factor sign-in may only enrol until enrolled. Unset: on in Production, off elsewhere.</summary>
    public bool? RequireTwoFactorForAdmins { get; set; }

    /// <summary>Minutes a page session lasts without a request (sliding).</summary>
    [Range(1, 24 * 60)]
    public int SessionMinutes { get; set; } = 30;

    /// <summary>Shortest password accepted; length is what makes a password strong, so no character classes are required.</summary>
    [Range(8, 128)]
    public int PasswordMinLength { get; set; } = 12;

    /// <summary>Failed sign-ins (wrong password or code) in a row before the account is locked for <see cref="LockoutMinutes"/>.</summary>
    [Range(1, 100)]
    public int LockoutAttempts { get; set; } = 5;

    [Range(1, 24 * 60)]
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>How long a password-reset or set-password link works (it also stops working once used).</summary>
    [Range(1, 24 * 7)]
    public int ResetLinkHours { get; set; } = 24;

    /// <summary>How long an invitation link works.</summary>
    [Range(1, 90)]
    public int InvitationDays { get; set; } = 7;

    /// <summary>The longest a personal token may live (and the lifetime of one made without an expiry).</summary>
    [Range(1, 3650)]
    public int TokenMaxDays { get; set; } = 365;

    /// <summary>Attempts at sign-in, password reset, invitation acceptance or token creation per client address per <see cref="LimitWindowSeconds"/>.</summary>
    [Range(1, 100_000)]
    public int AttemptsPerAddress { get; set; } = 30;

    /// <summary>The same per account (e-mail address or person), whatever the address they come from.</summary>
    [Range(1, 100_000)]
    public int AttemptsPerAccount { get; set; } = 10;

    [Range(1, 86_400)]
    public int LimitWindowSeconds { get; set; } = 900;

    public bool TwoFactorRequiredForAdmins(IHostEnvironment environment) => RequireTwoFactorForAdmins ?? environment.IsProduction();
}
