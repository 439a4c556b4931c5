using System.Net;
using System.Text.Json;
using Blueprint.Api.Auth;
using Blueprint.Data.Directory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Api.Tests.OpenReferral;

/// <summary>The feed under host settings: behind a trusted proxy, and with overdue listings hidden.</summary>
public sealed class OrukHostTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Behind_a_trusted_proxy_the_links_name_the_address_the_client_used()
    {
        using var proxied = app.WithWebHostBuilder(b =>
        {
            b.UseSetting("ForwardedHeaders:KnownProxies:0", "10.0.0.5");
            b.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new Peer(IPAddress.Parse("10.0.0.5"))));
        });
        var client = proxied.CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        client.DefaultRequestHeaders.Add("X-Forwarded-Host", "directory.example.wales");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.9");
        var root = JsonDocument.Parse(await client.GetStringAsync("/openreferral/", Ct)).RootElement;
        Assert.Equal("https://directory.example.wales/openreferral/openapi.json", root.GetProperty("openapi_url").GetString());
        var document = JsonDocument.Parse(await client.GetStringAsync("/openreferral/openapi.json", Ct)).RootElement;
        Assert.Equal("https://directory.example.wales/openreferral", document.GetProperty("servers")[0].GetProperty("url").GetString());

        // Without a trusted proxy the same headers are anyone's words and change nothing.
        var direct = app.CreateClient();
        direct.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        direct.DefaultRequestHeaders.Add("X-Forwarded-Host", "evil.example");
        var plain = JsonDocument.Parse(await direct.GetStringAsync("/openreferral/", Ct)).RootElement;
        Assert.Equal("http://localhost/openreferral/openapi.json", plain.GetProperty("openapi_url").GetString());
    }

    [Fact]
    public async Task Overdue_listings_are_left_out_for_every_caller_when_hiding_is_on()
    {
        var overdue = app.WithDb(db =>
        {
            var listing = new Intervention
            {
                OrganisationId = app.Known.OrganisationId, Name = "ZZOVERDUE listing", Status = "active", AllWales = true, LastVerified = new DateOnly(2020, 1, 1),
            };
            db.Interventions.Add(listing);
            db.SaveChanges();
            return listing;
        });
        using var hiding = app.WithWebHostBuilder(b => b.UseSetting("Listings:HideOverdue", "true"));
        foreach (var client in new[] { hiding.CreateClient(), BlueprintApp.WithToken(hiding.CreateClient(), Roles.Admin), BlueprintApp.WithToken(hiding.CreateClient(), Roles.Provider, app.Known.OrganisationId) })
        {
            var page = JsonDocument.Parse(await client.GetStringAsync("/openreferral/services?search=ZZOVERDUE", Ct)).RootElement;
            Assert.Equal(0, page.GetProperty("total_items").GetInt32());
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/openreferral/services/{overdue.PublicId}", Ct)).StatusCode);
            Assert.DoesNotContain("ZZOVERDUE", await client.GetStringAsync("/openreferral/services?format=ndjson", Ct));
        }
        // The administrator still sees it on OData: it is the feed that shows only the public view.
        var admin = BlueprintApp.WithToken(hiding.CreateClient(), Roles.Admin);
        Assert.Contains("ZZOVERDUE", await admin.GetStringAsync("/odata/Interventions?$filter=startswith(Name,'ZZOVERDUE')", Ct));
    }

    private sealed class Peer(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => builder =>
        {
            builder.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = address;
                return nextMiddleware(context);
            });
            next(builder);
        };
    }
}
