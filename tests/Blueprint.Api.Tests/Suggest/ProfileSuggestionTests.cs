using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Blueprint.Api.Auth;
using Blueprint.Data.Geography;
using Microsoft.AspNetCore.Hosting;

namespace Blueprint.Api.Tests.Suggest;

/// <summary>
/// The profile assistant over HTTP: POST /api/imports/profile-suggestion drafts a profile for an export, and
/// POST /api/imports runs with that draft sent back unedited as "profileJson".
/// </summary>
public sealed class ProfileSuggestionTests(DatabaseOnlyApp app) : IClassFixture<DatabaseOnlyApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string Sample = Path.Combine(DataFiles.FindRoot(AppContext.BaseDirectory)!, "data", "sample", "survey-msforms.csv");

    /// <summary>The shipped Microsoft Forms export with a later round's wording of its questions (the answers unchanged).</summary>
    private static byte[] Reworded()
    {
        var text = File.ReadAllText(Sample);
        var end = text.IndexOf("\n", StringComparison.Ordinal);
        var header = text[..end]
            .Replace("Organisation name,", "Name of your organization,", StringComparison.Ordinal)
            .Replace("Name of the intervention,", "Programme name,", StringComparison.Ordinal)
            .Replace("(tick all that apply)", "(select all that apply)", StringComparison.Ordinal)
            .Replace("Who is it for? Gender", "Gender of participants", StringComparison.Ordinal)
            .Replace("Completion time", "Submitted at", StringComparison.Ordinal)
            .Replace("Places per year", "Annual capacity (places)", StringComparison.Ordinal)
            .Replace("Has it been evaluated?", "HAS THE PROGRAMME BEEN EVALUATED", StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(header + text[end..]);
    }

    private static MultipartFormDataContent Form(byte[] csv, string fileName = "spring-round.csv", string? profileJson = null)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(csv);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", fileName);
        if (profileJson is not null)
        {
            form.Add(new StringContent(profileJson), "profileJson");
        }
        return form;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpClient client, string url, HttpContent content)
    {
        using var response = await client.PostAsync(url, content, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, JsonDocument.Parse(body).RootElement.Clone());
    }

    private int Imports() => app.WithDb(db => db.SurveyImports.Count());

    [Theory]
    [InlineData(Roles.Analyst)]
    [InlineData(Roles.Admin)]
    public async Task A_reworded_export_gets_a_draft_whose_unedited_dry_run_accepts_the_clean_rows(string role)
    {
        var client = app.ClientAs(role);
        var (baselineStatus, baseline) = await SendAsync(client, "/api/imports?dryRun=true&profile=msforms-2023", Form(File.ReadAllBytes(Sample), "shipped.csv"));
        Assert.Equal(HttpStatusCode.OK, baselineStatus);

        var (status, suggestion) = await SendAsync(client, "/api/imports/profile-suggestion", Form(Reworded()));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("msforms-2023", suggestion.GetProperty("basedOn").GetString());
        var profile = suggestion.GetProperty("profile");
        Assert.Equal("spring-round-draft", profile.GetProperty("name").GetString());
        var columns = suggestion.GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("field").GetString()!, c => c);
        Assert.Equal("Name of your organization", columns["organisationName"].GetProperty("column").GetString());
        Assert.Equal("Programme name", columns["interventionName"].GetProperty("column").GetString());
        Assert.Equal("Gender of participants", columns["gender"].GetProperty("column").GetString());
        Assert.InRange(columns["organisationName"].GetProperty("confidence").GetDouble(), 0.85, 1);
        Assert.Contains("Start time", suggestion.GetProperty("unmatchedColumns").EnumerateArray().Select(c => c.GetString()));
        Assert.Contains(suggestion.GetProperty("unmatchedAnswers").EnumerateArray(),
            a => a.GetProperty("field").GetString() == "languages" && a.GetProperty("text").GetString() == "Polish" && a.GetProperty("count").GetInt32() > 0);

        var before = Imports();
        var (runStatus, run) = await SendAsync(client, "/api/imports?dryRun=true", Form(Reworded(), profileJson: profile.GetRawText()));

        Assert.Equal(HttpStatusCode.OK, runStatus);
        Assert.Equal("spring-round-draft", run.GetProperty("profile").GetString());
        var accepted = run.GetProperty("accepted").GetInt32();
        var clean = baseline.GetProperty("accepted").GetInt32();
        Assert.True(clean >= 30 && accepted >= 0.9 * clean, $"accepted {accepted} of {clean} clean rows");
        Assert.Equal(before, Imports());
    }

    [Theory]
    [InlineData("{ not json", "not valid profile JSON")]
    [InlineData("""{"name":"bad","fields":{"organisationName":{"column":"Organisation name"},"interventionName":{"column":"Name of the intervention"},"colour":{"column":"Colour"}}}""", "'colour' is not a Blueprint field")]
    [InlineData("""{"name":"bad","fields":{"organisationName":{"column":"Organisation name"}}}""", "must map interventionName")]
    [InlineData("""{"name":"bad","fields":{"organisationName":{"column":"Organisation name"},"interventionName":{"column":"Name of the intervention"},"format":{"column":"Format","answers":{"teleport":["Beam"]}}}}""", "'teleport' is not a code")]
    public async Task A_bad_profile_sent_with_an_upload_gets_a_400_naming_the_mistake_and_stores_nothing(string profileJson, string expected)
    {
        var before = Imports();
        var (status, body) = await SendAsync(app.ClientAs(Roles.Analyst), "/api/imports", Form(File.ReadAllBytes(Sample), $"{Guid.NewGuid():N}.csv", profileJson));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("profileJson", body.GetProperty("error").GetProperty("target").GetString());
        Assert.Contains(expected, body.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(before, Imports());
    }

    [Fact]
    public async Task A_profile_named_and_a_profile_sent_together_are_refused()
    {
        var profile = File.ReadAllText(Path.Combine(Path.GetDirectoryName(Sample)!, "..", "profiles", "msforms-2023.json"));
        var (status, body) = await SendAsync(app.ClientAs(Roles.Analyst), "/api/imports?dryRun=true&profile=msforms-2023", Form(File.ReadAllBytes(Sample), profileJson: profile));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("not both", body.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_suggestion_without_a_file_or_for_a_file_with_too_many_columns_gets_a_clear_400()
    {
        using var noFile = new MultipartFormDataContent { { new StringContent("x"), "notfile" } };
        var (status, body) = await SendAsync(app.ClientAs(Roles.Analyst), "/api/imports/profile-suggestion", noFile);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("\"file\"", body.GetProperty("error").GetProperty("message").GetString());

        var wide = string.Join(",", Enumerable.Range(1, 5000).Select(i => $"Question {i}")) + "\n" + string.Join(",", Enumerable.Range(1, 5000).Select(_ => "x")) + "\n";
        (status, body) = await SendAsync(app.ClientAs(Roles.Analyst), "/api/imports/profile-suggestion", Form(Encoding.UTF8.GetBytes(wide)));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("5,000 columns", body.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_header_nothing_like_the_survey_gets_an_honest_low_confidence_draft_with_its_problems()
    {
        var csv = "Colour,Favourite fruit,Shoe size,Pet's name\nred,apple,9,Mot\nblue,pear,7,Pero\n";
        var (status, body) = await SendAsync(app.ClientAs(Roles.Analyst), "/api/imports/profile-suggestion", Form(Encoding.UTF8.GetBytes(csv), "unrelated.csv"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.All(body.GetProperty("columns").EnumerateArray(), c => Assert.True(c.GetProperty("confidence").GetDouble() < 0.85, c.ToString()));
        Assert.True(body.GetProperty("unmatchedColumns").GetArrayLength() >= 3);
        Assert.Contains(body.GetProperty("problems").EnumerateArray(), p => p.GetString()!.Contains("organisationName", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_suggestion_for_a_file_over_the_upload_limit_gets_413_naming_the_setting()
    {
        await using var small = app.WithWebHostBuilder(b => b.UseSetting("Imports:MaxUploadBytes", "1024"));
        var client = BlueprintApp.WithToken(small.CreateClient(), Roles.Analyst);

        using var response = await client.PostAsync("/api/imports/profile-suggestion", Form(File.ReadAllBytes(Sample)), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("Imports:MaxUploadBytes", await response.Content.ReadAsStringAsync(Ct));
    }
}
