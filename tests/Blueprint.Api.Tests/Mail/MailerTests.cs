using Blueprint.Api.Mail;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Api.Tests.Mail;

public sealed class MailerTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    [Fact]
    public async Task Without_an_smtp_server_a_message_lands_in_the_pickup_folder_with_welsh_text_intact()
    {
        var mailer = app.Services.GetRequiredService<Mailer>();
        var before = Directory.Exists(mailer.PickupFolder) ? Directory.GetFiles(mailer.PickupFolder, "*.eml").Length : 0;

        await mailer.SendAsync(new MailMessageText("provider@example.org", "Gwirio'ch rhestr / Check your listing", "Grŵp Môn: a yw hyn yn dal yn gywir?"), TestContext.Current.CancellationToken);

        var files = Directory.GetFiles(mailer.PickupFolder, "*.eml");
        Assert.Equal(before + 1, files.Length);
        var newest = files.OrderByDescending(File.GetLastWriteTimeUtc).First();
        var text = await File.ReadAllTextAsync(newest, TestContext.Current.CancellationToken);
        Assert.Contains("To: provider@example.org", text, StringComparison.Ordinal);
        Assert.Contains("charset=utf-8", text, StringComparison.OrdinalIgnoreCase);
        var body = text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..].Trim();
        Assert.Equal("Grŵp Môn: a yw hyn yn dal yn gywir?", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(body)));
    }
}
