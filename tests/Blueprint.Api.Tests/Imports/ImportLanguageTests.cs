using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Blueprint.Api.Auth;

namespace Blueprint.Api.Tests.Imports;

/// <summary>
/// The imports page asks in its own language (Accept-Language): a refused file, the encoding decision and the upload's
/// own refusals come back in Welsh on the Welsh page and in English otherwise; what is stored stays English.
/// </summary>
public sealed class ImportLanguageTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    private HttpClient Client(string? language)
    {
        var client = app.ClientAs(Roles.Analyst);
        if (language is not null)
        {
            client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        }
        return client;
    }

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Theory]
    [InlineData("cy", "PDF yw hwn, nid allforyn CSV o'r arolwg.")]
    [InlineData("en", "This is a PDF, not a CSV export of the survey.")]
    [InlineData(null, "This is a PDF, not a CSV export of the survey.")]
    public async Task A_refused_file_is_explained_in_the_page_s_language(string? language, string expected)
    {
        var response = await SurveyExport.UploadAsync(Client(language), "%PDF-1.7\n1 0 obj\n"u8.ToArray(), "upload.csv");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(expected, (await BodyAsync(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_file_no_profile_fits_is_refused_in_Welsh_with_the_columns_it_lacks()
    {
        var response = await SurveyExport.UploadAsync(Client("cy-GB"), "Name,Colour\nApple,Green\n"u8.ToArray(), "fruit.csv");

        var error = (await BodyAsync(response)).GetProperty("error").GetString();
        Assert.StartsWith("Nid oes proffil mapio yn gweddu i bennawd y ffeil hon", error);
        Assert.Contains("'Organisation name'", error);
    }

    [Fact]
    public async Task In_English_a_file_no_profile_fits_points_to_the_page_s_suggestion_as_well_as_the_command_line()
    {
        var response = await SurveyExport.UploadAsync(Client("en-GB"), "Name,Colour\nApple,Green\n"u8.ToArray(), "fruit.csv");

        var error = (await BodyAsync(response)).GetProperty("error").GetString();
        Assert.StartsWith("No mapping profile fits this file's header", error);
        Assert.Contains("'Suggest a profile' on the imports page", error);
        Assert.Contains("--profile on the command line", error);
    }

    [Fact]
    public async Task The_encoding_decision_is_given_in_Welsh_on_the_Welsh_page_and_stored_in_both_languages()
    {
        var marker = SurveyExport.NewMarker();
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(SurveyExport.ThreeRows(marker).Replace("One (synthetic)", "Grŵp Môn (synthetic)", StringComparison.Ordinal))];

        var response = await SurveyExport.UploadAsync(Client("cy"), bytes, $"{marker}.csv");

        var body = await BodyAsync(response);
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        Assert.Equal("UTF-8: nod trefn beit; 2 dilyniant aml-feit, dim beit annilys", body.GetProperty("encodingEvidence").GetString());
        var id = body.GetProperty("importId").GetInt32();
        var stored = app.WithDb(db => db.SurveyImports.Single(i => i.Id == id).EncodingEvidence);
        Assert.Equal("UTF-8: byte order mark; 2 multi-byte sequences, no invalid byte", stored);

        // The past imports list and the import's own page word it by the page's language too.
        foreach (var (language, expected) in new[] { ("cy", "UTF-8: nod trefn beit; 2 dilyniant aml-feit, dim beit annilys"), ("en", stored) })
        {
            var listed = (await BodyAsync(await Client(language).GetAsync("/api/imports"))).EnumerateArray().Single(i => i.GetProperty("id").GetInt32() == id);
            var own = await BodyAsync(await Client(language).GetAsync($"/api/imports/{id}"));
            Assert.Equal(expected, listed.GetProperty("encodingEvidence").GetString());
            Assert.Equal(expected, own.GetProperty("encodingEvidence").GetString());
        }
    }

    [Fact]
    public async Task An_import_made_before_the_Welsh_evidence_was_kept_shows_its_English_on_the_Welsh_page()
    {
        var marker = SurveyExport.NewMarker();
        var response = await SurveyExport.UploadAsync(Client("en"), Encoding.UTF8.GetBytes(SurveyExport.ThreeRows(marker)), $"{marker}.csv");
        var id = (await BodyAsync(response)).GetProperty("importId").GetInt32();
        var english = app.WithDb(db =>
        {
            var import = db.SurveyImports.Single(i => i.Id == id);
            import.EncodingEvidenceCy = null;
            db.SaveChanges();
            return import.EncodingEvidence;
        });

        var own = await BodyAsync(await Client("cy").GetAsync($"/api/imports/{id}"));

        Assert.NotNull(english);
        Assert.Equal(english, own.GetProperty("encodingEvidence").GetString());
    }

    [Theory]
    [InlineData("cy", "Anfonwch y ffeil fel multipart/form-data")]
    [InlineData("en", "Send the file as multipart/form-data")]
    public async Task A_listings_upload_that_is_not_a_form_is_refused_in_the_page_s_language(string language, string expected)
    {
        var client = app.ClientAs(Roles.Provider, app.Known.OrganisationId);
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));

        var response = await client.PostAsync("/api/listings/uploads", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(expected, (await BodyAsync(response)).GetProperty("error").GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("cy", "Anfonwch allforyn yr arolwg yn y maes ffurflen multipart \"file\".")]
    [InlineData("en", "Send the survey export as the multipart form field \"file\".")]
    public async Task An_upload_without_the_export_is_refused_in_the_page_s_language(string language, string expected)
    {
        var client = Client(language);
        using var noFile = new MultipartFormDataContent { { new StringContent("survey.csv"), "name" } };

        var notAForm = await client.PostAsync("/api/imports?dryRun=true", new StringContent("{}", Encoding.UTF8, "application/json"));
        var withoutTheField = await client.PostAsync("/api/imports?dryRun=true", noFile);

        foreach (var response in new[] { notAForm, withoutTheField })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(expected, (await BodyAsync(response)).GetProperty("detail").GetString());
        }
    }
}
