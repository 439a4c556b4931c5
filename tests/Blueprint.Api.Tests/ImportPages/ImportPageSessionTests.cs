using System.Net;
using System.Text.Json;
using Blueprint.Api.Accounts;
using Blueprint.Api.Auth;
using Blueprint.Api.Tests.Accounts;
using Blueprint.Api.Tests.Imports;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Tests.ImportPages;

/// <summary>
/// The imports page signs in with the session cookie: the import routes, written for bearer tokens, must take a
/// cookie caller only with the anti-forgery header on every write, per role, and never let the browser cache them.
/// </summary>
public sealed class ImportPageSessionTests(DatabaseOnlyApp app) : IClassFixture<DatabaseOnlyApp>
{
    private async Task<HttpClient> SignedInAsync(string role)
    {
        var email = People.NewEmail(role);
        await People.CreateAsync(app, email, role, role == Roles.Provider ? [app.Known.OrganisationId] : []);
        return await People.SignInAsync(app, email);
    }

    private static HttpClient WithoutAntiforgery(HttpClient client)
    {
        client.DefaultRequestHeaders.Remove(RequestGuards.HeaderName);
        return client;
    }

    private int ImportsNamed(string marker) =>
        app.WithDb(db => db.SurveyImports.AsNoTracking().Count(i => i.FileName.Contains(marker)));

    [Theory]
    [InlineData(Roles.Analyst)]
    [InlineData(Roles.Admin)]
    public async Task A_signed_in_page_without_the_antiforgery_header_cannot_upload(string role)
    {
        var client = WithoutAntiforgery(await SignedInAsync(role));
        var marker = SurveyExport.NewMarker();

        var response = await SurveyExport.UploadAsync(client, SurveyExport.ThreeRows(marker), $"{marker}.csv");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("AntiforgeryTokenMissing", await People.ErrorCodeAsync(response));
        Assert.Equal(0, ImportsNamed(marker));
    }

    [Theory]
    [InlineData(Roles.Analyst)]
    [InlineData(Roles.Admin)]
    public async Task A_signed_in_analyst_or_admin_uploads_and_reads_the_import_uncached(string role)
    {
        var client = await SignedInAsync(role);
        var marker = SurveyExport.NewMarker();

        var upload = await SurveyExport.UploadAsync(client, SurveyExport.ThreeRows(marker), $"{marker}.csv");
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        Assert.Contains("no-store", upload.Headers.CacheControl?.ToString());
        var id = (await People.JsonAsync(upload)).GetProperty("importId").GetInt32();

        var list = await client.GetAsync("/api/imports");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains("no-store", list.Headers.CacheControl?.ToString());
        Assert.Contains((await People.JsonAsync(list)).EnumerateArray(), i => i.GetProperty("id").GetInt32() == id);

        var rows = await client.GetAsync($"/api/imports/{id}/responses");
        Assert.Equal(HttpStatusCode.OK, rows.StatusCode);
        Assert.Contains("no-store", rows.Headers.CacheControl?.ToString());
        Assert.Contains(SurveyExport.RespondentEmail, await rows.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_signed_in_provider_sees_no_import()
    {
        var client = await SignedInAsync(Roles.Provider);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/imports")).StatusCode);
        var marker = SurveyExport.NewMarker();
        Assert.Equal(HttpStatusCode.Forbidden, (await SurveyExport.UploadAsync(client, SurveyExport.ThreeRows(marker), $"{marker}.csv")).StatusCode);
        Assert.Equal(0, ImportsNamed(marker));
    }

    [Fact]
    public async Task A_signed_in_analyst_cannot_publish()
    {
        var marker = SurveyExport.NewMarker();
        var id = (await SurveyExport.UploadOkAsync(app.ClientAs(Roles.Analyst), SurveyExport.ThreeRows(marker), $"{marker}.csv")).GetProperty("importId").GetInt32();
        var client = await SignedInAsync(Roles.Analyst);

        var response = await client.PostAsync($"/api/imports/{id}/publish", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, app.WithDb(db => db.SurveyResponses.AsNoTracking().Count(r => r.ImportId == id && r.PublishedInterventionId != null)));
    }

    [Fact]
    public async Task A_signed_in_admin_publishes_only_with_the_antiforgery_header()
    {
        var marker = SurveyExport.NewMarker();
        var id = (await SurveyExport.UploadOkAsync(app.ClientAs(Roles.Analyst), SurveyExport.ThreeRows(marker), $"{marker}.csv")).GetProperty("importId").GetInt32();
        var client = await SignedInAsync(Roles.Admin);
        var token = client.DefaultRequestHeaders.GetValues(RequestGuards.HeaderName).Single();

        var forged = await WithoutAntiforgery(client).PostAsync($"/api/imports/{id}/publish", null);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(0, app.WithDb(db => db.SurveyResponses.AsNoTracking().Count(r => r.ImportId == id && r.PublishedInterventionId != null)));

        client.DefaultRequestHeaders.Add(RequestGuards.HeaderName, token);
        var published = await client.PostAsync($"/api/imports/{id}/publish", null);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal(1, (await People.JsonAsync(published)).GetProperty("created").GetInt32());
    }

    [Fact]
    public async Task A_signed_in_analyst_cannot_erase_an_import_nor_preview_its_publish()
    {
        var marker = SurveyExport.NewMarker();
        var id = (await SurveyExport.UploadOkAsync(app.ClientAs(Roles.Analyst), SurveyExport.ThreeRows(marker), $"{marker}.csv")).GetProperty("importId").GetInt32();
        var client = await SignedInAsync(Roles.Analyst);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync($"/api/imports/{id}?force=true")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync($"/api/imports/{id}/publish?preview=true", null)).StatusCode);
        Assert.Equal(3, app.WithDb(db => db.SurveyResponses.AsNoTracking().Count(r => r.ImportId == id)));
    }

