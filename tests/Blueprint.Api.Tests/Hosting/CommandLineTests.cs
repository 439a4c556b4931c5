using System.IdentityModel.Tokens.Jwt;

namespace Blueprint.Api.Tests.Hosting;

/// <summary>The host's command line as a user runs it: the built host, its own data/ copied, nothing else.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file permissions are checked where they exist
[Collection(BuiltHost.Collection)]
public sealed class CommandLineTests
{
    private static readonly string[] EveryCommand = ["help", "migrate", "sample", "token", "import", "imports", "publish", "survey-sample", "reminders"];

    [Fact]
    public async Task Help_lists_every_command_with_one_line_each()
    {
        using var folder = new BuiltHost();

        var (exitCode, output, _) = await folder.RunAsync(["help"]);

        Assert.Equal(0, exitCode);
        var lines = output.Split('\n').SkipWhile(l => !l.StartsWith("Commands:", StringComparison.Ordinal)).TakeWhile(l => l.Trim().Length > 0).ToList();
        foreach (var command in EveryCommand)
        {
            Assert.Single(lines, l => l.StartsWith($"  {command} ", StringComparison.Ordinal) && l.Trim().Length > command.Length + 5);
        }
    }

    [Fact]
    public async Task An_unknown_command_is_an_error_with_the_list_and_starts_no_server()
    {
        using var folder = new BuiltHost();

        var (exitCode, output, errors) = await folder.RunAsync(["frobnicate"]);

        Assert.Equal(2, exitCode);
        Assert.StartsWith("Unknown command 'frobnicate'.", errors);
        Assert.All(EveryCommand, c => Assert.Contains($"  {c} ", errors));
        Assert.DoesNotContain("Now listening", output + errors);
    }

    [Fact]
    public async Task Token_prints_only_the_token_on_standard_output()
    {
        using var folder = new BuiltHost();

        var (exitCode, output, _) = await folder.RunAsync(["token", "--role", "analyst"]);

        Assert.Equal(0, exitCode);
        var token = new JwtSecurityTokenHandler().ReadJwtToken(output.TrimEnd('\n'));
        Assert.Equal(["analyst"], token.Claims.Where(c => c.Type == "roles").Select(c => c.Value));
        Assert.DoesNotContain('\n', output.TrimEnd('\n'));
    }

    [Fact]
    public async Task A_provider_token_carries_each_organisation_given()
    {
        using var folder = new BuiltHost();

        var (exitCode, output, _) = await folder.RunAsync(["token", "--role", "provider", "--org", "3,7"]);

        Assert.Equal(0, exitCode);
        var token = new JwtSecurityTokenHandler().ReadJwtToken(output.Trim());
        Assert.Equal(["3", "7"], token.Claims.Where(c => c.Type == "org").Select(c => c.Value));
    }

    [Fact]
    public async Task The_local_signing_key_is_made_readable_by_its_owner_only()
    {
        using var folder = new BuiltHost();

        var (exitCode, _, _) = await folder.RunAsync(["token", "--role", "admin"]);

        Assert.Equal(0, exitCode);
        var key = Path.Combine(folder.Root, "local-data", "signing.key");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(key)!));
    }

    [Fact]
    public async Task A_key_file_others_can_read_is_refused_with_the_chmod_to_run_unless_a_platform_manages_it()
    {
        using var folder = new BuiltHost();
        var key = Path.Combine(folder.Root, "local-data", "signing.key");
        Assert.Equal(0, (await folder.RunAsync(["token", "--role", "admin"])).ExitCode);
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var refused = await folder.RunAsync(["--urls", "http://127.0.0.1:0"]);
        var allowed = await folder.RunAsync(["token", "--role", "admin"], new() { ["Auth__AllowSharedKeyFile"] = "true" });

        Assert.Equal(1, refused.ExitCode);
        var line = Assert.Single(refused.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Auth:SigningKeyFile", line);
        Assert.Contains($"chmod 600 {key}", line);
        Assert.Equal(0, allowed.ExitCode);
    }

    [Fact]
    public async Task Dotnet_run_uses_the_environment_the_user_sets()
    {
        // A launch profile that set ASPNETCORE_ENVIRONMENT would win over the user's here (the defect this guards against);
        // without one the built host starts in Production (SelfContainedTests).
        using var folder = await BuiltHost.WithSampleDatabaseAsync();
        var project = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(BuiltHost.HostDll))))!;
        var configuration = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(BuiltHost.HostDll)))!;
        string[] run = ["run", "--project", project, "-c", configuration, "--no-build", "--", "--urls", "http://127.0.0.1:0"];

        using var server = await folder.StartServerAsync(command: run, environment: new() { ["ASPNETCORE_ENVIRONMENT"] = "Staging" });

        Assert.Contains("Hosting environment: Staging", server.Output);
    }
}
