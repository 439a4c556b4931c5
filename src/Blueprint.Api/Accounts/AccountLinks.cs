using System.Globalization;
using System.Text;
using Blueprint.Api.Mail;
using Blueprint.Data.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace Blueprint.Api.Accounts;

/// <summary>
/// The links sent by mail (or printed by <c>admin create</c>). The secret travels in the fragment
/// (<c>/account/reset#code=…</c>), which browsers never send to a server, so it stays out of access logs; the page
/// posts it to the API. A reset code is the person's id and Identity's reset token: single-use (it carries the
/// security stamp, which the reset changes) and expiring (<c>Accounts:ResetLinkHours</c>).
/// </summary>
public static class AccountLinks
{
    public static async Task<string> ResetLinkAsync(UserManager<Person> users, Person person, MailOptions mail)
    {
        var token = await users.GeneratePasswordResetTokenAsync(person);
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes($"{person.Id.ToString(CultureInfo.InvariantCulture)}:{token}"));
        return $"{mail.PublicBaseUrl.TrimEnd('/')}/account/reset#code={code}";
    }

    public static string InvitationLink(string secret, MailOptions mail) => $"{mail.PublicBaseUrl.TrimEnd('/')}/account/invitation#code={secret}";

    /// <summary>The person id and reset token in a reset code, or null for anything that is not one.</summary>
    public static (int PersonId, string Token)? ReadResetCode(string? code)
    {
        try
        {
            var text = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code ?? ""));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 && int.TryParse(text[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? (id, text[(colon + 1)..]) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>The account messages, in the person's language.</summary>
public static class AccountMail
{
    public static MailMessageText Reset(string to, string language, string link, int hours) => language == Person.Welsh
        ? new(to, "Ailosod eich cyfrinair Blueprint",
            $"Gofynnodd rhywun am ailosod cyfrinair eich cyfrif Blueprint.\n\nI ddewis cyfrinair newydd, agorwch y ddolen hon (mae'n gweithio unwaith, am {hours} awr):\n{link}\n\nOs nad chi ofynnodd, anwybyddwch y neges hon: nid yw eich cyfrinair wedi newid.")
        : new(to, "Reset your Blueprint password",
            $"Someone asked to reset the password of your Blueprint account.\n\nTo choose a new password, open this link (it works once, for {hours} hours):\n{link}\n\nIf it was not you, ignore this message: your password has not changed.");

    public static MailMessageText Invitation(string to, string language, string link, int days, string role) => language == Person.Welsh
        ? new(to, "Gwahoddiad i Blueprint",
            $"Rydych wedi cael gwahoddiad i Blueprint, cyfeiriadur ymyriadau VAWDASV Cymru (rôl: {role}).\n\nI greu eich cyfrif, agorwch y ddolen hon (mae'n gweithio unwaith, am {days} diwrnod):\n{link}")
        : new(to, "Your invitation to Blueprint",
            $"You have been invited to Blueprint, Wales's VAWDASV interventions directory (role: {role}).\n\nTo create your account, open this link (it works once, for {days} days):\n{link}");
}
