using System.Net;
using Blueprint.Api.Auth;
using Blueprint.Api.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Blueprint.Api.Tests.Hosting;

/// <summary>Every kind of response carries the security headers; personal and credentialed ones are never stored by a cache.</summary>
public sealed class SecurityHeaderTests(SecurityHeaderTests.FrontEndApp host) : IClassFixture<SecurityHeaderTests.FrontEndApp>
{
    private BlueprintApp app => host.App;

    /// <summary>The test host plus one variant that serves a small front end (the shared fixture has none), started once.</summary>
    public sealed class FrontEndApp : IAsyncLifetime
    {
        public static readonly string WebRoot = Directory.CreateTempSubdirectory("blueprint-web-root-").FullName;

        public BlueprintApp App { get; } = new();
        public WebApplicationFactory<Program> FrontEnd { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            File.WriteAllText(Path.Combine(WebRoot, "index.html"), "<!doctype html><title>Blueprint</title>");
            Directory.CreateDirectory(Path.Combine(WebRoot, "assets"));
            File.WriteAllText(Path.Combine(WebRoot, "assets", "main.js"), "export {};");
            File.WriteAllText(Path.Combine(WebRoot, "assets", "main.js.map"), "{}");
            await App.InitializeAsync();
            FrontEnd = With(App, "Testing");
        }

        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync(); // disposes the variants too
            Directory.Delete(WebRoot, recursive: true);
        }

