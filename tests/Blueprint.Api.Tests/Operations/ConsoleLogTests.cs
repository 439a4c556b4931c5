using System.Net;
using System.Text.Json;
using Blueprint.Api.Tests.Hosting;

namespace Blueprint.Api.Tests.Operations;

/// <summary>The built host in Production writes its console log as JSON, one object per line, with a plain level field.</summary>
[Collection(BuiltHost.Collection)]
public sealed class ConsoleLogTests
{
    [Fact]
    public async Task A_production_host_logs_one_json_object_per_line_with_its_level()
    {
        using var folder = await BuiltHost.WithSampleDatabaseAsync();
        string output;
        using (var server = await folder.StartServerAsync())
        {
            using var client = server.Client();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
            output = server.Output;
        }

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.NotEmpty(lines);
        var entries = lines.Select(line =>
        {
            using var entry = JsonDocument.Parse(line); // throws on any line that is not one JSON value
            Assert.Equal(JsonValueKind.Object, entry.RootElement.ValueKind);
            return (Level: entry.RootElement.GetProperty("LogLevel").GetString(), Message: entry.RootElement.GetProperty("Message").GetString());
        }).ToList();
        Assert.Contains(entries, e => e.Level == "Information" && e.Message!.StartsWith("Now listening on: http://127.0.0.1:", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Level == "Information" && e.Message == "Hosting environment: Production");
        Assert.All(entries, e => Assert.Contains(e.Level, new[] { "Trace", "Debug", "Information", "Warning", "Error", "Critical" }));
    }
}
