using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Blueprint.Api.Auth;
using Blueprint.Api.Tests.Imports;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Blueprint.Api.Tests.Hosting;

/// <summary>
/// With the front end served, its fallback (index.html for the map's own links) never answers for the API, OData,
/// health or a file-like path, and publishing works with no body and no content type, as the README says.
/// </summary>
public sealed class FrontEndFallbackTests(FrontEndApp site) : IClassFixture<FrontEndApp>
{
    private const string IndexMarker = FrontEndApp.IndexMarker;
    private readonly BlueprintApp app = site.App;

    private WebApplicationFactory<Program> WithFrontEnd => site.Site;

    [Theory]
    [InlineData("/")]
    [InlineData("/interventions/5")]
    [InlineData("/search/region/W06000015")]
    public async Task The_map_s_own_links_get_the_front_end(string path)
    {
        var response = await WithFrontEnd.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(IndexMarker, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/api/nothing-here")]
    [InlineData("/api")]
    [InlineData("/API/imports/1/nothing")]
    [InlineData("/odata/NoSuchSet")]
    [InlineData("/odataX")]
    [InlineData("/health/extra")]
    [InlineData("/assets/app.js.map")]
    [InlineData("/app.js.map")]
    [InlineData("/interventions/report.pdf")]
    [InlineData("/favicon.ico")]
    public async Task Api_paths_and_file_like_paths_are_404_never_the_front_end(string path)
    {
        var response = await WithFrontEnd.CreateClient().GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(IndexMarker, body);
    }

    [Fact]
    public async Task Health_and_real_files_are_served_beside_the_front_end()
    {
        var client = WithFrontEnd.CreateClient();

        Assert.Equal("Healthy", await client.GetStringAsync("/health"));
        Assert.Equal("export {};", await client.GetStringAsync("/app.js"));
    }

    public static TheoryData<string, string?, string?> PublishBodies => new()
    {
        { "no body", null, null },
        { "empty, no content type", "", null },
        { "empty form post (curl -d '')", "", "application/x-www-form-urlencoded" },
        { "empty JSON", "", "application/json" },
        { "plain text", "", "text/plain" },
    };

    [Theory]
    [MemberData(nameof(PublishBodies))]
    public async Task Publishing_needs_no_body_and_no_content_type(string what, string? body, string? contentType)
    {
        var marker = SurveyExport.NewMarker();
        var importId = (await SurveyExport.UploadOkAsync(BlueprintApp.WithToken(WithFrontEnd.CreateClient(), Roles.Analyst), SurveyExport.ThreeRows(marker)))
            .GetProperty("importId").GetInt32();
        using var content = body is null ? null : new StringContent(body, Encoding.UTF8);
        if (content is not null)
        {
            content.Headers.ContentType = contentType is null ? null : new MediaTypeHeaderValue(contentType);
        }

        var response = await BlueprintApp.WithToken(WithFrontEnd.CreateClient(), Roles.Admin).PostAsync($"/api/imports/{importId}/publish", content);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{what}: {(int)response.StatusCode} {text}");
        Assert.Equal(1, JsonDocument.Parse(text).RootElement.GetProperty("created").GetInt32());
    }

    [Fact]
    public async Task Publishing_chosen_responses_takes_a_json_array_of_ids_and_a_bad_or_empty_one_is_a_400()
    {
        var marker = SurveyExport.NewMarker();
        var analyst = BlueprintApp.WithToken(WithFrontEnd.CreateClient(), Roles.Analyst);
        var importId = (await SurveyExport.UploadOkAsync(analyst, SurveyExport.ThreeRows(marker))).GetProperty("importId").GetInt32();
        var admin = BlueprintApp.WithToken(WithFrontEnd.CreateClient(), Roles.Admin);

        var bad = await admin.PostAsync($"/api/imports/{importId}/publish", new StringContent("{not json", Encoding.UTF8, "application/json"));
        var none = await admin.PostAsync($"/api/imports/{importId}/publish", new StringContent("[]", Encoding.UTF8, "application/json"));
        var missing = await admin.PostAsync("/api/imports/999999/publish", null);
        var staged = app.WithDb(db => db.SurveyResponses.Where(r => r.ImportId == importId).OrderBy(r => r.RowNumber).Select(r => r.Id).ToList());
        var chosen = await admin.PostAsync($"/api/imports/{importId}/publish", new StringContent($"[{staged[0]}]", Encoding.UTF8, "text/plain"));
        var summary = JsonDocument.Parse(await chosen.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, chosen.StatusCode);
        Assert.Equal(staged[0], summary.GetProperty("published")[0].GetProperty("responseId").GetInt64());
        Assert.DoesNotContain(IndexMarker, await missing.Content.ReadAsStringAsync());
    }

}

/// <summary>The test host serving a small front end (an index.html and a script) from a temporary folder.</summary>
public sealed class FrontEndApp : IAsyncLifetime
{
    public const string IndexMarker = "<!-- ZZINDEX front end -->";
    private readonly string webRoot = Directory.CreateTempSubdirectory("blueprint-web-").FullName;

    public BlueprintApp App { get; } = new();

    public WebApplicationFactory<Program> Site { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(webRoot, "index.html"), $"<!doctype html><title>Blueprint</title>{IndexMarker}");
        await File.WriteAllTextAsync(Path.Combine(webRoot, "app.js"), "export {};");
        await App.InitializeAsync();
        Site = App.WithWebHostBuilder(b => b.UseSetting("Web:Root", webRoot));
    }

    public async ValueTask DisposeAsync()
    {
        await Site.DisposeAsync();
        await App.DisposeAsync();
        Directory.Delete(webRoot, recursive: true);
    }
}
