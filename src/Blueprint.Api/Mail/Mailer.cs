using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Blueprint.Api.Mail;

/// <summary>
/// Configuration section <c>Mail</c>. With no <c>SmtpHost</c> every message is written as an <c>.eml</c>
/// file to <c>PickupFolder</c> (relative to the data root), so no mail server is needed locally: open the
/// files with any mail program, or read them in tests. With <c>SmtpHost</c> set, messages go by SMTP.
/// </summary>
public sealed class MailOptions
{
    public const string Section = "Mail";
    public string From { get; set; } = "blueprint@localhost";
    public string PickupFolder { get; set; } = "local-data/mail";
    public string SmtpHost { get; set; } = "";
    public int SmtpPort { get; set; } = 587;
    public bool SmtpTls { get; set; } = true;
    public string SmtpUser { get; set; } = "";
    public string SmtpPassword { get; set; } = "";
    /// <summary>The address people reach the product at, for links in messages (an invitation, a reset, a reminder).</summary>
    public string PublicBaseUrl { get; set; } = Hosting.DefaultAddress.Url;
}

/// <summary>One message: plain text, to one person, in the language they chose.</summary>
public sealed record MailMessageText(string To, string Subject, string Body);

/// <summary>Sends the product's messages (invitations, password resets, staleness reminders): one way for all of them.</summary>
public sealed class Mailer(MailOptions options, Hosting.DataPaths paths, ILogger<Mailer> log)
{
    public MailOptions Options => options;

    /// <summary>The folder messages are written to when no SMTP server is configured.</summary>
    public string PickupFolder => paths.Resolve(options.PickupFolder);

    public async Task SendAsync(MailMessageText message, CancellationToken ct = default)
    {
        using var mail = new MailMessage(options.From, message.To, message.Subject, message.Body)
        {
            BodyEncoding = System.Text.Encoding.UTF8,
            SubjectEncoding = System.Text.Encoding.UTF8,
        };
        using var client = Client();
        await client.SendMailAsync(mail, ct);
        // The address is personal data: log that a message went, not to whom.
        log.LogInformation("Mail sent: {Subject}", message.Subject);
    }

    private SmtpClient Client()
    {
        if (options.SmtpHost.Length == 0)
        {
            Directory.CreateDirectory(PickupFolder);
            return new SmtpClient { DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory, PickupDirectoryLocation = PickupFolder };
        }
        var client = new SmtpClient(options.SmtpHost, options.SmtpPort) { EnableSsl = options.SmtpTls };
        if (options.SmtpUser.Length > 0)
        {
            client.Credentials = new NetworkCredential(options.SmtpUser, options.SmtpPassword);
        }
        return client;
    }
}

public static class MailRegistration
{
    public static void AddBlueprintMail(this WebApplicationBuilder builder) => AddMail(builder.Services, builder.Configuration);

    /// <summary>The mailer for the web host and for commands that send mail (<c>reminders</c>); a second call changes nothing.</summary>
    public static void AddMail(IServiceCollection services, IConfiguration config)
    {
        services.TryAddSingleton(config.GetSection(MailOptions.Section).Get<MailOptions>() ?? new MailOptions());
        services.TryAddSingleton<Mailer>();
    }
}
