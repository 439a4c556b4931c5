using Blueprint.Api.Tests.Hosting;

namespace Blueprint.Api.Tests.Analysis;

/// <summary>The population figures are a data file like the others: without them the host does not start.</summary>
[Collection(BuiltHost.Collection)]
public sealed class PopulationFileTests
{
    [Theory]
    [InlineData("delete")]
    [InlineData("break")]
    public async Task A_missing_or_unreadable_population_file_stops_the_host_with_one_line(string change)
    {
        using var folder = await BuiltHost.WithSampleDatabaseAsync(); // the file is read once the database is ready
        var path = Path.Combine(folder.Root, "data", "reference", "population.csv");
        if (change == "delete")
        {
            File.Delete(path);
        }
        else
        {
            File.WriteAllText(path, "code,name,population,year\nW06000001,Isle of Anglesey,lots,2023\n");
        }

        var (exitCode, output, errors) = await folder.RunAsync(["--urls", "http://127.0.0.1:0"]);

        Assert.NotEqual(0, exitCode);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("Blueprint cannot start: Analysis:PopulationFile", line);
        Assert.Contains(path, line);
        Assert.DoesNotContain("   at ", output + errors);
    }
}
