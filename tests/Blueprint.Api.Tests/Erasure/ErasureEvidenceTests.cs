using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Blueprint.Api.Auth;
using Blueprint.Api.Tests.Imports;
using Blueprint.Api.Tests.Rounds;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Tests.Erasure;

/// <summary>
/// Erasure keeps the anonymised evidence (docs/decisions/0028): after it, none of the respondents' personal values is
/// anywhere in the database, the import is still listed (marked erased), and its round's analysis is unchanged.
/// </summary>
public sealed class ErasureEvidenceTests(DatabaseOnlyApp app) : IClassFixture<DatabaseOnlyApp>
{
    /// <summary>
    /// Three rows: row 2 accepted, row 3 not for publication (a phone number and a name in its contact and free texts),
    /// row 4 rejected (no intervention name, a broken e-mail address). Every personal value carries the marker.
    /// </summary>
    private static (string Csv, string[] Personal) Export(string m, string phone) => ($"""
        {SurveyExport.Header}
        ZZRID{m}A,05/12/2023 09:00:00,05/12/2023 09:30:00,zzform.{m}@example.net,Zzform Eira {m},ZZORG {m} One (synthetic),Specialist VAWDASV (third sector),Zzperson Dafydd {m},Zzjob Lead {m},zzdafydd.{m}@example.net,Yes,Yes,ZZPROG {m} Healthy Relationships,A fictional programme (synthetic).,Support perpetrators to change their behaviour;,Domestic abuse;Coercive control;,Community;,Early intervention,Cardiff;,,,Men,Adults;,,Standard;Medium;,Self-referral;Police;,Group work,26 weeks,English;Welsh;,40,2,Yes,Respect accreditation;,Welsh Government;,31/03/2026,Internal evaluation,,,referrals@example.org
        ZZRID{m}B,05/12/2023 10:00:00,05/12/2023 10:30:00,anonymous,,ZZORG {m} Two (synthetic),Probation,Zzperson Bryn {m},Officer,zzbryn.{m}@example.net,No,No,ZZPRIVATE {m} Not For Publication,Run by Zzperson Bryn {m} (synthetic).,Hold perpetrators to account;,Stalking;,Custodial;,Custodial,Gwent;,,,Men,Adults;,,High;,Probation;,1:1,12 weeks,English;,20,0,No,None;,HMPPS / Ministry of Justice;,2026,None,,Ring Bryn on {phone},Tel: {phone}
        ZZRID{m}C,05/12/2023 11:00:00,05/12/2023 11:30:00,anonymous,,ZZORG {m} Three (synthetic),Specialist VAWDASV (third sector),Zzperson Cai {m},Lead,zzcai.{m}@@broken,Yes,Yes,,No name given (synthetic).,Hold perpetrators to account;,Stalking;,Community;,Custodial,Bristol;,,,Men,Adults;,,High;,Probation;,1:1,12 weeks,English;,20,0,No,None;,Home Office;,2026,None,,,

        """,
        [$"ZZRID{m}", $"zzform.{m}@example.net", $"Zzform Eira {m}", $"Zzperson Dafydd {m}", $"Zzjob Lead {m}", $"zzdafydd.{m}@example.net",
         $"Zzperson Bryn {m}", $"zzbryn.{m}@example.net", phone, $"Zzperson Cai {m}", $"zzcai.{m}@@broken"]);

