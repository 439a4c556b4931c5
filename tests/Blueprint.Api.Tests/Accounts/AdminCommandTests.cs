using System.Net;
using System.Net.Http.Json;
using Blueprint.Api.Tests.Hosting;

namespace Blueprint.Api.Tests.Accounts;

/// <summary>The first administrator, made by the built host's command line, then used on a server over the same database.</summary>
[Collection(BuiltHost.Collection)]
public sealed class AdminCommandTests
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Admin_create_prints_a_set_password_link_that_works_on_the_server_and_a_second_run_changes_nothing()
    {
        using var folder = await BuiltHost.WithSampleDatabaseAsync();

        var (exitCode, output, _) = await folder.RunAsync(["admin", "create", "--email", "first@example.org", "--name", "First Admin"]);
        var (secondExit, secondOutput, secondErrors) = await folder.RunAsync(["admin", "create", "--email", "first@example.org"]);

        Assert.Equal(0, exitCode);
        Assert.Equal(1, secondExit);
        Assert.Empty(secondOutput);
        Assert.Contains("already an account", secondErrors);
        using var server = await folder.StartServerAsync();
        var client = server.Client();
        var reset = await client.PostAsJsonAsync("/api/account/password/reset", new { code = People.CodeIn(output), password = "an administrator's own passphrase" }, Ct);
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        var signIn = await client.PostAsJsonAsync("/api/account/signin", new { email = "first@example.org", password = "an administrator's own passphrase" }, Ct);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var me = await People.JsonAsync(signIn);
        Assert.Equal("admin", me.GetProperty("role").GetString());
        // The built host runs in Production, where an administrator must enrol in two-factor sign-in first.
        Assert.True(me.GetProperty("mustEnrolTwoFactor").GetBoolean());
    }

    [Fact]
    public async Task Help_lists_admin_and_a_bad_address_is_a_usage_error()
    {
        using var folder = new BuiltHost();

        var (helpExit, help, _) = await folder.RunAsync(["help"]);
        var (badExit, _, errors) = await folder.RunAsync(["admin", "create", "--email", "not an address"]);

        Assert.Equal(0, helpExit);
        Assert.Contains("  admin ", help);
        Assert.Equal(2, badExit);
        Assert.Contains("--email", errors);
    }
}