        public static WebApplicationFactory<Program> With(BlueprintApp app, string environment, params (string Key, string Value)[] settings) =>
            app.WithWebHostBuilder(b =>
            {
                b.UseEnvironment(environment);
                b.UseSetting("Web:Root", WebRoot);
                foreach (var (key, value) in settings)
                {
                    b.UseSetting(key, value);
                }
            });
    }

    /// <summary>Another variant of the host (disposed by the caller).</summary>
    private WebApplicationFactory<Program> WithFrontEnd(string environment = "Testing", params (string Key, string Value)[] settings) =>
        FrontEndApp.With(app, environment, settings);

    public static TheoryData<string, int> EveryKind() => new()
    {
        { "/odata/Interventions?$top=1", 200 },                 // OData
        { "/odata/$metadata", 200 },
        { "/odata/Interventions?$top=-1", 400 },                // OData error
        { "/odata/Nothing", 404 },                              // unknown OData path
        { "/api/geo/areas?kind=health-board", 200 },            // minimal API
        { "/api/geo/areas?kind=nonsense", 400 },
        { "/api/config", 200 },
        { "/api/imports", 401 },                                // refused
        { "/odata/survey/SurveyImports", 401 },
        { "/health", 200 },
        { "/", 200 },                                           // the front end
        { "/assets/main.js", 200 },                             // a static file
        { "/interventions/12", 200 },                           // the front end's fallback
        { "/api/nothing", 404 },
    };

    [Theory]
    [MemberData(nameof(EveryKind))]
    public async Task Every_kind_of_response_carries_the_security_headers(string url, int status)
    {
        var response = await host.FrontEnd.CreateClient().GetAsync(url);
        Assert.Equal(status, (int)response.StatusCode);

        var csp = Header(response, "Content-Security-Policy");
        foreach (var directive in new[] { "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
                     "connect-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'" })
        {
            Assert.Contains(directive, csp);
        }
        Assert.DoesNotContain("unsafe", csp);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Contains("geolocation=()", Header(response, "Permissions-Policy"));
        Assert.False(response.Headers.Contains("Server"));
    }

    [Theory]
    [InlineData("/odata/survey/SurveyImports", Roles.Analyst)]
    [InlineData("/odata/survey/$metadata", Roles.Analyst)]
    [InlineData("/api/imports", Roles.Analyst)]
    [InlineData("/odata/VenueRecords", Roles.Admin)]
    [InlineData("/odata/venuerecords?$top=1", Roles.Admin)]
    [InlineData("/odata/VenueRecords/$count", Roles.Admin)]
    [InlineData("/odata/Interventions?$top=1", Roles.Provider)]   // a public route, but asked with a token
    [InlineData("/api/geo/areas", Roles.Provider)]
    [InlineData("/odata/survey/SurveyImports", null)]             // refused: still never stored
    [InlineData("/odata/VenueRecords", null)]
    public async Task Personal_confidential_and_credentialed_answers_are_no_store(string url, string? role)
    {
        var response = await app.ClientAs(role, role == Roles.Provider ? app.Known.OrganisationId : null).GetAsync(url);
        Assert.True((int)response.StatusCode < 500, $"{url} → {(int)response.StatusCode}");
        Assert.Equal("no-store", Header(response, "Cache-Control"));
    }

    [Fact]
    public async Task A_request_with_a_cookie_is_answered_no_store()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/odata/Areas?$top=1");
        request.Headers.Add("Cookie", "session=abc");
        var response = await app.CreateClient().SendAsync(request);
        Assert.Equal("no-store", Header(response, "Cache-Control"));
    }

    [Fact]
    public async Task Anonymous_public_reads_may_be_stored()
    {
        var response = await app.CreateClient().GetAsync("/odata/Areas?$top=1");
        Assert.NotEqual("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public void The_configured_tile_host_may_serve_images_and_nothing_else_is_added()
    {
        var csp = SecurityHeaders.ContentSecurityPolicy("https://{s}.tile.example.org/{z}/{x}/{y}.png", out var problem);
        Assert.Null(problem);
        Assert.Contains("img-src 'self' data: https://*.tile.example.org;", csp);
        Assert.Contains("connect-src 'self';", csp);
        Assert.Contains("script-src 'self';", csp);

        var refused = SecurityHeaders.ContentSecurityPolicy("https://x.org; script-src *", out problem);
        Assert.NotNull(problem);
        Assert.Contains("img-src 'self' data:;", refused);
    }

    [Theory]
    [InlineData("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", "https://*.tile.openstreetmap.org")]
    [InlineData("https://api.os.uk/maps/raster/v1/zxy/Light_3857/{z}/{x}/{y}.png?key=K", "https://api.os.uk")]
    [InlineData("http://tiles.local:8080/{z}/{x}/{y}.png", "http://tiles.local:8080")]
    [InlineData("javascript:alert(1)", null)]
    [InlineData("https://x.org; script-src *", null)]
    [InlineData("https://{z}tiles.org/{x}", null)]
    public void The_tile_source_is_the_tile_urls_scheme_and_host(string url, string? expected) =>
        Assert.Equal(expected, SecurityHeaders.TileSource(url));

    [Fact]
    public async Task Production_with_an_https_port_redirects_sends_hsts_and_serves_no_source_maps()
    {
        using var factory = WithFrontEnd("Production", ("HttpsRedirection:HttpsPort", "443"));
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("http://blueprint.example") });
        var redirect = await client.GetAsync("/odata/Areas?$top=1");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirect.StatusCode);
        Assert.Equal("https://blueprint.example/odata/Areas?$top=1", redirect.Headers.Location?.ToString());

        var secure = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://blueprint.example") });
        var response = await secure.GetAsync("/odata/Areas?$top=1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("max-age=", Header(response, "Strict-Transport-Security"));

        Assert.Equal(HttpStatusCode.NotFound, (await secure.GetAsync("/assets/main.js.map")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await secure.GetAsync("/assets/main.js")).StatusCode);
    }

    [Fact]
    public async Task Production_without_an_https_address_does_not_redirect()
    {
        using var factory = WithFrontEnd("Production");
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("http://blueprint.example") });
        var response = await client.GetAsync("/odata/Areas?$top=1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Development_serves_source_maps_and_never_redirects()
    {
        using var factory = WithFrontEnd("Development", ("HttpsRedirection:HttpsPort", "443"));
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("http://blueprint.example") });
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/assets/main.js.map")).StatusCode);
        var response = await client.GetAsync("/odata/Areas?$top=1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"{name} is missing on {response.RequestMessage?.RequestUri} ({(int)response.StatusCode})");
}
