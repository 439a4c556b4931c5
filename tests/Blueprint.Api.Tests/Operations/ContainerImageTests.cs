using System.Diagnostics;
using System.Text.Json;
using Blueprint.Api.Tests.Hosting;
using Blueprint.Data.Geography;

namespace Blueprint.Api.Tests.Operations;

/// <summary>
/// The image the SDK would build (dotnet publish -t:PublishContainer), read from the SDK's own container configuration
/// step without a registry or a Docker daemon: a non-root user, port 8080, the host as its entrypoint, settings by environment.
/// </summary>
[Collection(BuiltHost.Collection)]
public sealed class ContainerImageTests
{
    [Fact]
    public async Task The_image_runs_the_host_as_a_non_root_user_on_port_8080_configured_by_environment()
    {
        var config = await ComputeAsync(
            ["ContainerUser", "ContainerWorkingDirectory", "ContainerBaseImage", "ContainerRepository", "ContainerAppCommandInstruction"],
            ["ContainerAppCommand", "ContainerPort", "ContainerEnvironmentVariables"]);
        var properties = config.GetProperty("Properties");
        var items = config.GetProperty("Items");

        var user = properties.GetProperty("ContainerUser").GetString();
        Assert.False(string.IsNullOrEmpty(user));
        Assert.DoesNotContain(user, new[] { "root", "0", "0:0" });
        Assert.Equal("1654", user); // the aspnet base image's "app" user
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0", properties.GetProperty("ContainerBaseImage").GetString());
        Assert.Equal("Entrypoint", properties.GetProperty("ContainerAppCommandInstruction").GetString());
        Assert.Equal(["dotnet", "/app/Blueprint.Api.dll"], Identities(items, "ContainerAppCommand"));
        Assert.Equal("/app", properties.GetProperty("ContainerWorkingDirectory").GetString());
        Assert.Equal(["8080"], Identities(items, "ContainerPort"));

        var environment = items.GetProperty("ContainerEnvironmentVariables").EnumerateArray()
            .ToDictionary(e => e.GetProperty("Identity").GetString()!, e => e.GetProperty("Value").GetString());
        Assert.Equal("8080", environment["ASPNETCORE_HTTP_PORTS"]);
        Assert.Equal("Production", environment["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("/app", environment["Data__Root"]);
        // What the host writes lives in the app user's home, not in /app (owned by root).
        Assert.StartsWith("Data Source=/home/app/", environment["ConnectionStrings__Blueprint"]);
        Assert.StartsWith("/home/app/", environment["Auth__SigningKeyFile"]);
        Assert.StartsWith("/home/app/", environment["Mail__PickupFolder"]);
    }

    private static List<string> Identities(JsonElement items, string name) =>
        [.. items.GetProperty(name).EnumerateArray().Select(i => i.GetProperty("Identity").GetString()!)];

    /// <summary>Runs the SDK's ComputeContainerConfig target on the host's project and returns the values it settled on.</summary>
    private static async Task<JsonElement> ComputeAsync(string[] properties, string[] items)
    {
        var root = DataFiles.FindRoot(AppContext.BaseDirectory) ?? throw new DirectoryNotFoundException("No repository above the test output.");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "msbuild", Path.Combine(root, "src", "Blueprint.Api", "Blueprint.Api.csproj"), "-nologo", "-target:ComputeContainerConfig" }
            .Concat(properties.Select(p => "-getProperty:" + p)).Concat(items.Select(i => "-getItem:" + i)))
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token);
        Assert.True(process.ExitCode == 0, $"msbuild failed: {await output}{await errors}");
        return JsonDocument.Parse(await output).RootElement.Clone();
    }
}