    [Fact]
    public async Task A_signed_in_admin_erases_an_import_only_with_the_antiforgery_header()
    {
        var marker = SurveyExport.NewMarker();
        var id = (await SurveyExport.UploadOkAsync(app.ClientAs(Roles.Analyst), SurveyExport.ThreeRows(marker), $"{marker}.csv")).GetProperty("importId").GetInt32();
        var client = await SignedInAsync(Roles.Admin);
        var token = client.DefaultRequestHeaders.GetValues(RequestGuards.HeaderName).Single();

        var forged = await WithoutAntiforgery(client).DeleteAsync($"/api/imports/{id}?force=true");
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(3, app.WithDb(db => db.SurveyResponses.AsNoTracking().Count(r => r.ImportId == id && r.RespondentEmail != null)));

        client.DefaultRequestHeaders.Add(RequestGuards.HeaderName, token);
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"/api/imports/{id}?force=true")).StatusCode);
        Assert.Equal(0, app.WithDb(db => db.SurveyResponses.AsNoTracking().Count(r => r.ImportId == id && r.RespondentEmail != null)));
    }

    [Fact]
    public async Task Staged_problems_carry_a_code_a_page_can_translate()
    {
        var marker = SurveyExport.NewMarker();
        var client = app.ClientAs(Roles.Analyst);
        var id = (await SurveyExport.UploadOkAsync(client, SurveyExport.ThreeRows(marker), $"{marker}.csv")).GetProperty("importId").GetInt32();

        var rows = await People.JsonAsync(await client.GetAsync($"/api/imports/{id}/responses?outcome=rejected"));

        var problems = JsonDocument.Parse(Assert.Single(rows.EnumerateArray()).GetProperty("problems").GetString()!).RootElement;
        Assert.Contains(problems.EnumerateArray(), p => p.GetProperty("code").GetString() == "unknown-area" && p.GetProperty("value").GetString() == "Bristol");
        Assert.Contains(problems.EnumerateArray(), p => p.GetProperty("code").GetString() == "required");
    }

    [Fact]
    public async Task The_partial_filter_lists_rows_kept_with_warnings_only()
    {
        var marker = SurveyExport.NewMarker();
        var client = app.ClientAs(Roles.Analyst);
        var csv = SurveyExport.ThreeRows(marker).Replace(SurveyExport.RespondentEmail, "not an address", StringComparison.Ordinal);
        var id = (await SurveyExport.UploadOkAsync(client, csv, $"{marker}.csv")).GetProperty("importId").GetInt32();

        var rows = await People.JsonAsync(await client.GetAsync($"/api/imports/{id}/responses?outcome=partial"));

        var row = Assert.Single(rows.EnumerateArray());
        Assert.Equal(2, row.GetProperty("rowNumber").GetInt32());
        Assert.Equal("accepted", row.GetProperty("outcome").GetString());
        Assert.Contains("not-email", row.GetProperty("problems").GetString());
    }
}
