using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Blueprint.Api.Auth;
using Microsoft.AspNetCore.Hosting;

namespace Blueprint.Api.Tests.Hosting;

/// <summary>
/// Brotli and gzip for public anonymous reads only; never for a response that answers credentials or carries
/// personal or confidential data (BREACH: compressed secrets leak through their size).
/// </summary>
public sealed class CompressionTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    public static TheoryData<string> PublicReads =>
    [
        "/odata/Areas",
        "/odata/Interventions?$top=5&$select=Name",
        "/api/geo/areas?kind=local-authority",
        "/api/geo/boundaries?kind=health-board",
        "/api/geo/counts?kind=local-authority",
        "/api/places/search?q=Bangor",
        "/api/config",
    ];

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string url, string encoding, string? cookie = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }
        return await client.SendAsync(request);
    }

    [Theory]
    [MemberData(nameof(PublicReads))]
    public async Task A_public_anonymous_read_is_compressed_and_decompresses_to_the_same_json(string url)
    {
        var client = app.ClientAs(null);
        var plain = await client.GetStringAsync(url);
        foreach (var encoding in new[] { "br", "gzip" })
        {
            using var response = await GetAsync(client, url, encoding);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
            Assert.Contains("Accept-Encoding", response.Headers.Vary);
            await using var raw = await response.Content.ReadAsStreamAsync();
            await using Stream decoded = encoding == "br" ? new BrotliStream(raw, CompressionMode.Decompress) : new GZipStream(raw, CompressionMode.Decompress);
            var text = await new StreamReader(decoded).ReadToEndAsync();
            Assert.Equal(JsonDocument.Parse(plain).RootElement.GetRawText().Length, JsonDocument.Parse(text).RootElement.GetRawText().Length);
        }
    }

    [Fact]
    public async Task A_public_route_read_with_a_token_or_a_cookie_is_not_compressed()
    {
        using var withToken = await GetAsync(app.ClientAs(Roles.Analyst), "/odata/Areas", "br");
        Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
        Assert.Empty(withToken.Content.Headers.ContentEncoding);

        using var withCookie = await GetAsync(app.ClientAs(null), "/odata/Areas", "br", cookie: "session=abc");
        Assert.Equal(HttpStatusCode.OK, withCookie.StatusCode);
        Assert.Empty(withCookie.Content.Headers.ContentEncoding);
    }

    [Theory]
    [InlineData("/odata/survey/SurveyImports", Roles.Analyst)]
    [InlineData("/odata/survey/$metadata", Roles.Analyst)]
    [InlineData("/odata/survey/SurveyImports", null)]
    [InlineData("/api/imports", Roles.Analyst)]
    [InlineData("/api/imports", null)]
    [InlineData("/odata/VenueRecords", Roles.Admin)]
    [InlineData("/odata/VenueRecords", null)]
    public async Task Personal_and_confidential_routes_are_never_compressed(string url, string? role)
    {
        foreach (var encoding in new[] { "br", "gzip" })
        {
            using var response = await GetAsync(app.ClientAs(role), url, encoding);
            Assert.Empty(response.Content.Headers.ContentEncoding);
            if (role is not null)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }
    }

    [Fact]
    public async Task The_front_end_files_are_compressed_and_hashed_assets_are_kept_a_year()
    {
        var root = Directory.CreateTempSubdirectory("blueprint-web-root-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "assets"));
            await File.WriteAllTextAsync(Path.Combine(root, "index.html"), "<!doctype html><title>Blueprint</title>" + new string(' ', 2000));
            await File.WriteAllTextAsync(Path.Combine(root, "assets", "index-abc123.js"), "export const x = 1;\n" + string.Concat(Enumerable.Repeat("// padding\n", 300)));
            await File.WriteAllTextAsync(Path.Combine(root, "assets", "index-abc123.css"), "body { color: black; }\n" + string.Concat(Enumerable.Repeat("/* padding */\n", 300)));
            using var site = app.WithWebHostBuilder(b => b.UseSetting("Web:Root", root));
            var client = site.CreateClient();
            foreach (var url in new[] { "/assets/index-abc123.js", "/assets/index-abc123.css" })
            {
                using var asset = await GetAsync(client, url, "br");
                Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
                Assert.Equal(["br"], asset.Content.Headers.ContentEncoding);
                Assert.Equal("public, max-age=31536000, immutable", asset.Headers.CacheControl?.ToString());
            }
            using var page = await GetAsync(client, "/", "gzip");
            Assert.Equal(["gzip"], page.Content.Headers.ContentEncoding);
            Assert.NotEqual("public, max-age=31536000, immutable", page.Headers.CacheControl?.ToString());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
