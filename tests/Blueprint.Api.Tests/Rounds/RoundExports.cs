using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Blueprint.Api.Tests.Imports;

namespace Blueprint.Api.Tests.Rounds;

/// <summary>Survey exports and calls for the round tests: uploads into a named round, rounds made through the API.</summary>
internal static class RoundExports
{
    /// <summary>One consented, clean row that names no area it serves (no area ticked, no venue postcode).</summary>
    public static string NoAreaRow(string marker) => $"""
        {SurveyExport.Header}
        1,05/12/2023 09:00:00,05/12/2023 09:30:00,anonymous,,ZZORG {marker} Nowhere (synthetic),Specialist VAWDASV (third sector),{SurveyExport.RespondentName},Programme lead,{SurveyExport.RespondentEmail},Yes,Yes,ZZPROG {marker} Nowhere Programme,A fictional programme (synthetic).,Support perpetrators to change their behaviour;,Domestic abuse;,Community;,Early intervention,,,,Men,Adults;,,Standard;,Self-referral;,Group work,26 weeks,English;,40,2,Yes,Respect accreditation;,Welsh Government;,31/03/2026,Internal evaluation,,,referrals@example.org

        """;

    /// <summary>One consented, clean row for Cardiff, completed at <paramref name="completed"/> (dd/MM/yyyy HH:mm:ss).</summary>
    public static string CardiffRow(string organisation, string programme, string completed, string description) => $"""
        {SurveyExport.Header}
        1,{completed},{completed},anonymous,,{organisation},Specialist VAWDASV (third sector),{SurveyExport.RespondentName},Programme lead,{SurveyExport.RespondentEmail},Yes,Yes,{programme},{description},Support perpetrators to change their behaviour;,Domestic abuse;,Community;,Early intervention,Cardiff;,,,Men,Adults;,,Standard;,Self-referral;,Group work,26 weeks,English;,40,2,Yes,Respect accreditation;,Welsh Government;,31/03/2026,Internal evaluation,,,referrals@example.org

        """;

    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string text, string query, string fileName = "survey.csv")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", fileName);
        return await client.PostAsync("/api/imports" + query, form);
    }

    public static async Task<JsonElement> UploadOkAsync(HttpClient client, string text, string query)
    {
        var response = await UploadAsync(client, text, query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"upload → {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>A round added by an administrator; closed long ago unless dates are given, so it is never "the one open today".</summary>
    public static async Task<JsonElement> AddRoundAsync(HttpClient admin, string name, string opensOn = "2023-11-01", string closesOn = "2023-12-31")
    {
        var response = await admin.PostAsJsonAsync("/api/rounds", new { name, tool = "Microsoft Forms", opensOn, closesOn });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"add round → {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    public static async Task<(HttpResponseMessage Response, JsonElement Body)> PublishAsync(HttpClient admin, int importId, string query = "", object? body = null)
    {
        var response = await admin.PostAsync($"/api/imports/{importId}/publish{query}", body is null ? null : JsonContent.Create(body));
        var text = await response.Content.ReadAsStringAsync();
        return (response, JsonDocument.Parse(text).RootElement);
    }
}
