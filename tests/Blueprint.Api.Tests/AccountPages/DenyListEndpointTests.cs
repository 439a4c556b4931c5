using System.Net;
using System.Net.Http.Json;
using Blueprint.Api.Auth;
using Blueprint.Api.Tests.Accounts;
using Blueprint.Data.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Api.Tests.AccountPages;

/// <summary>Every route that sets a password refuses a guessable one, naming the field, and changes nothing.</summary>
public sealed class DenyListEndpointTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_reset_to_a_common_password_is_refused_and_the_link_still_works()
    {
        var email = People.NewEmail();
        await People.CreateAsync(app, email, Roles.Analyst);
        var client = app.CreateClient();
        await client.PostAsJsonAsync("/api/account/password/forgot", new { email }, Ct);
        var code = People.CodeIn(People.LatestMailTo(app.MailFolder, email)!);

        var common = await client.PostAsJsonAsync("/api/account/password/reset", new { code, password = "P@ssw0rd2024!" }, Ct);
        var site = await client.PostAsJsonAsync("/api/account/password/reset", new { code, password = "my Blueprint passphrase" }, Ct);

        await AssertRefusedAsync(common, "password", "too easy to guess");
        await AssertRefusedAsync(site, "password", "name of this site");
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/account/password/reset", new { code, password = "purple tractor in the larder" }, Ct)).StatusCode);
    }

    [Fact]
    public async Task Accepting_an_invitation_with_the_e_mail_name_in_the_password_is_refused_and_the_invitation_still_works()
    {
        var email = $"rhiannon.{Guid.NewGuid():N}"[..20] + "@example.org";
        var local = email.Split('@')[0];
        var admin = app.ClientAs(Roles.Admin);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/admin/invitations", new { email, role = "analyst" }, Ct)).StatusCode);
        var code = People.CodeIn(People.LatestMailTo(app.MailFolder, email)!);

        var refused = await app.CreateClient().PostAsJsonAsync("/api/account/invitations/accept",
            new { code, name = "Rhiannon", password = $"{local.ToUpperInvariant()} likes tea" }, Ct);

        await AssertRefusedAsync(refused, "password", "e-mail address");
        Assert.Equal(HttpStatusCode.Created, (await app.CreateClient().PostAsJsonAsync("/api/account/invitations/accept",
            new { code, name = "Rhiannon", password = People.Password }, Ct)).StatusCode);
    }

    [Fact]
    public async Task Changing_to_a_keyboard_walk_is_refused_naming_the_new_password_and_the_old_one_still_signs_in()
    {
        var email = People.NewEmail();
        await People.CreateAsync(app, email, Roles.Provider, app.Known.OrganisationId);
        var client = await People.SignInAsync(app, email);

        var refused = await client.PostAsJsonAsync("/api/account/password", new { currentPassword = People.Password, newPassword = "qwertyuiop1234" }, Ct);

        await AssertRefusedAsync(refused, "newPassword", "keyboard patterns");
        await People.SignInAsync(app, email);
    }

    [Fact]
    public async Task An_account_made_with_a_sequence_for_a_password_is_refused()
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Person>>();
        var email = People.NewEmail("admin");
        var person = new Person { UserName = email, Email = email, DisplayName = "", Role = Roles.Admin, CreatedAt = DateTime.UtcNow };

        var result = await users.CreateAsync(person, "123456789012");

        Assert.Contains(result.Errors, e => e.Code == "PasswordTooCommon");
        Assert.Null(await users.FindByEmailAsync(email));
    }

    [Fact]
    public async Task The_config_says_whether_organisation_sign_in_is_offered()
    {
        var config = await app.GetJsonAsync("/api/config");

        Assert.False(config.GetProperty("oidc").GetBoolean());
        using var withOidc = app.WithWebHostBuilder(b =>
        {
            b.UseSetting("Auth:Oidc:Authority", "https://login.example.org");
            b.UseSetting("Auth:Oidc:ClientId", "blueprint");
        });
        var offered = await (await withOidc.CreateClient().GetAsync("/api/config", Ct)).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct);
        Assert.True(offered.GetProperty("oidc").GetBoolean());
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string field, string says)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await People.JsonAsync(response)).GetProperty("error");
        Assert.Equal(field, error.GetProperty("target").GetString());
        Assert.Contains(says, error.GetProperty("message").GetString());
    }
}
