using System.Net;
using System.Text.Json;
using Blueprint.Api.Auth;
using Blueprint.Data.Survey;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Tests.Imports;

/// <summary>
/// The survey import endpoints (/api/imports) through the real pipeline, per role: who may upload,
/// what an upload stores and reports, what is refused, and what publishing makes public.
/// </summary>
public sealed class ImportEndpointTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    [Fact]
    public async Task Anonymous_callers_cannot_upload_a_survey_export()
    {
        var marker = SurveyExport.NewMarker();
        var response = await SurveyExport.UploadAsync(app.ClientAs(null), SurveyExport.ThreeRows(marker), $"{marker}.csv");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        AssertNothingStored(marker);
    }

    [Fact]
    public async Task Provider_cannot_upload_a_survey_export()
    {
        var marker = SurveyExport.NewMarker();
        var response = await SurveyExport.UploadAsync(app.ClientAs(Roles.Provider, app.Known.OrganisationId), SurveyExport.ThreeRows(marker), $"{marker}.csv");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        AssertNothingStored(marker);
    }

    [Theory]
    [InlineData(Roles.Analyst)]
    [InlineData(Roles.Admin)]
    public async Task Analysts_and_admins_upload_an_export_and_get_the_report_with_every_row_staged(string role)
    {
        var marker = SurveyExport.NewMarker();
        var report = await SurveyExport.UploadOkAsync(app.ClientAs(role), SurveyExport.ThreeRows(marker), $"{marker}.csv");

        Assert.Equal($"{marker}.csv", report.GetProperty("fileName").GetString());
        Assert.Equal("msforms-2023", report.GetProperty("profile").GetString());
        Assert.False(report.GetProperty("alreadyImported").GetBoolean());
        Assert.Equal(3, report.GetProperty("rowsRead").GetInt32());
        Assert.Equal(1, report.GetProperty("accepted").GetInt32());
        Assert.Equal(1, report.GetProperty("notForPublication").GetInt32());
        Assert.Equal(1, report.GetProperty("rejected").GetInt32());
        var rejected = Assert.Single(report.GetProperty("rows").EnumerateArray(), r => r.GetProperty("outcome").GetString() == SurveyOutcomes.Rejected);
        Assert.Equal(4, rejected.GetProperty("row").GetInt32());
        Assert.Contains("Bristol", rejected.GetProperty("problems").GetRawText());

        var importId = report.GetProperty("importId").GetInt32();
        var staged = app.WithDb(db => db.SurveyResponses.AsNoTracking().Where(r => r.ImportId == importId).OrderBy(r => r.RowNumber).ToList());
        Assert.Equal([2, 3, 4], staged.Select(r => r.RowNumber));
        Assert.Equal([SurveyOutcomes.Accepted, SurveyOutcomes.NotForPublication, SurveyOutcomes.Rejected], staged.Select(r => r.Outcome));
        Assert.Equal(SurveyExport.RespondentEmail, staged[0].RespondentEmail);
        Assert.All(staged, r => Assert.Null(r.PublishedInterventionId));
        Assert.Equal($"test-{role}", app.WithDb(db => db.SurveyImports.AsNoTracking().Single(i => i.Id == importId).ImportedBy));
    }

    [Fact]
    public async Task A_second_upload_of_the_same_file_changes_nothing()
    {
        var marker = SurveyExport.NewMarker();
        var csv = SurveyExport.ThreeRows(marker);
        var first = await SurveyExport.UploadOkAsync(app.ClientAs(Roles.Analyst), csv, $"{marker}.csv");
        var (imports, responses) = Counts();

        var second = await SurveyExport.UploadOkAsync(app.ClientAs(Roles.Admin), csv, $"{marker}-again.csv");

        Assert.True(second.GetProperty("alreadyImported").GetBoolean());
        Assert.Equal(first.GetProperty("importId").GetInt32(), second.GetProperty("importId").GetInt32());
        Assert.Equal(3, second.GetProperty("rowsRead").GetInt32());
        Assert.Equal((imports, responses), Counts());
    }

    public static TheoryData<string, byte[]> NotASurveyExport() => new()
    {
        { "empty", [] },
        { "an Excel workbook", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00] },
        { "a PDF", "%PDF-1.7\n1 0 obj\n"u8.ToArray() },
        { "binary with NUL bytes", [0x41, 0x42, 0x00, 0x43, 0x0A] },
        { "a CSV of something else", "Name,Colour\nApple,Green\n"u8.ToArray() },
    };

    [Theory]
    [MemberData(nameof(NotASurveyExport))]
    public async Task An_upload_that_is_not_a_survey_export_is_refused_with_a_clear_error_and_stores_nothing(string what, byte[] bytes)
    {
        var (imports, responses) = Counts();
        var response = await SurveyExport.UploadAsync(app.ClientAs(Roles.Analyst), bytes, "upload.csv");
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what} → {(int)response.StatusCode}: {body}");
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error").GetString();
        Assert.False(string.IsNullOrWhiteSpace(error), $"{what}: {body}");
        Assert.Equal((imports, responses), Counts());
    }

    [Fact]
    public async Task An_upload_without_a_file_is_refused_with_a_4xx()
    {
        using var form = new MultipartFormDataContent { { new StringContent("x"), "notfile" } };
        var response = await app.ClientAs(Roles.Analyst).PostAsync("/api/imports", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_upload_larger_than_the_configured_limit_gets_413_and_stores_nothing()
    {
        await using var small = app.WithWebHostBuilder(b => b.UseSetting("Imports:MaxUploadBytes", "1024"));
        var marker = SurveyExport.NewMarker();
        var csv = SurveyExport.ThreeRows(marker);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(csv) > 1024);

        var response = await SurveyExport.UploadAsync(BlueprintApp.WithToken(small.CreateClient(), Roles.Analyst), csv, $"{marker}.csv");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than the 1 KB an upload may be", await response.Content.ReadAsStringAsync());
        AssertNothingStored(marker);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData(Roles.Provider, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Analyst, HttpStatusCode.Forbidden)]
    public async Task Only_admins_may_publish(string? role, HttpStatusCode expected)
    {
        var marker = SurveyExport.NewMarker();
        var importId = (await SurveyExport.UploadOkAsync(app.ClientAs(Roles.Analyst), SurveyExport.ThreeRows(marker))).GetProperty("importId").GetInt32();

        var response = await app.ClientAs(role, app.Known.OrganisationId).PostAsync($"/api/imports/{importId}/publish", null);

        Assert.Equal(expected, response.StatusCode);
        Assert.False(app.WithDb(db => db.SurveyResponses.Any(r => r.ImportId == importId && r.PublishedInterventionId != null)));
        Assert.False(app.WithDb(db => db.Interventions.Any(i => i.Name.Contains(marker))));
    }

    [Fact]
    public async Task Publishing_lists_the_consented_intervention_publicly_without_the_respondents_details()
    {
        var marker = SurveyExport.NewMarker();
        var importId = (await SurveyExport.UploadOkAsync(app.ClientAs(Roles.Analyst), SurveyExport.ThreeRows(marker))).GetProperty("importId").GetInt32();
        var anonymous = app.ClientAs(null);
        var search = $"/odata/Interventions?$filter=contains(Name,'{marker}')&$select=Name";
        Assert.Empty((await app.GetJsonAsync(search, anonymous)).GetProperty("value").EnumerateArray()); // and now cached

        var published = await app.ClientAs(Roles.Admin).PostAsync($"/api/imports/{importId}/publish", null);
        var summary = JsonDocument.Parse(await published.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal(1, summary.GetProperty("created").GetInt32());
        var listed = Assert.Single((await app.GetJsonAsync(search, anonymous)).GetProperty("value").EnumerateArray());
        Assert.Equal($"ZZPROG {marker} Healthy Relationships", listed.GetProperty("Name").GetString());

        var id = summary.GetProperty("published")[0].GetProperty("interventionId").GetInt32();
        string[] publicRoutes =
        [
            $"/odata/Interventions({id})?$expand=Organisation,Venues,Areas",
            $"/odata/Interventions?$filter=contains(Name,'{marker}')&$expand=Organisation,Venues,Areas",
            $"/odata/Organisations?$filter=contains(Name,'{marker}')&$expand=Interventions",
            "/odata/Interventions/InArea(code='W06000015')?$top=500&$expand=Organisation",
            "/odata/Interventions?$apply=groupby((Name,Source,SourceReference))&$top=500",
            "/odata/$metadata",
            "/api/geo/areas",
        ];
        foreach (var route in publicRoutes)
        {
            foreach (var client in new[] { anonymous, app.ClientAs(Roles.Provider, app.Known.OrganisationId) })
            {
                var response = await client.GetAsync(route);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.IsSuccessStatusCode, $"{route} → {(int)response.StatusCode}: {body}");
                Assert.DoesNotContain("zzrespondent", body, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("Respondent", body);
                Assert.DoesNotContain($"ZZPRIVATE {marker}", body);
            }
        }
    }

    public static TheoryData<string> ReadRoutes() => ["/api/imports", "/api/imports/{id}", "/api/imports/{id}/responses", "/api/imports/progress/no-such-upload"];

    [Theory]
    [MemberData(nameof(ReadRoutes))]
    public async Task Only_analysts_and_admins_may_read_imports_and_staged_responses(string route)
    {
        var marker = SurveyExport.NewMarker();
        var importId = (await SurveyExport.UploadOkAsync(app.ClientAs(Roles.Analyst), SurveyExport.ThreeRows(marker))).GetProperty("importId").GetInt32();
        var url = route.Replace("{id}", importId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        var anonymous = await app.ClientAs(null).GetAsync(url);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.DoesNotContain("zzrespondent", await anonymous.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        var provider = await app.ClientAs(Roles.Provider, app.Known.OrganisationId).GetAsync(url);
        Assert.Equal(HttpStatusCode.Forbidden, provider.StatusCode);
        Assert.DoesNotContain("zzrespondent", await provider.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        foreach (var role in new[] { Roles.Analyst, Roles.Admin })
        {
            var response = await app.ClientAs(role).GetAsync(url);
            var expected = route.Contains("progress", StringComparison.Ordinal) ? HttpStatusCode.NotFound : HttpStatusCode.OK;
            Assert.Equal(expected, response.StatusCode);
        }
        if (route.EndsWith("/responses", StringComparison.Ordinal))
        {
            Assert.Contains(SurveyExport.RespondentEmail, await app.ClientAs(Roles.Analyst).GetStringAsync(url));
        }
    }

    private void AssertNothingStored(string marker)
    {
        Assert.False(app.WithDb(db => db.SurveyImports.Any(i => i.FileName.Contains(marker))));
        Assert.False(app.WithDb(db => db.SurveyResponses.Any(r => r.OrganisationName != null && r.OrganisationName.Contains(marker))));
    }

    private (int Imports, int Responses) Counts() =>
        app.WithDb(db => (db.SurveyImports.Count(), db.SurveyResponses.Count()));
}
