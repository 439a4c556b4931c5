using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Blueprint.Api.Listings;

/// <summary>
/// The "still accurate" links in reminders: a reminder's id, signed and encrypted by ASP.NET Core Data
/// Protection with an expiry (<c>Listings:ReminderLinkDays</c>). Single use is the reminder row's
/// <c>UsedAt</c>. The token travels in the link's fragment (<c>/still-accurate#TOKEN</c>), so it never
/// reaches a server log; the page posts it.
/// </summary>
public sealed class StillAccurateLinks(IDataProtectionProvider protection, Staleness staleness, Mail.MailOptions mail)
{
    internal const string Purpose = "Blueprint.Listings.StillAccurate.v1";
    private readonly ITimeLimitedDataProtector protector = protection.CreateProtector(Purpose).ToTimeLimitedDataProtector();

    public DateOnly ExpiresOn => staleness.Today.AddDays(staleness.Options.ReminderLinkDays);

    public string Token(int reminderId) =>
        protector.Protect(reminderId.ToString(CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddDays(staleness.Options.ReminderLinkDays));

    public string Link(int reminderId) => $"{mail.PublicBaseUrl.TrimEnd('/')}/still-accurate#{Token(reminderId)}";

    /// <summary>The reminder a token names, or null when it is not one of ours or has expired.</summary>
    public int? ReminderId(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 2000)
        {
            return null;
        }
        try
        {
            return int.TryParse(protector.Unprotect(token, out _), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
