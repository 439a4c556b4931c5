using Blueprint.Api.Tests.Hosting;

namespace Blueprint.Api.Tests.Staleness;

/// <summary>The <c>reminders</c> command as a user runs it: the built host over its own copy of data/.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
[Collection(BuiltHost.Collection)]
public sealed class RemindersCommandTests
{
    [Fact]
    public async Task Reminders_sends_the_due_reminders_once_and_a_second_run_sends_none()
    {
        using var folder = await BuiltHost.WithSampleDatabaseAsync();
        Assert.Equal(0, (await folder.RunAsync(["migrate"])).ExitCode); // the synthetic sample: some listings are stale

        var (exitCode, output, errors) = await folder.RunAsync(["reminders"]);

        Assert.True(exitCode == 0, errors);
        var sent = int.Parse(System.Text.RegularExpressions.Regex.Match(output, @"^Sent (\d+) reminders about \d+ stale listings\.", System.Text.RegularExpressions.RegexOptions.Multiline).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(sent > 0, output);
        Assert.Equal(sent, Directory.GetFiles(Path.Combine(folder.Root, "local-data", "mail"), "*.eml").Length);

        var again = await folder.RunAsync(["reminders"]);
        Assert.Equal(0, again.ExitCode);
        Assert.StartsWith("Sent 0 reminders about 0 stale listings.", again.Output);
        Assert.Equal(sent, Directory.GetFiles(Path.Combine(folder.Root, "local-data", "mail"), "*.eml").Length);
    }
}
