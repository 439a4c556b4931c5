using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Blueprint.Api.Tests.Imports;

/// <summary>
/// Small Microsoft Forms survey exports written inline (the header of data/sample/survey-msforms.csv),
/// and their upload through POST /api/imports. Every export carries a marker, so each is a new file.
/// </summary>
internal static class SurveyExport
{
    /// <summary>Personal data that may reach analysts and admins only.</summary>
    public const string RespondentName = "ZZRESPONDENT Rhiannon Sample";
    public const string RespondentEmail = "zzrespondent@example.org";

    public const string Header = """
        ID,Start time,Completion time,Email,Name,Organisation name,Organisation type,Your name,Job title,E-mail address,May we publish this intervention in the interventions directory?,May we contact you about your answers?,Name of the intervention,Brief description of the intervention,Purpose of the intervention (tick all that apply),Forms of VAWDASV addressed (tick all that apply),Setting (tick all that apply),Stage,Where is the intervention delivered? (tick all that apply),"Postcode(s) of delivery venue(s), if any",May the venue location be shown in the directory?,Who is it for? Gender,Who is it for? Age (tick all that apply),Who is it for? Specific groups (tick all that apply),Risk levels accepted (tick all that apply),Referral routes (tick all that apply),Format,Length (weeks or sessions),Languages (tick all that apply),Places per year,Current waiting time (weeks),Is support offered to (ex-)partners or family alongside?,Accreditation or standards (tick all that apply),Funding sources (tick all that apply),Funding secure until,Has it been evaluated?,Outcome measures used,Barriers and challenges,Referral contact (phone / e-mail / web page) that may be published
        """;

    /// <summary>
    /// Three rows: row 2 accepted (consents to publication), row 3 clean but not for publication,
    /// row 4 rejected (no intervention name; Bristol is not in Wales).
    /// </summary>
    public static string ThreeRows(string marker) => $"""
        {Header}
        1,05/12/2023 09:00:00,05/12/2023 09:30:00,anonymous,,ZZORG {marker} One (synthetic),Specialist VAWDASV (third sector),{RespondentName},Programme lead,{RespondentEmail},Yes,Yes,ZZPROG {marker} Healthy Relationships,A fictional programme (synthetic).,Support perpetrators to change their behaviour;,Domestic abuse;Coercive control;,Community;,Early intervention,Cardiff;,,,Men,Adults;,,Standard;Medium;,Self-referral;Police;,Group work,26 weeks,English;Welsh;,40,2,Yes,Respect accreditation;,Welsh Government;,31/03/2026,Internal evaluation,,,referrals@example.org
        2,05/12/2023 10:00:00,05/12/2023 10:30:00,anonymous,,ZZORG {marker} Two (synthetic),Probation,ZZRESPONDENT Bryn Sample,Officer,zzrespondent.bryn@example.org,No,No,ZZPRIVATE {marker} Not For Publication,A fictional programme (synthetic).,Hold perpetrators to account;,Stalking;,Custodial;,Custodial,Gwent;,,,Men,Adults;,,High;,Probation;,1:1,12 weeks,English;,20,0,No,None;,HMPPS / Ministry of Justice;,2026,None,,,
        3,05/12/2023 11:00:00,05/12/2023 11:30:00,anonymous,,ZZORG {marker} Three (synthetic),Specialist VAWDASV (third sector),ZZRESPONDENT Cai Sample,Lead,zzrespondent.cai@example.org,Yes,Yes,,No name given (synthetic).,Hold perpetrators to account;,Stalking;,Community;,Custodial,Bristol;,,,Men,Adults;,,High;,Probation;,1:1,12 weeks,English;,20,0,No,None;,Home Office;,2026,None,,,

        """;

    public static string NewMarker() => Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();

    public static Task<HttpResponseMessage> UploadAsync(HttpClient client, string text, string fileName = "survey.csv") =>
        UploadAsync(client, Encoding.UTF8.GetBytes(text), fileName);

    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] bytes, string fileName = "survey.csv")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", fileName);
        return await client.PostAsync("/api/imports", form);
    }

    /// <summary>Uploads an export that must succeed and returns its report.</summary>
    public static async Task<JsonElement> UploadOkAsync(HttpClient client, string text, string fileName = "survey.csv")
    {
        var response = await UploadAsync(client, text, fileName);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"upload → {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }
}
