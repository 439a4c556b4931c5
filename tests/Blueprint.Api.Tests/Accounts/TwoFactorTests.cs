using System.Net;
using System.Net.Http.Json;
using Blueprint.Api.Auth;
using Microsoft.AspNetCore.Hosting;

namespace Blueprint.Api.Tests.Accounts;

public sealed class TwoFactorTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_enrolling_sign_in_needs_a_current_code_or_a_recovery_code_used_once()
    {
        var email = People.NewEmail();
        await People.CreateAsync(app, email, Roles.Analyst);
        var client = await People.SignInAsync(app, email);
        var (key, recoveryCodes) = await EnrolAsync(client);

        // The enrolling session carries on (its cookie was issued again with the new security stamp).
        Assert.True((await app.GetJsonAsync("/api/account/me", client)).GetProperty("twoFactorEnabled").GetBoolean());

        var anonymous = app.CreateClient();
        var noCode = await anonymous.PostAsJsonAsync("/api/account/signin", new { email, password = People.Password }, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, noCode.StatusCode);
        Assert.Equal("TwoFactorRequired", await People.ErrorCodeAsync(noCode));
        var wrongCode = await anonymous.PostAsJsonAsync("/api/account/signin", new { email, password = People.Password, code = "000000" == People.Totp(key) ? "111111" : "000000" }, Ct);
        Assert.Equal("SignInFailed", await People.ErrorCodeAsync(wrongCode));

        await People.SignInAsync(app, email, code: People.Totp(key));
        await People.SignInAsync(app, email, code: recoveryCodes[0]);
        var again = await app.CreateClient().PostAsJsonAsync("/api/account/signin", new { email, password = People.Password, code = recoveryCodes[0] }, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
    }

    [Fact]
    public async Task Enrolment_gives_a_key_and_an_otpauth_uri_and_a_wrong_first_code_does_not_turn_it_on()
    {
        var email = People.NewEmail();
        await People.CreateAsync(app, email, Roles.Analyst);
        var client = await People.SignInAsync(app, email);

        var enrol = await People.JsonAsync(await client.PostAsync("/api/account/2fa/enrol", null, Ct));
        var key = enrol.GetProperty("key").GetString()!;
        Assert.StartsWith("otpauth://totp/Blueprint%3A", enrol.GetProperty("uri").GetString());
        Assert.Contains($"secret={key}", enrol.GetProperty("uri").GetString());

        var wrong = await client.PostAsJsonAsync("/api/account/2fa/confirm", new { code = "12345" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.False((await app.GetJsonAsync("/api/account/me", client)).GetProperty("twoFactorEnabled").GetBoolean());
    }

    [Fact]
    public async Task When_required_an_admin_without_2fa_can_sign_in_but_reach_only_enrolment_until_enrolled()
    {
        using var strict = app.WithWebHostBuilder(b => b.UseSetting("Accounts:RequireTwoFactorForAdmins", "true"));
        var email = People.NewEmail("admin");
        await People.CreateAsync(strict, email, Roles.Admin);
        var client = await People.SignInAsync(strict, email);

        var me = await app.GetJsonAsync("/api/account/me", client);
        Assert.True(me.GetProperty("mustEnrolTwoFactor").GetBoolean());
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/admin/people", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/odata/VenueRecords", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/account/tokens", new { name = "x", scope = "read" }, Ct)).StatusCode);

        await EnrolAsync(client);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/admin/people", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/odata/VenueRecords", Ct)).StatusCode);
    }

    [Fact]
    public async Task When_not_required_an_admin_without_2fa_has_every_admin_right()
    {
        var email = People.NewEmail("admin");
        await People.CreateAsync(app, email, Roles.Admin);
        var client = await People.SignInAsync(app, email);

        Assert.False((await app.GetJsonAsync("/api/account/me", client)).GetProperty("mustEnrolTwoFactor").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/admin/people", Ct)).StatusCode);
    }

    [Fact]
    public async Task Turning_2fa_off_needs_a_current_code()
    {
        var email = People.NewEmail();
        await People.CreateAsync(app, email, Roles.Analyst);
        var client = await People.SignInAsync(app, email);
        var (key, _) = await EnrolAsync(client);

        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/account/2fa/disable", new { code = "" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/account/2fa/disable", new { code = People.Totp(key) }, Ct)).StatusCode);

        await People.SignInAsync(app, email);
    }

    private async Task<(string Key, string[] RecoveryCodes)> EnrolAsync(HttpClient client)
    {
        var enrol = await client.PostAsync("/api/account/2fa/enrol", null, Ct);
        Assert.True(enrol.IsSuccessStatusCode, await enrol.Content.ReadAsStringAsync(Ct));
        var key = (await People.JsonAsync(enrol)).GetProperty("key").GetString()!;
        var confirm = await client.PostAsJsonAsync("/api/account/2fa/confirm", new { code = People.Totp(key) }, Ct);
        Assert.True(confirm.IsSuccessStatusCode, await confirm.Content.ReadAsStringAsync(Ct));
        var codes = (await People.JsonAsync(confirm)).GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!).ToArray();
        Assert.Equal(10, codes.Length);
        return (key, codes);
    }
}
