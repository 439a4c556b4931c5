using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Xml;
using Blueprint.Api.Auth;
using Blueprint.Api.Hosting;
using Blueprint.Api.Imports;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OData;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Csdl;
using Microsoft.OData.Edm.Validation;

namespace Blueprint.Api.Tests.Imports;

/// <summary>
/// The survey evidence feed at /odata/survey: analysts and admins only (its $metadata and service
/// document too), never cached, never described by the public /odata route, read-only, and as strict
/// about queries as the public route.
/// </summary>
public sealed class SurveyFeedTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    public static TheoryData<string> FeedRoutes() =>
    [
        "/odata/survey",
        "/odata/survey/$metadata",
        "/odata/survey/SurveyImports",
        "/odata/survey/SurveyImports(1)",
        "/odata/survey/SurveyImports(1)/Responses",
        "/odata/survey/SurveyResponses",
        "/odata/survey/SurveyResponses(1)",
        "/odata/survey/SurveyResponses/$count",
        "/odata/survey/SurveyResponses?$select=RespondentName,RespondentEmail&$expand=Import",
    ];

    [Theory]
    [MemberData(nameof(FeedRoutes))]
    public async Task Anonymous_callers_cannot_read_the_survey_feed(string route)
    {
        await UploadAsync(); // so that there is something to leak
        var response = await app.ClientAs(null).GetAsync(route);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertPlainErrorWithoutPersonalDataAsync(response);
    }

    [Theory]
    [MemberData(nameof(FeedRoutes))]
    public async Task Providers_cannot_read_the_survey_feed(string route)
    {
        await UploadAsync();
        var response = await app.ClientAs(Roles.Provider, app.Known.OrganisationId).GetAsync(route);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertPlainErrorWithoutPersonalDataAsync(response);
    }

    [Theory]
    [MemberData(nameof(FeedRoutes))]
    public async Task Analysts_and_admins_read_the_survey_feed(string route)
    {
        await UploadAsync();
        foreach (var role in new[] { Roles.Analyst, Roles.Admin })
        {
            var response = await app.ClientAs(role).GetAsync(route);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{role} {route} → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public void Every_endpoint_of_the_survey_route_requires_the_analyst_policy()
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith(SurveyModel.Prefix, StringComparison.OrdinalIgnoreCase) == true)
            .ToList();

        Assert.Contains(endpoints, e => e.RoutePattern.RawText == SurveyModel.Prefix + "/$metadata");
        Assert.Contains(endpoints, e => e.RoutePattern.RawText == SurveyModel.Prefix);
        Assert.All(endpoints, e =>
        {
            Assert.Contains(e.Metadata.GetOrderedMetadata<IAuthorizeData>(), a => a.Policy == Policies.Analyst);
            Assert.All(e.Metadata.GetOrderedMetadata<IHttpMethodMetadata>(), m => Assert.Equal(["GET"], m.HttpMethods));
        });
    }

    [Fact]
    public async Task The_public_metadata_does_not_describe_survey_imports_or_respondents()
    {
        var metadata = await app.ClientAs(null).GetStringAsync("/odata/$metadata");
        var service = await app.ClientAs(Roles.Admin).GetStringAsync("/odata");

        foreach (var body in new[] { metadata, service })
        {
            Assert.DoesNotContain("Survey", body);
            Assert.DoesNotContain("Respondent", body);
        }
    }

    [Fact]
    public async Task The_survey_metadata_is_valid_CSDL_with_both_sets_and_navigation_both_ways()
    {
        var xml = await app.ClientAs(Roles.Analyst).GetStringAsync("/odata/survey/$metadata");
        using var reader = XmlReader.Create(new StringReader(xml));
        Assert.True(CsdlReader.TryParse(reader, out IEdmModel model, out var errors), string.Join("; ", errors));
        Assert.True(model.Validate(ValidationRuleSet.GetEdmModelRuleSet(EdmConstants.EdmVersion4), out var validation),
            string.Join("; ", validation.Select(e => e.ErrorMessage)));

        Assert.Equal(["SurveyImports", "SurveyResponses"], model.EntityContainer.EntitySets().Select(s => s.Name).Order());
        var import = (IEdmEntityType)model.FindDeclaredType("Blueprint.Survey.SurveyImport")!;
        var response = (IEdmEntityType)model.FindDeclaredType("Blueprint.Survey.SurveyResponse")!;
        Assert.Equal(["Id"], import.Key().Select(k => k.Name));
        Assert.Equal(["Id"], response.Key().Select(k => k.Name));
        Assert.NotNull(import.FindProperty("Responses") as IEdmNavigationProperty);
        Assert.NotNull(response.FindProperty("Import") as IEdmNavigationProperty);
        Assert.NotNull(response.FindProperty("RespondentEmail"));
        Assert.Empty(model.SchemaElements.OfType<IEdmOperation>());
    }

    [Fact]
    public async Task An_analyst_lists_the_rejected_rows_of_an_import_with_their_problems()
    {
        var importId = await UploadAsync();

        var json = await app.GetJsonAsync(
            $"/odata/survey/SurveyResponses?$filter=ImportId eq {importId} and Outcome eq 'rejected'&$select=RowNumber,Problems&$orderby=RowNumber&$count=true",
            app.ClientAs(Roles.Analyst));

        Assert.Equal(1, json.GetProperty("@odata.count").GetInt32());
        var row = Assert.Single(json.GetProperty("value").EnumerateArray());
        Assert.Equal(4, row.GetProperty("RowNumber").GetInt32());
        Assert.Contains("Bristol", row.GetProperty("Problems").GetString());
        Assert.Equal(["Problems", "RowNumber"], row.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task Imports_are_listed_newest_first_with_times_in_UTC()
    {
        var older = await UploadAsync();
        var newer = await UploadAsync();

        var json = await app.GetJsonAsync("/odata/survey/SurveyImports?$orderby=ImportedAt desc&$select=Id,ImportedAt", app.ClientAs(Roles.Analyst));

        var rows = json.GetProperty("value").EnumerateArray().ToList();
        var ids = rows.Select(r => r.GetProperty("Id").GetInt32()).ToList();
        Assert.True(ids.IndexOf(newer) < ids.IndexOf(older), string.Join(",", ids));
        var stored = app.WithDb(db => db.SurveyImports.Single(i => i.Id == newer).ImportedAt);
        var reported = rows.Single(r => r.GetProperty("Id").GetInt32() == newer).GetProperty("ImportedAt").GetString()!;
        Assert.Equal(DateTime.SpecifyKind(stored, DateTimeKind.Utc), DateTimeOffset.Parse(reported, CultureInfo.InvariantCulture).UtcDateTime);
        // Stored timestamps are UTC: the feed must not read them in the server's own time zone.
        Assert.Equal(TimeZoneInfo.Utc, app.Services.GetRequiredService<IOptions<ODataOptions>>().Value.TimeZone);
    }

    [Fact]
    public async Task Imports_expand_to_their_responses_and_responses_to_their_import()
    {
        var importId = await UploadAsync();
        var analyst = app.ClientAs(Roles.Analyst);

        var import = await app.GetJsonAsync($"/odata/survey/SurveyImports({importId})?$select=Id&$expand=Responses($select=RowNumber,Outcome,RespondentEmail;$orderby=RowNumber)", analyst);
        var responses = import.GetProperty("Responses").EnumerateArray().ToList();
        Assert.Equal([2, 3, 4], responses.Select(r => r.GetProperty("RowNumber").GetInt32()));
        Assert.Equal(SurveyExport.RespondentEmail, responses[0].GetProperty("RespondentEmail").GetString());

        var rows = await app.GetJsonAsync($"/odata/survey/SurveyResponses?$filter=ImportId eq {importId}&$select=RowNumber&$expand=Import($select=Id,FileName)", analyst);
        Assert.All(rows.GetProperty("value").EnumerateArray(), r => Assert.Equal(importId, r.GetProperty("Import").GetProperty("Id").GetInt32()));

        var viaNavigation = await app.GetJsonAsync($"/odata/survey/SurveyImports({importId})/Responses?$select=RowNumber&$count=true", analyst);
        Assert.Equal(3, viaNavigation.GetProperty("@odata.count").GetInt32());
    }

    public static TheoryData<string> BadQueries() =>
    [
        "/odata/survey/SurveyResponses?$top=1001",
        "/odata/survey/SurveyResponses?$top=-1",
        "/odata/survey/SurveyResponses?$skip=400001",
        "/odata/survey/SurveyResponses?$filter=NoSuchProperty eq 1",
        "/odata/survey/SurveyResponses?$filter=Outcome eq",
        "/odata/survey/SurveyResponses?$filter=" + string.Join(" or ", Enumerable.Repeat("RowNumber eq 1", 150)),
        "/odata/survey/SurveyResponses?$filter=cast(RowNumber,Edm.String) eq '1'",
        "/odata/survey/SurveyResponses?$filter=matchesPattern(Outcome,'^rej.*')",
        "/odata/survey/SurveyResponses?$skiptoken=Id-abc",
        "/odata/survey/SurveyResponses?$orderby=" + string.Join(",", Enumerable.Repeat("RowNumber", 10)),
        "/odata/survey/SurveyResponses?$orderby=NoSuchProperty",
        "/odata/survey/SurveyResponses?$select=NoSuchProperty",
        "/odata/survey/SurveyResponses?$expand=Organisation",
        "/odata/survey/SurveyImports?$expand=Responses($expand=Import($expand=Responses))",
        "/odata/survey/SurveyImports?$expand=Responses($levels=max)",
        "/odata/survey/SurveyResponses?$apply=groupby((Outcome),aggregate($count as N))",
        "/odata/survey/SurveyResponses?apply=groupby((Outcome))",
        "/odata/survey/SurveyResponses?$compute=RowNumber add 1 as X",
        "/odata/survey/SurveyResponses?compute=RowNumber add 1 as X",
        "/odata/survey/SurveyResponses?$search=Cardiff",
        "/odata/survey/SurveyResponses?search=Cardiff",
        "/odata/survey/SurveyResponses?$index=1",
        "/odata/survey/SurveyResponses?$levels=2",
        "/odata/survey/SurveyResponses?$count=maybe",
        "/odata/survey/SurveyResponses?$format=application/xml",
        "/odata/survey/SurveyResponses?$filter=" + new string('x', 16 * 1024),
    ];

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task A_bad_query_on_the_survey_feed_gets_a_4xx_with_a_plain_OData_error(string url)
    {
        var response = await app.ClientAs(Roles.Analyst).GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{url[..Math.Min(url.Length, 120)]} → {(int)response.StatusCode}: {body[..Math.Min(body.Length, 300)]}");
        Assert.DoesNotContain("innererror", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("stacktrace", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", body);
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("code").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Top_above_the_limit_gets_400_and_the_limit_itself_is_served_in_pages()
    {
        var client = app.ClientAs(Roles.Analyst);
        var over = await client.GetAsync($"/odata/survey/SurveyResponses?$top={SurveyQueryAttribute.Limits.MaxTop + 1}");
        Assert.Equal(HttpStatusCode.BadRequest, over.StatusCode);
        Assert.Contains("Top", JsonDocument.Parse(await over.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("message").GetString());

        var atLimit = await client.GetAsync($"/odata/survey/SurveyResponses?$top={SurveyQueryAttribute.Limits.MaxTop}&$select=Id");
        Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);
    }

    [Fact]
    public async Task The_survey_feed_is_read_only()
    {
        var importId = await UploadAsync();
        var admin = app.ClientAs(Roles.Admin);
        using var body = new StringContent("""{"Outcome":"accepted"}""", System.Text.Encoding.UTF8, "application/json");

        var attempts = new[]
        {
            await admin.PostAsync("/odata/survey/SurveyImports", body),
            await admin.PatchAsync($"/odata/survey/SurveyImports({importId})", body),
            await admin.PutAsync($"/odata/survey/SurveyImports({importId})", body),
            await admin.DeleteAsync($"/odata/survey/SurveyImports({importId})"),
            await admin.PostAsync("/odata/survey/SurveyResponses", body),
            await admin.DeleteAsync($"/odata/survey/SurveyImports({importId})/Responses"),
        };

        Assert.All(attempts, r => Assert.Equal(HttpStatusCode.MethodNotAllowed, r.StatusCode));
        Assert.Equal(3, app.WithDb(db => db.SurveyResponses.Count(r => r.ImportId == importId)));
    }

    [Fact]
    public async Task The_survey_route_and_the_public_route_do_not_overlap()
    {
        var analyst = app.ClientAs(Roles.Analyst);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync("/odata/survey/Interventions")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync("/odata/SurveyResponses")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync("/odata/SurveyImports")).StatusCode);
        var directory = await app.GetJsonAsync("/odata/Interventions?$top=1&$select=Name", app.ClientAs(null));
        Assert.Single(directory.GetProperty("value").EnumerateArray());
    }

    [Fact]
    public async Task Survey_feed_responses_are_never_served_from_or_stored_in_the_output_cache()
    {
        // The cache policy does not consider the survey route at all, even for a request without credentials.
        var policy = new DirectoryCachePolicy(new DirectoryCacheOptions(), new Blueprint.Api.Freshness.DataVersion());
        foreach (var path in new[] { "/odata/survey", "/odata/survey/$metadata", "/odata/survey/SurveyResponses", "/ODATA/Survey/SurveyImports" })
        {
            var context = new OutputCacheContext { HttpContext = new DefaultHttpContext { Request = { Method = "GET", Path = path } } };
            await policy.CacheRequestAsync(context, TestContext.Current.CancellationToken);
            Assert.False(context.EnableOutputCaching || context.AllowCacheLookup || context.AllowCacheStorage, path);
        }
        Assert.True(DirectoryCache.IsDirectoryPath("/odata/Interventions"));

        // Through the pipeline: a read after a change sees the change, with no invalidation in between.
        var marker = SurveyExport.NewMarker();
        var url = $"/odata/survey/SurveyImports?$filter=contains(FileName,'{marker}')&$select=FileName";
        var analyst = app.ClientAs(Roles.Analyst);
        Assert.Empty((await app.GetJsonAsync(url, analyst)).GetProperty("value").EnumerateArray());
        await SurveyExport.UploadOkAsync(analyst, SurveyExport.ThreeRows(marker), $"{marker}.csv");
        Assert.Single((await app.GetJsonAsync(url, analyst)).GetProperty("value").EnumerateArray());
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ClientAs(null).GetAsync(url)).StatusCode);
        Assert.False((await analyst.GetAsync(url)).Headers.Contains("Age"));
    }

    /// <summary>Uploads a new three-row export as an analyst and returns its import id.</summary>
    private async Task<int> UploadAsync() =>
        (await SurveyExport.UploadOkAsync(app.ClientAs(Roles.Analyst), SurveyExport.ThreeRows(SurveyExport.NewMarker()))).GetProperty("importId").GetInt32();

    private static async Task AssertPlainErrorWithoutPersonalDataAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("zzrespondent", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Respondent", body);
        Assert.DoesNotContain("<edmx", body);
        Assert.False(string.IsNullOrWhiteSpace(JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("message").GetString()));
    }
}
