using System.Net;
using System.Net.Http.Json;
using Blueprint.Api.Accounts;
using Blueprint.Api.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Api.Tests.Accounts;

public sealed class TokenTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_token_is_shown_once_listed_without_its_secret_and_stops_working_when_revoked()
    {
        var (session, _) = await ProviderAsync();

        var created = await session.PostAsJsonAsync("/api/account/tokens", new { name = "Power BI", scope = "read", expiresInDays = 30 }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await People.JsonAsync(created);
        var secret = body.GetProperty("token").GetString()!;
        Assert.StartsWith("bp_", secret);

        var bearer = People.WithBearer(app, secret);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/odata/VenueRecords?$select=Id", Ct)).StatusCode);
        var listed = (await app.GetJsonAsync("/api/account/tokens", session)).EnumerateArray().Single();
        Assert.Equal("Power BI", listed.GetProperty("name").GetString());
        Assert.Equal("read", listed.GetProperty("scope").GetString());
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd"), listed.GetProperty("lastUsedOn").GetString());
        Assert.DoesNotContain(secret, listed.ToString());
        Assert.DoesNotContain(secret, app.WithDb(db => string.Join(" ", db.PersonalTokens.Select(t => t.Hash))));

        Assert.Equal(HttpStatusCode.NoContent, (await session.DeleteAsync($"/api/account/tokens/{body.GetProperty("id").GetInt32()}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bearer.GetAsync("/odata/VenueRecords?$select=Id", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_read_token_is_refused_on_every_write_and_a_write_token_is_not()
    {
        var email = People.NewEmail("admin");
        await People.CreateAsync(app, email, Roles.Admin);
        var session = await People.SignInAsync(app, email);
        var read = People.WithBearer(app, await TokenAsync(session, "read"));
        var write = People.WithBearer(app, await TokenAsync(session, "write"));

        var refused = await read.PostAsync("/api/imports/999999/publish", null, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("ReadOnlyToken", await People.ErrorCodeAsync(refused));
        Assert.Equal(HttpStatusCode.Forbidden, (await read.DeleteAsync("/api/admin/invitations/1", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await read.GetAsync("/api/admin/people", Ct)).StatusCode);

        var allowed = await write.PostAsync("/api/imports/999999/publish", null, Ct);
        Assert.NotEqual(HttpStatusCode.Forbidden, allowed.StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, allowed.StatusCode);
    }

    [Fact]
    public async Task An_expired_token_or_a_locked_persons_token_gets_401()
    {
        var (session, person) = await ProviderAsync();
        var expiring = People.WithBearer(app, await TokenAsync(session, "read"));
        var lockedOut = People.WithBearer(app, await TokenAsync(session, "read"));
        Assert.Equal(HttpStatusCode.OK, (await expiring.GetAsync("/api/account/me", Ct)).StatusCode);

        await app.WithDb(db => db.PersonalTokens.Where(t => t.PersonId == person.Id).OrderBy(t => t.Id).Take(1)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, DateTime.UtcNow.AddSeconds(-1)), Ct));
        app.Services.GetRequiredService<AccountSnapshot>().Invalidate();
        Assert.Equal(HttpStatusCode.Unauthorized, (await expiring.GetAsync("/api/account/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await lockedOut.GetAsync("/api/account/me", Ct)).StatusCode);

        var admin = await People.SignInAsync(app, await AdminEmailAsync());
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/admin/people/{person.Id}", new { locked = true }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await lockedOut.GetAsync("/api/account/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_token_carries_the_persons_current_organisations()
    {
        var (session, person) = await ProviderAsync();
        var bearer = People.WithBearer(app, await TokenAsync(session, "read"));
        Assert.Empty(await GwyneddRecordsAsync(bearer));

        var admin = await People.SignInAsync(app, await AdminEmailAsync());
        await admin.PatchAsJsonAsync($"/api/admin/people/{person.Id}", new { organisations = new[] { app.Known.OrganisationId, app.Known.OtherOrganisationId } }, Ct);

        Assert.NotEmpty(await GwyneddRecordsAsync(bearer));
    }

    [Fact]
    public async Task Tokens_are_made_only_from_a_session_within_the_longest_lifetime()
    {
        var (session, _) = await ProviderAsync();
        var bearer = People.WithBearer(app, await TokenAsync(session, "write"));

        Assert.Equal(HttpStatusCode.Forbidden, (await bearer.PostAsJsonAsync("/api/account/tokens", new { name = "from a token", scope = "write" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(Roles.Admin).PostAsJsonAsync("/api/account/tokens", new { name = "local key", scope = "read" }, Ct)).StatusCode);
        var tooLong = await session.PostAsJsonAsync("/api/account/tokens", new { name = "forever", scope = "read", expiresInDays = 366 }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal("expiresInDays", (await People.JsonAsync(tooLong)).GetProperty("error").GetProperty("target").GetString());
        var badScope = await session.PostAsJsonAsync("/api/account/tokens", new { name = "all", scope = "admin" }, Ct);
        Assert.Equal("scope", (await People.JsonAsync(badScope)).GetProperty("error").GetProperty("target").GetString());
        var defaulted = await People.JsonAsync(await session.PostAsJsonAsync("/api/account/tokens", new { name = "a year", scope = "read" }, Ct));
        Assert.InRange((defaulted.GetProperty("expiresAt").GetDateTime() - DateTime.UtcNow).TotalDays, 364.9, 365.1);
    }

    [Fact]
    public async Task Another_persons_token_cannot_be_revoked()
    {
        var (owner, _) = await ProviderAsync();
        var (other, _) = await ProviderAsync();
        var id = (await People.JsonAsync(await owner.PostAsJsonAsync("/api/account/tokens", new { name = "mine", scope = "read" }, Ct))).GetProperty("id").GetInt32();

        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/api/account/tokens/{id}", Ct)).StatusCode);
        Assert.Single((await app.GetJsonAsync("/api/account/tokens", owner)).EnumerateArray());
    }

    private async Task<(HttpClient Session, Blueprint.Data.Accounts.Person Person)> ProviderAsync()
    {
        var email = People.NewEmail("provider");
        var person = await People.CreateAsync(app, email, Roles.Provider, app.Known.OrganisationId);
        return (await People.SignInAsync(app, email), person);
    }

    private async Task<string> AdminEmailAsync()
    {
        var email = People.NewEmail("admin");
        await People.CreateAsync(app, email, Roles.Admin);
        return email;
    }

    private async Task<string> TokenAsync(HttpClient session, string scope)
    {
        var created = await session.PostAsJsonAsync("/api/account/tokens", new { name = $"{scope} token", scope }, Ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        return (await People.JsonAsync(created)).GetProperty("token").GetString()!;
    }

    private async Task<List<int>> GwyneddRecordsAsync(HttpClient client)
    {
        var json = await app.GetJsonAsync($"/odata/VenueRecords?$filter=InterventionId eq {app.Known.GwyneddId}&$select=Id", client);
        return [.. json.GetProperty("value").EnumerateArray().Select(v => v.GetProperty("Id").GetInt32())];
    }
}
