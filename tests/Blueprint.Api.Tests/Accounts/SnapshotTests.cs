using System.Net;
using System.Net.Http.Json;
using Blueprint.Api.Auth;
using Microsoft.AspNetCore.Hosting;

namespace Blueprint.Api.Tests.Accounts;

/// <summary>
/// Another host on the same database learns of a new token, a revocation or a membership change through the data
/// version (each host keeps its own in-memory snapshot), within the freshness tests' generous deadline.
/// </summary>
public sealed class SnapshotTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_token_made_revoked_or_given_another_organisation_on_one_host_is_seen_so_on_another()
    {
        using var other = app.WithWebHostBuilder(b => b.UseSetting("Freshness:PollMilliseconds", "200"));
        var email = People.NewEmail("provider");
        var person = await People.CreateAsync(app, email, Roles.Provider, app.Known.OrganisationId);
        var session = await People.SignInAsync(app, email);
        var created = await People.JsonAsync(await session.PostAsJsonAsync("/api/account/tokens", new { name = "elsewhere", scope = "read" }, Ct));
        var onOther = People.WithBearer(other, created.GetProperty("token").GetString()!);
        var gwynedd = $"/odata/VenueRecords?$filter=InterventionId eq {app.Known.GwyneddId}&$select=Id";

        await UntilAsync(async () => (await onOther.GetAsync(gwynedd, Ct)).StatusCode == HttpStatusCode.OK, "the new token on the other host");
        Assert.Equal("[]", (await People.JsonAsync(await onOther.GetAsync(gwynedd, Ct))).GetProperty("value").ToString());

        var admin = await People.SignInAsync(app, await AdminAsync());
        await admin.PatchAsJsonAsync($"/api/admin/people/{person.Id}", new { organisations = new[] { app.Known.OtherOrganisationId } }, Ct);
        await UntilAsync(async () => (await People.JsonAsync(await onOther.GetAsync(gwynedd, Ct))).GetProperty("value").GetArrayLength() > 0,
            "the membership change on the other host");

        await session.DeleteAsync($"/api/account/tokens/{created.GetProperty("id").GetInt32()}", Ct);
        await UntilAsync(async () => (await onOther.GetAsync(gwynedd, Ct)).StatusCode == HttpStatusCode.Unauthorized, "the revocation on the other host");
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var started = DateTime.UtcNow;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow - started < Deadline, $"Waited {Deadline.TotalSeconds} s for {what}.");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private async Task<string> AdminAsync()
    {
        var email = People.NewEmail("admin");
        await People.CreateAsync(app, email, Roles.Admin);
        return email;
    }
}
