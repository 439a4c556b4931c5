using System.Net;
using System.Net.Http.Json;
using Blueprint.Api.Auth;

namespace Blueprint.Api.Tests.Accounts;

public sealed class PasswordResetTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Forgot_answers_202_for_any_address_and_mails_only_an_account()
    {
        var email = People.NewEmail();
        await People.CreateAsync(app, email, Roles.Analyst);
        var unknown = People.NewEmail();
        var client = app.CreateClient();

        var known = await client.PostAsJsonAsync("/api/account/password/forgot", new { email }, Ct);
        var nobody = await client.PostAsJsonAsync("/api/account/password/forgot", new { email = unknown }, Ct);

        Assert.Equal(HttpStatusCode.Accepted, known.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, nobody.StatusCode);
        Assert.Equal(await known.Content.ReadAsStringAsync(Ct), await nobody.Content.ReadAsStringAsync(Ct));
        Assert.Contains("/account/reset#code=", People.LatestMailTo(app.MailFolder, email));
        Assert.Null(People.LatestMailTo(app.MailFolder, unknown));
    }

    [Fact]
    public async Task The_mailed_link_sets_a_new_password_once_and_ends_other_sessions()
    {
        var email = People.NewEmail();
        await People.CreateAsync(app, email, Roles.Analyst);
        var oldSession = await People.SignInAsync(app, email);
        var client = app.CreateClient();
        await client.PostAsJsonAsync("/api/account/password/forgot", new { email }, Ct);
        var code = People.CodeIn(People.LatestMailTo(app.MailFolder, email)!);
        const string newPassword = "a brand new long passphrase";

        var reset = await client.PostAsJsonAsync("/api/account/password/reset", new { code, password = newPassword }, Ct);
        var again = await client.PostAsJsonAsync("/api/account/password/reset", new { code, password = "yet another long passphrase" }, Ct);

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal("InvalidLink", await People.ErrorCodeAsync(again));
        Assert.Equal(HttpStatusCode.Unauthorized, (await oldSession.GetAsync("/api/account/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/account/signin", new { email, password = People.Password }, Ct)).StatusCode);
        await People.SignInAsync(app, email, newPassword);
    }

    [Fact]
    public async Task A_short_password_is_refused_naming_the_field_and_the_link_still_works()
    {
        var email = People.NewEmail();
        await People.CreateAsync(app, email, Roles.Analyst);
        var client = app.CreateClient();
        await client.PostAsJsonAsync("/api/account/password/forgot", new { email }, Ct);
        var code = People.CodeIn(People.LatestMailTo(app.MailFolder, email)!);

        var shortOne = await client.PostAsJsonAsync("/api/account/password/reset", new { code, password = "short" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, shortOne.StatusCode);
        Assert.Equal("password", (await People.JsonAsync(shortOne)).GetProperty("error").GetProperty("target").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/account/password/reset", new { code, password = "long enough to be a passphrase" }, Ct)).StatusCode);
    }

    [Fact]
    public async Task A_made_up_code_is_an_invalid_link()
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/account/password/reset", new { code = "bm90LWEtY29kZQ", password = "long enough to be a passphrase" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidLink", await People.ErrorCodeAsync(response));
    }
}
