using System.Net;
using System.Net.Http.Json;
using Blueprint.Api.Auth;

namespace Blueprint.Api.Tests.Accounts;

public sealed class SignInTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_person_signs_in_and_me_shows_their_role_organisations_by_name_language_and_2fa_state()
    {
        var email = People.NewEmail("provider");
        await People.CreateAsync(app, email, Roles.Provider, app.Known.OrganisationId, app.Known.OtherOrganisationId);

        var client = await People.SignInAsync(app, email);
        var me = await app.GetJsonAsync("/api/account/me", client);

        Assert.Equal(email, me.GetProperty("email").GetString());
        Assert.Equal("provider", me.GetProperty("role").GetString());
        Assert.Equal("en", me.GetProperty("language").GetString());
        Assert.False(me.GetProperty("twoFactorEnabled").GetBoolean());
        Assert.Equal(["Known Test Organisation", "Other Test Organisation"],
            me.GetProperty("organisations").EnumerateArray().Select(o => o.GetProperty("name").GetString()).Order());
    }

    [Fact]
    public async Task The_session_cookie_is_HttpOnly_and_SameSite_Strict_and_Secure_over_https()
    {
        var email = People.NewEmail();
        await People.CreateAsync(app, email, Roles.Analyst);

        var overHttps = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
        var response = await overHttps.PostAsJsonAsync("/api/account/signin", new { email, password = People.Password }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("blueprint.session=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_address_get_the_same_answer()
    {
        var email = People.NewEmail();
        await People.CreateAsync(app, email, Roles.Analyst);
        var client = app.CreateClient();

        var wrong = await client.PostAsJsonAsync("/api/account/signin", new { email, password = "not the password at all" }, Ct);
        var unknown = await client.PostAsJsonAsync("/api/account/signin", new { email = People.NewEmail(), password = "not the password at all" }, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(await wrong.Content.ReadAsStringAsync(Ct), await unknown.Content.ReadAsStringAsync(Ct));
        Assert.False(wrong.Headers.Contains("Set-Cookie") && wrong.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("blueprint.session=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Five_failures_lock_the_account_so_even_the_right_password_is_refused()
    {
        var email = People.NewEmail();
        await People.CreateAsync(app, email, Roles.Analyst);
        var client = app.CreateClient();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/account/signin", new { email, password = $"wrong password {i}" }, Ct)).StatusCode);
        }
        var right = await client.PostAsJsonAsync("/api/account/signin", new { email, password = People.Password }, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Equal("SignInFailed", await People.ErrorCodeAsync(right));
    }

    [Fact]
    public async Task Failed_sign_ins_leave_the_data_version_alone_but_a_role_change_moves_it()
    {
        var email = People.NewEmail();
        var person = await People.CreateAsync(app, email, Roles.Analyst);
        var client = app.CreateClient();
        var before = People.DataVersion(app);

        for (var i = 0; i < 6; i++)
        {
            await client.PostAsJsonAsync("/api/account/signin", new { email, password = $"hammering {i}" }, Ct);
        }
        Assert.Equal(before, People.DataVersion(app));

        var admin = await People.SignInAsync(app, await AdminAsync());
        var afterAdminSignIn = People.DataVersion(app);
        var changed = await admin.PatchAsJsonAsync($"/api/admin/people/{person.Id}", new { role = "provider", organisations = new[] { app.Known.OrganisationId } }, Ct);
        Assert.True(changed.StatusCode == HttpStatusCode.OK, await changed.Content.ReadAsStringAsync(Ct));
        Assert.True(People.DataVersion(app) > afterAdminSignIn);
    }

    [Fact]
    public async Task Without_a_session_the_api_answers_401_with_the_error_body_never_a_redirect()
    {
        var response = await app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false })
            .GetAsync("/api/account/me", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("Unauthorized", await People.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var email = People.NewEmail();
        await People.CreateAsync(app, email, Roles.Analyst);
        var client = await People.SignInAsync(app, email);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/account/signout", null, Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/account/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_cookie_write_without_the_antiforgery_token_is_refused_and_with_it_goes_through()
    {
        var email = People.NewEmail();
        await People.CreateAsync(app, email, Roles.Admin);
        var client = await People.SignInAsync(app, email);
        var token = client.DefaultRequestHeaders.GetValues(Blueprint.Api.Accounts.RequestGuards.HeaderName).Single();
        client.DefaultRequestHeaders.Remove(Blueprint.Api.Accounts.RequestGuards.HeaderName);

        var profile = await client.PatchAsJsonAsync("/api/account/me", new { language = "cy" }, Ct);
        var publish = await client.PostAsync("/api/imports/999999/publish", null, Ct);
        var signOut = await client.PostAsync("/api/account/signout", null, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, profile.StatusCode);
        Assert.Equal("AntiforgeryTokenMissing", await People.ErrorCodeAsync(profile));
        Assert.Equal(HttpStatusCode.BadRequest, publish.StatusCode);
        Assert.Equal("AntiforgeryTokenMissing", await People.ErrorCodeAsync(publish));
        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);

        client.DefaultRequestHeaders.Add(Blueprint.Api.Accounts.RequestGuards.HeaderName, token);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PatchAsJsonAsync("/api/account/me", new { language = "cy" }, Ct)).StatusCode);
        Assert.Equal("cy", (await app.GetJsonAsync("/api/account/me", client)).GetProperty("language").GetString());
    }

    [Fact]
    public async Task A_local_key_bearer_write_needs_no_antiforgery_token()
    {
        var response = await app.ClientAs(Roles.Admin).PostAsync("/api/imports/999999/publish", null, Ct);

        Assert.NotEqual(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<string> AdminAsync()
    {
        var email = People.NewEmail("admin");
        await People.CreateAsync(app, email, Roles.Admin);
        return email;
    }
}