    [Fact]
    public async Task After_erasure_no_personal_value_is_left_in_any_table_and_the_rounds_figures_are_the_same()
    {
        var m = SurveyExport.NewMarker();
        var phone = $"07700 9{Random.Shared.Next(10_000, 99_999)}";
        var (csv, personal) = Export(m, phone);
        var admin = app.ClientAs(Roles.Admin);
        var round = (await RoundExports.AddRoundAsync(admin, $"Erasure round {m}")).GetProperty("id").GetInt32();
        var importId = (await RoundExports.UploadOkAsync(app.ClientAs(Roles.Analyst), csv, $"?round={round}")).GetProperty("importId").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await RoundExports.PublishAsync(admin, importId)).Response.StatusCode);
        var figures = await FiguresAsync(round);
        Assert.Equal(personal, Holding(m, phone, personal));   // the scan finds every one while they are there

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ClientAs(null).DeleteAsync($"/api/imports/{importId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(Roles.Analyst).DeleteAsync($"/api/imports/{importId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(Roles.Provider, app.Known.OrganisationId).DeleteAsync($"/api/imports/{importId}")).StatusCode);
        Assert.Empty(await ErasedAtAsync(importId));
        var erased = await admin.DeleteAsync($"/api/imports/{importId}");

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Equal(3, (await erased.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("erased").GetInt32());
        Assert.Empty(Holding(m, phone, personal));
        Assert.Equal(figures, await FiguresAsync(round));
        var import = await app.GetJsonAsync($"/api/imports/{importId}", app.ClientAs(Roles.Analyst));
        Assert.NotEmpty(import.GetProperty("erasedAt").GetString()!);
        Assert.Equal("test-admin", import.GetProperty("erasedBy").GetString());
        Assert.Contains("respondentEmail", import.GetProperty("erasure").GetString());
        Assert.Equal(3, import.GetProperty("rowsRead").GetInt32());
        // The staged rows still say what became of each row, in neutral words where the problem quoted a personal answer.
        var rows = await app.GetJsonAsync($"/api/imports/{importId}/responses", app.ClientAs(Roles.Analyst));
        Assert.Equal(["accepted", "not-for-publication", "rejected"], Rows(rows).Select(r => r.GetProperty("outcome").GetString()!).Order().ToArray());
        Assert.Contains(Rows(rows), r => r.GetProperty("problems").GetString() is { } p && p.Contains("\"code\":\"erased\""));
    }

    [Fact]
    public async Task An_erased_file_is_not_staged_again_and_a_second_erasure_changes_nothing()
    {
        var m = SurveyExport.NewMarker();
        var phone = $"07700 9{Random.Shared.Next(10_000, 99_999)}";
        var (csv, personal) = Export(m, phone);
        var admin = app.ClientAs(Roles.Admin);
        var round = (await RoundExports.AddRoundAsync(admin, $"Erasure again {m}")).GetProperty("id").GetInt32();
        var importId = (await RoundExports.UploadOkAsync(app.ClientAs(Roles.Analyst), csv, $"?round={round}")).GetProperty("importId").GetInt32();
        Assert.Equal(HttpStatusCode.Conflict, (await admin.DeleteAsync($"/api/imports/{importId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync($"/api/imports/{importId}?force=true")).StatusCode);

        var again = await RoundExports.UploadOkAsync(app.ClientAs(Roles.Analyst), csv, $"?round={round}");
        var second = await (await admin.DeleteAsync($"/api/imports/{importId}")).Content.ReadFromJsonAsync<JsonElement>();
        var (_, publish) = await RoundExports.PublishAsync(admin, importId);

        Assert.True(again.GetProperty("alreadyImported").GetBoolean());
        Assert.Equal(importId, again.GetProperty("importId").GetInt32());
        Assert.Empty(Holding(m, phone, personal));
        Assert.True(second.GetProperty("alreadyErased").GetBoolean());
        Assert.Equal(0, second.GetProperty("erased").GetInt32());
        // Its accepted response, waiting when the erasure was forced, is never published from the anonymised answers.
        Assert.Equal(0, publish.GetProperty("published").GetArrayLength());
        Assert.False(app.WithDb(db => db.Interventions.IgnoreQueryFilters().Any(i => i.Name.Contains(m))));
    }

    private static IEnumerable<JsonElement> Rows(JsonElement page) =>
        page.ValueKind == JsonValueKind.Array ? page.EnumerateArray() : page.GetProperty("rows").EnumerateArray();

    private async Task<string> ErasedAtAsync(int importId) =>
        (await app.GetJsonAsync($"/api/imports/{importId}", app.ClientAs(Roles.Admin))).GetProperty("erasedAt").ToString();

    /// <summary>Every analysis of the round, as the dashboard reads it.</summary>
    private async Task<string> FiguresAsync(int round)
    {
        var analyst = app.ClientAs(Roles.Analyst);
        var tables = new List<string>();
        foreach (var table in new[] { "provision", "gaps", "access", "funding" })
        {
            tables.Add((await app.GetJsonAsync($"/api/analysis/{table}.json?round={round}", analyst)).GetProperty("rows").GetRawText());
        }
        return string.Join('\n', tables);
    }

    /// <summary>
    /// Of <paramref name="values"/>, those found anywhere in any text column of any table: one scan a column, for the
    /// texts holding the marker or the phone number, then each value looked for in what came back.
    /// </summary>
    private List<string> Holding(string marker, string phone, IReadOnlyList<string> values) => app.WithDb(db =>
    {
        var connection = db.Database.GetDbConnection();
        connection.Open();
        try
        {
            var texts = new List<string>();
            foreach (var table in Strings(connection, "SELECT name FROM sqlite_master WHERE type = 'table'", []))
            {
                foreach (var column in Strings(connection, $"SELECT name FROM pragma_table_info('{table}') WHERE type = 'TEXT' OR type = ''", []))
                {
                    texts.AddRange(Strings(connection,
                        $"SELECT CAST(\"{column}\" AS TEXT) FROM \"{table}\" WHERE instr(lower(CAST(\"{column}\" AS TEXT)), lower($marker)) > 0 OR instr(CAST(\"{column}\" AS TEXT), $phone) > 0",
                        [("$marker", marker), ("$phone", phone)]));
                }
            }
            return values.Where(v => texts.Any(t => t.Contains(v, StringComparison.OrdinalIgnoreCase))).ToList();
        }
        finally
        {
            connection.Close();
        }
    });

    private static List<string> Strings(DbConnection connection, string sql, (string Name, string Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            (parameter.ParameterName, parameter.Value) = (name, value);
            command.Parameters.Add(parameter);
        }
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.IsDBNull(0) ? "" : reader.GetString(0));
        }
        return values;
    }
}
