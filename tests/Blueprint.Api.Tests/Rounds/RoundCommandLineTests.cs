using Blueprint.Api.Tests.Hosting;

namespace Blueprint.Api.Tests.Rounds;

/// <summary>The rounds' commands in the built host, as a survey officer runs them.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
[Collection(BuiltHost.Collection)]
public sealed class RoundCommandLineTests
{
    [Fact]
    public async Task A_dry_run_against_a_new_database_path_creates_nothing_and_says_so()
    {
        using var folder = new BuiltHost();
        var database = Path.Combine(folder.Root, "new-place", "blueprint.db");

        var (exitCode, output, errors) = await folder.RunAsync(["import", Path.Combine(folder.Root, "data", "sample", "survey-msforms.csv"), "--dry-run"],
            new() { ["ConnectionStrings__Blueprint"] = $"Data Source={database}" });

        Assert.True(exitCode == 0, output + errors);
        Assert.Contains("Nothing was stored", output);
        Assert.Contains("rows read", output);
        Assert.False(File.Exists(database));
        Assert.False(Directory.Exists(Path.GetDirectoryName(database)));
        Assert.False(Directory.Exists(Path.Combine(folder.Root, "local-data")));
    }

    [Fact]
    public async Task Help_lists_the_rounds_and_erase_commands()
    {
        using var folder = new BuiltHost();

        var (exitCode, output, _) = await folder.RunAsync(["help"]);

        Assert.Equal(0, exitCode);
        Assert.Contains("  erase ", output);
        Assert.Contains("  rounds ", output);
        Assert.Contains("  round ", output);
    }
}
