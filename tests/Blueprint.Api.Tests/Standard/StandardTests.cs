using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Blueprint.Api.Auth;
using Blueprint.Api.Standard;
using Blueprint.Api.Tests.Uploads;
using Blueprint.Data.Geography;
using Blueprint.Data.Listings;
using Blueprint.Data.Vocabularies;
using Json.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Api.Tests.Standard;

/// <summary>
/// The national minimum data standard: generated from the model and vocabularies, served in English and Welsh,
/// a JSON Schema real listings pass and broken ones fail, and a CSV template the upload accepts once filled.
/// </summary>
public sealed class StandardTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    private static readonly string Root = DataFiles.FindRoot(AppContext.BaseDirectory) ?? throw new DirectoryNotFoundException("No repository above the test output.");

    private VocabularyCatalog Vocabularies => app.Services.GetRequiredService<VocabularyCatalog>();

    private async Task<string> TextAsync(string url, HttpClient? client = null)
    {
        var response = await (client ?? app.CreateClient()).GetAsync(url, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {text}");
        return text;
    }

    [Fact]
    public void The_committed_copies_in_docs_standard_match_what_the_model_generates_now()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"blueprint-standard-{Guid.NewGuid():N}");
        try
        {
            StandardCli.Write(Vocabularies, folder);
            foreach (var (file, _) in StandardDocuments.Files)
            {
                var committed = Path.Combine(Root, "docs", "standard", file);
                Assert.True(File.Exists(committed), $"docs/standard/{file} is missing: run `make standard`.");
                Assert.True(File.ReadAllText(committed) == File.ReadAllText(Path.Combine(folder, file)),
                    $"docs/standard/{file} has drifted from the model: run `make standard` and commit the result.");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Every_field_has_a_meaning_and_every_coded_field_its_codes()
    {
        Assert.Empty(StandardFields.Undescribed);
        Assert.All(StandardFields.All, f => Assert.False(string.IsNullOrWhiteSpace(f.MeaningEn) || string.IsNullOrWhiteSpace(f.MeaningCy), f.Field));
        Assert.Equal(ListingRules.FundingStatuses.Order(), StandardFields.FundingStatuses.Select(s => s.Code).Order());
        foreach (var (field, vocabulary, _) in ListingRules.CodeLists.Concat(ListingRules.Codes.Select(c => (c.Field, c.Vocabulary, (Func<Blueprint.Data.Directory.Intervention, List<string>>)(_ => [])))))
        {
            var described = Assert.Single(StandardFields.All, f => f.Field == field);
            Assert.Equal(vocabulary, described.Vocabulary);
        }
    }

    [Fact]
    public async Task The_page_is_served_in_English_and_Welsh_with_codes_and_both_labels_and_no_inline_script_or_style()
    {
        var english = await TextAsync("/standard");
        var welsh = await TextAsync("/standard/cy");
        var welshByQuery = await TextAsync("/standard?lang=cy");

        Assert.Contains("<html lang=\"en\">", english, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"cy\">", welsh, StringComparison.Ordinal);
        Assert.Equal(welsh, welshByQuery);
        Assert.Contains("Safon ddata ofynnol genedlaethol", welsh, StringComparison.Ordinal);
        var term = Vocabularies["risk-level"].First();
        foreach (var page in new[] { english, welsh })
        {
            Assert.Contains($"<code>{term.Code}</code>", page, StringComparison.Ordinal);
            Assert.Contains(WebUtility.HtmlEncode(term.LabelEn), page, StringComparison.Ordinal);
            Assert.Contains(WebUtility.HtmlEncode(term.LabelCy), page, StringComparison.Ordinal);
            Assert.Contains("service.assured_date", page, StringComparison.Ordinal);
            Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<style", page, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("style=", page, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData("/standard")]
    [InlineData("/standard/cy")]
    [InlineData("/standard/schema.json")]
    [InlineData("/standard/template.csv")]
    public async Task The_standard_is_open_to_any_origin(string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Origin", "https://partner.example");
        var response = await app.CreateClient().SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Theory]
    [InlineData("/api/changes")]
    [InlineData("/odata/Interventions?$top=1")]
    [InlineData("/api/me")]
    public async Task Routes_outside_open_data_carry_no_cross_origin_permission(string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Origin", "https://partner.example");
        var response = await app.CreateClient().SendAsync(request, TestContext.Current.CancellationToken);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    /// <summary>The served schema, built with a registry of its own (the global one refuses a second schema with the same $id).</summary>
    private async Task<JsonSchema> SchemaAsync() =>
        JsonSchema.FromText(await TextAsync("/standard/schema.json"), new BuildOptions { SchemaRegistry = new SchemaRegistry() });

    [Fact]
    public async Task A_listing_exported_by_the_directory_validates_against_the_schema()
    {
        var schema = await SchemaAsync();
        var exported = await app.GetJsonAsync($"/odata/Interventions({app.Known.CardiffId})");
        var all = await app.GetJsonAsync("/odata/Interventions?$top=50");

        var result = schema.Evaluate(exported, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, JsonSerializer.Serialize(result));
        Assert.All(all.GetProperty("value").EnumerateArray(), listing => Assert.True(schema.Evaluate(listing).IsValid, listing.ToString()));
    }

    [Theory]
    [InlineData("Status", "\"open\"")]
    [InlineData("Forms", "[\"nonsense\"]")]
    [InlineData("Name", "null")]
    [InlineData("Name", null)]
    [InlineData("AllWales", "\"yes\"")]
    [InlineData("Description", "too long")]
    public async Task A_broken_listing_fails_the_schema(string field, string? json)
    {
        var schema = await SchemaAsync();
        var listing = JsonNode.Parse((await app.GetJsonAsync($"/odata/Interventions({app.Known.CardiffId})")).GetRawText())!.AsObject();
        if (json is null)
        {
            listing.Remove(field);
        }
        else
        {
            listing[field] = json == "too long" ? new string('x', 4001) : JsonNode.Parse(json);
        }

        Assert.False(schema.Evaluate(JsonDocument.Parse(listing.ToJsonString()).RootElement).IsValid);
    }

    [Fact]
    public async Task A_filled_template_is_accepted_by_the_listings_upload()
    {
        var template = await TextAsync("/standard/template.csv");
        var headers = template.TrimEnd('\r', '\n').Split(',');
        var values = new Dictionary<string, string>
        {
            ["Organisation id"] = app.Known.OrganisationId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Name"] = "ZZSTANDARD template listing",
            ["Name (Welsh)"] = "ZZSAFON rhestriad templed",
            ["Status"] = "active",
            ["All Wales"] = "yes",
            ["Forms"] = "domestic-abuse",
            ["Languages"] = "cy; en",
            ["Referral e-mail"] = "referrals@example.org",
        };
        var row = string.Join(',', headers.Select(h => values.GetValueOrDefault(h, "")));
        var file = Encoding.UTF8.GetBytes(template + row + "\r\n");

        var client = BlueprintApp.WithToken(app.CreateClient(), Roles.Provider, app.Known.OrganisationId);
        var preview = await UploadRequests.PreviewAsync(client, file, "template.csv");

        Assert.Equal(1, UploadRequests.Totals(preview, "new"));
        Assert.Equal(0, UploadRequests.Totals(preview, "errors"));
    }
}
