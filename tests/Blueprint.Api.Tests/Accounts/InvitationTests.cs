using System.Net;
using System.Net.Http.Json;
using Blueprint.Api.Accounts;
using Blueprint.Api.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Api.Tests.Accounts;

public sealed class InvitationTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_invited_provider_accepts_once_and_signs_in_acting_for_the_chosen_organisation()
    {
        var admin = await AdminAsync();
        var email = People.NewEmail("invited");

        var invited = await admin.PostAsJsonAsync("/api/admin/invitations", new { email, role = "provider", organisations = new[] { app.Known.OrganisationId }, language = "cy" }, Ct);
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var mail = People.LatestMailTo(app.MailFolder, email)!;
        Assert.Contains("Rydych wedi cael gwahoddiad", mail);
        var code = People.CodeIn(mail);

        var accepted = await app.CreateClient().PostAsJsonAsync("/api/account/invitations/accept", new { code, name = "Nia Jones", password = People.Password }, Ct);
        var twice = await app.CreateClient().PostAsJsonAsync("/api/account/invitations/accept", new { code, name = "Someone Else", password = People.Password }, Ct);

        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Equal("InvalidLink", await People.ErrorCodeAsync(twice));
        var me = await app.GetJsonAsync("/api/account/me", await People.SignInAsync(app, email));
        Assert.Equal("provider", me.GetProperty("role").GetString());
        Assert.Equal("cy", me.GetProperty("language").GetString());
        Assert.Equal([app.Known.OrganisationId], me.GetProperty("organisations").EnumerateArray().Select(o => o.GetProperty("id").GetInt32()));
    }

    [Fact]
    public async Task An_expired_or_revoked_invitation_cannot_be_accepted_and_only_pending_ones_are_listed()
    {
        var admin = await AdminAsync();
        var expiring = People.NewEmail("expiring");
        var revoked = People.NewEmail("revoked");
        await admin.PostAsJsonAsync("/api/admin/invitations", new { email = expiring, role = "analyst" }, Ct);
        var revokedId = (await People.JsonAsync(await admin.PostAsJsonAsync("/api/admin/invitations", new { email = revoked, role = "analyst" }, Ct))).GetProperty("id").GetInt32();
        await app.WithDb(db => db.Invitations.Where(i => i.Email == expiring).ExecuteUpdateAsync(s => s.SetProperty(i => i.ExpiresAt, DateTime.UtcNow.AddMinutes(-1)), Ct));

        var list = await app.GetJsonAsync("/api/admin/invitations", admin);
        Assert.True(list.EnumerateArray().Single(i => i.GetProperty("email").GetString() == expiring).GetProperty("expired").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/admin/invitations/{revokedId}", Ct)).StatusCode);
        Assert.DoesNotContain((await app.GetJsonAsync("/api/admin/invitations", admin)).EnumerateArray(), i => i.GetProperty("email").GetString() == revoked);

        foreach (var email in new[] { expiring, revoked })
        {
            var response = await app.CreateClient().PostAsJsonAsync("/api/account/invitations/accept",
                new { code = People.CodeIn(People.LatestMailTo(app.MailFolder, email)!), name = "Late", password = People.Password }, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_provider_or_analyst_can_never_invite_or_change_anyone()
    {
        var target = await People.CreateAsync(app, People.NewEmail(), Roles.Analyst);
        foreach (var (role, org) in new (string, int?)[] { (Roles.Provider, app.Known.OrganisationId), (Roles.Analyst, null) })
        {
            var email = People.NewEmail(role);
            await People.CreateAsync(app, email, role, org is { } o ? [o] : []);
            var session = await People.SignInAsync(app, email);
            var bearer = app.ClientAs(role, org);
            foreach (var client in new[] { session, bearer })
            {
                Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/admin/invitations", new { email = People.NewEmail(), role = "admin" }, Ct)).StatusCode);
                Assert.Equal(HttpStatusCode.Forbidden, (await client.PatchAsJsonAsync($"/api/admin/people/{target.Id}", new { role = "admin" }, Ct)).StatusCode);
                Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/admin/people", Ct)).StatusCode);
            }
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().PostAsJsonAsync("/api/admin/invitations", new { email = People.NewEmail(), role = "admin" }, Ct)).StatusCode);
    }

    [Fact]
    public async Task Bad_invitations_get_a_400_naming_the_field()
    {
        var admin = await AdminAsync();
        async Task<string?> TargetOf(object body) =>
            (await People.JsonAsync(await admin.PostAsJsonAsync("/api/admin/invitations", body, Ct))).GetProperty("error").GetProperty("target").GetString();

        Assert.Equal("email", await TargetOf(new { email = "not an address", role = "analyst" }));
        Assert.Equal("role", await TargetOf(new { email = People.NewEmail(), role = "owner" }));
        Assert.Equal("organisations", await TargetOf(new { email = People.NewEmail(), role = "provider" }));
        Assert.Equal("organisations", await TargetOf(new { email = People.NewEmail(), role = "provider", organisations = new[] { 987654 } }));
    }

    [Fact]
    public async Task A_membership_change_or_a_lock_applies_to_a_session_at_once()
    {
        var admin = await AdminAsync();
        var email = People.NewEmail("provider");
        var person = await People.CreateAsync(app, email, Roles.Provider, app.Known.OrganisationId);
        var session = await People.SignInAsync(app, email);
        Assert.Empty(await GwyneddRecordsAsync(session));

        var moved = await admin.PatchAsJsonAsync($"/api/admin/people/{person.Id}", new { organisations = new[] { app.Known.OtherOrganisationId } }, Ct);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.NotEmpty(await GwyneddRecordsAsync(session));

        var locked = await admin.PatchAsJsonAsync($"/api/admin/people/{person.Id}", new { locked = true }, Ct);
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/account/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().PostAsJsonAsync("/api/account/signin", new { email, password = People.Password }, Ct)).StatusCode);
    }

    [Fact]
    public async Task An_admin_cannot_demote_or_lock_themself()
    {
        var email = People.NewEmail("admin");
        var me = await People.CreateAsync(app, email, Roles.Admin);
        var admin = await People.SignInAsync(app, email);

        Assert.Equal(HttpStatusCode.Conflict, (await admin.PatchAsJsonAsync($"/api/admin/people/{me.Id}", new { role = "analyst" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PatchAsJsonAsync($"/api/admin/people/{me.Id}", new { locked = true }, Ct)).StatusCode);
    }

    private async Task<List<int>> GwyneddRecordsAsync(HttpClient client)
    {
        var json = await app.GetJsonAsync($"/odata/VenueRecords?$filter=InterventionId eq {app.Known.GwyneddId}&$select=Id", client);
        return [.. json.GetProperty("value").EnumerateArray().Select(v => v.GetProperty("Id").GetInt32())];
    }

    private async Task<HttpClient> AdminAsync()
    {
        var email = People.NewEmail("admin");
        await People.CreateAsync(app, email, Roles.Admin);
        return await People.SignInAsync(app, email);
    }
}
