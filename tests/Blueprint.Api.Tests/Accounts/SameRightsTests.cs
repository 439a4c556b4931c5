using System.Net.Http.Json;
using Blueprint.Api.Auth;

namespace Blueprint.Api.Tests.Accounts;

/// <summary>A person signed in by cookie or by personal token has exactly the rights of a local-key token for the same role and organisations.</summary>
public sealed class SameRightsTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Urls =>
    [
        "/odata/VenueRecords?$top=500&$orderby=Id",
        "/odata/VenueRecords?$filter=startswith(Name,'ZZ')&$orderby=Id",
        "/odata/Interventions?$filter=startswith(Name,'ZZKNOWN')&$expand=Venues&$orderby=Id",
        "/odata/survey/SurveyImports",
        "/api/imports",
    ];

    [Theory]
    [MemberData(nameof(Urls))]
    public async Task A_provider_of_one_organisation_sees_the_same_by_cookie_by_personal_token_and_by_local_key(string url)
    {
        var email = People.NewEmail("provider");
        await People.CreateAsync(app, email, Roles.Provider, app.Known.OrganisationId);
        var session = await People.SignInAsync(app, email);
        var created = await session.PostAsJsonAsync("/api/account/tokens", new { name = "same rights", scope = "read" }, Ct);
        var token = People.WithBearer(app, (await People.JsonAsync(created)).GetProperty("token").GetString()!);
        var localKey = app.ClientAs(Roles.Provider, app.Known.OrganisationId);

        var expected = await localKey.GetAsync(url, Ct);
        var expectedBody = await expected.Content.ReadAsStringAsync(Ct);
        foreach (var client in new[] { session, token })
        {
            var actual = await client.GetAsync(url, Ct);
            Assert.Equal(expected.StatusCode, actual.StatusCode);
            Assert.Equal(expectedBody, await actual.Content.ReadAsStringAsync(Ct));
        }
    }
}
