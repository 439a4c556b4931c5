using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Blueprint.Api.Tests.Hosting;

/// <summary>
/// The built host runs from the project's own data/ with nothing beside the repository, and anything that stops it
/// (a missing or unreadable data file, a port in use) is one line naming the setting and the path, never a stack trace.
/// </summary>
[Collection(BuiltHost.Collection)]
public sealed class SelfContainedTests
{
    [Fact]
    public async Task The_built_host_serves_the_directory_from_a_copied_data_folder_with_nothing_beside_it()
    {
        using var folder = new BuiltHost();
        using var server = await folder.StartServerAsync();
        using var client = server.Client();

        var health = await client.GetAsync("/health");
        var region = await client.GetAsync("/odata/Interventions/InArea(code='W06000015')?$select=Name&$top=5");
        var areas = await client.GetAsync("/api/geo/areas?kind=local-authority");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, region.StatusCode);
        Assert.NotEmpty(JsonDocument.Parse(await region.Content.ReadAsStringAsync()).RootElement.GetProperty("value").EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, areas.StatusCode);
        Assert.Equal(22, JsonDocument.Parse(await areas.Content.ReadAsStringAsync()).RootElement.GetProperty("features").GetArrayLength());
        Assert.Contains("Hosting environment: Production", server.Output);
    }

    public static TheoryData<string, string[], string> MissingOrBrokenFiles => new()
    {
        { "Geography:BoundariesPath", ["--delete=data/geography/wales-lad-2013.geojson"], "data/geography/wales-lad-2013.geojson" },
        { "Data:Root", ["--break=data/areas.json"], "data/areas.json" },
        { "Places:PostcodeFile", ["--Places:PostcodeFile=data/postcodes.csv"], "data/postcodes.csv" },
        { "Database:SampleFile", ["--Database:SampleFile=data/sample/gone.json"], "data/sample/gone.json" },
    };

    [Theory]
    [MemberData(nameof(MissingOrBrokenFiles))]
    public async Task A_missing_or_unreadable_data_file_stops_the_host_with_one_line_naming_the_setting_and_the_path(string setting, string[] change, string path)
    {
        using var folder = new BuiltHost();
        var args = new List<string> { "--urls", "http://127.0.0.1:0" };
        foreach (var arg in change)
        {
            if (arg.StartsWith("--delete=", StringComparison.Ordinal))
            {
                File.Delete(Path.Combine(folder.Root, arg["--delete=".Length..]));
            }
            else if (arg.StartsWith("--break=", StringComparison.Ordinal))
            {
                File.WriteAllText(Path.Combine(folder.Root, arg["--break=".Length..]), "{ \"areas\": [");
            }
            else
            {
                args.Add(arg);
            }
        }

        var (exitCode, output, errors) = await folder.RunAsync(args);

        Assert.NotEqual(0, exitCode);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("Blueprint cannot start: " + setting, line);
        Assert.Contains(Path.Combine(folder.Root, path), line);
        Assert.DoesNotContain("   at ", output + errors);
        Assert.DoesNotContain("Exception", output + errors);
    }

    [Fact]
    public async Task A_port_in_use_stops_the_host_with_one_line_naming_the_address()
    {
        using var folder = await BuiltHost.WithSampleDatabaseAsync(); // the address is bound once the database is ready
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var address = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";

        var (exitCode, output, errors) = await folder.RunAsync(["--urls", address]);

        Assert.Equal(1, exitCode);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains($"Failed to bind to address {address}: address already in use", line);
        Assert.DoesNotContain("   at ", output + errors);
    }
}
