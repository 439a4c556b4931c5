using System.Net;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Blueprint.Api.Accounts;
using Blueprint.Api.Auth;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Api.Tests.Accounts;

/// <summary>
/// Page sign-in through an OpenID provider hosted in the test: the person is matched by verified e-mail or by the
/// linked subject, and their rights come from our tables, never from the provider's claims.
/// </summary>
public sealed partial class OidcSignInTests(OidcSignInTests.Hosts hosts) : IClassFixture<OidcSignInTests.Hosts>
{
    private readonly BlueprintApp app = hosts.App;
    private readonly OidcProvider provider = hosts.Provider;
    private readonly WebApplicationFactory<Program> host = hosts.Host;

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// The shared fixture's host, the provider, and a host of ours that trusts it: one set for the class (each test
    /// says who signs in next and uses new addresses), rather than a provider and a host started per test.
    /// </summary>
    public sealed class Hosts : IAsyncLifetime
    {
        public BlueprintApp App { get; } = new();
        public OidcProvider Provider { get; private set; } = null!;
        public WebApplicationFactory<Program> Host { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            await App.InitializeAsync();
            Provider = await OidcProvider.StartAsync();
            var provider = Provider;
            Host = App.WithWebHostBuilder(b =>
            {
                b.UseSetting("Auth:Oidc:Authority", OidcProvider.Authority);
                b.UseSetting("Auth:Oidc:ClientId", OidcProvider.ClientId);
                b.UseSetting("Auth:Oidc:ClientSecret", OidcProvider.ClientSecret);
                b.ConfigureTestServices(s => s.Configure<OpenIdConnectOptions>(OidcSignIn.Scheme, o => o.BackchannelHttpHandler = provider.Handler));
            });
        }

        public async ValueTask DisposeAsync()
        {
            await Host.DisposeAsync();
            await Provider.DisposeAsync();
            await App.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_verified_address_signs_in_with_the_role_and_organisations_from_our_tables_not_the_providers()
    {
        var email = People.NewEmail("provider");
        await People.CreateAsync(host, email, Roles.Provider, app.Known.OrganisationId);
        Say(subject: Guid.NewGuid().ToString(), email, verified: true, extra: [new("roles", "admin"), new("org", app.Known.OtherOrganisationId.ToString(System.Globalization.CultureInfo.InvariantCulture))]);

        var (client, landing) = await SignInThroughProviderAsync("/manage");

        Assert.Equal("/manage", landing);
        var me = await app.GetJsonAsync("/api/account/me", client);
        Assert.Equal("provider", me.GetProperty("role").GetString());
        Assert.Equal([app.Known.OrganisationId], me.GetProperty("organisations").EnumerateArray().Select(o => o.GetProperty("id").GetInt32()));
        await People.AddAntiforgeryAsync(client);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/admin/people", Ct)).StatusCode);
    }

    [Fact]
    public async Task An_unverified_or_unknown_address_gets_no_session()
    {
        var email = People.NewEmail();
        await People.CreateAsync(host, email, Roles.Analyst);

        Say(Guid.NewGuid().ToString(), email, verified: false);
        var (unverified, landing) = await SignInThroughProviderAsync("/");
        Say(Guid.NewGuid().ToString(), People.NewEmail("stranger"), verified: true);
        var (stranger, strangerLanding) = await SignInThroughProviderAsync("/");

        Assert.Equal("/?signin=no-account", landing);
        Assert.Equal("/?signin=no-account", strangerLanding);
        Assert.Equal(HttpStatusCode.Unauthorized, (await unverified.GetAsync("/api/account/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync("/api/account/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task Once_linked_the_subject_signs_in_even_when_the_provider_no_longer_vouches_for_the_address()
    {
        var email = People.NewEmail();
        await People.CreateAsync(host, email, Roles.Analyst);
        var subject = Guid.NewGuid().ToString();
        Say(subject, email, verified: true);
        await SignInThroughProviderAsync("/");

        Say(subject, People.NewEmail("renamed"), verified: false);
        var (client, landing) = await SignInThroughProviderAsync("/");

        Assert.Equal("/", landing);
        Assert.Equal(email, (await app.GetJsonAsync("/api/account/me", client)).GetProperty("email").GetString());
    }

    [Fact]
    public async Task The_return_address_stays_on_this_site()
    {
        var email = People.NewEmail();
        await People.CreateAsync(host, email, Roles.Analyst);
        Say(Guid.NewGuid().ToString(), email, verified: true);

        var (_, landing) = await SignInThroughProviderAsync("//evil.example/");

        Assert.Equal("/", landing);
    }

    private void Say(string subject, string email, bool verified, Claim[]? extra = null)
    {
        provider.User.Clear();
        provider.User.Add(new Claim("sub", subject));
        provider.User.Add(new Claim("email", email));
        provider.User.Add(new Claim("email_verified", verified ? "true" : "false", ClaimValueTypes.Boolean));
        provider.User.Add(new Claim("name", "Someone"));
        provider.User.AddRange(extra ?? []);
    }

    /// <summary>Follows the browser's path: our challenge, the provider's form_post answer, our callback, our completion.</summary>
    private async Task<(HttpClient Client, string Landing)> SignInThroughProviderAsync(string returnUrl)
    {
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(OidcProvider.AppAddress), AllowAutoRedirect = false });
        var challenge = await client.GetAsync("/api/account/oidc/signin?returnUrl=" + Uri.EscapeDataString(returnUrl), Ct);
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        Assert.StartsWith(OidcProvider.Authority, challenge.Headers.Location!.ToString());

        var answer = await provider.Client().GetAsync(challenge.Headers.Location, Ct);
        var html = await answer.Content.ReadAsStringAsync(Ct);
        Assert.True(answer.IsSuccessStatusCode, html);
        var fields = HiddenInput().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));

        var callback = await client.PostAsync("/signin-oidc", new FormUrlEncodedContent(fields), Ct);
        Assert.True(callback.StatusCode == HttpStatusCode.Redirect, $"{(int)callback.StatusCode}: {await callback.Content.ReadAsStringAsync(Ct)}");
        var complete = await client.GetAsync(callback.Headers.Location, Ct);
        Assert.Equal(HttpStatusCode.Redirect, complete.StatusCode);
        return (client, complete.Headers.Location!.ToString());
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenInput();
}
