using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Blueprint.Api.Auth;
using Blueprint.Api.Tests.Imports;
using Blueprint.Data.Listings;
using Blueprint.Data.Survey;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Tests.Rounds;

/// <summary>
/// Survey rounds through the real pipeline: who may read and change them, imports that belong to one, responses
/// held back for naming no area, the publish preview that stores nothing, older evidence left as a conflict, erasure.
/// </summary>
public sealed class RoundsApiTests(DatabaseOnlyApp app) : IClassFixture<DatabaseOnlyApp>
{
    [Fact]
    public async Task Analysts_read_the_rounds_and_only_admins_add_or_change_them()
    {
        var rounds = await app.ClientAs(Roles.Analyst).GetFromJsonAsync<JsonElement>("/api/rounds");
        Assert.Contains(rounds.EnumerateArray(), r => r.GetProperty("name").GetString() == "Sample round");
        Assert.Contains(rounds.EnumerateArray(), r => r.GetProperty("name").GetString() == "Before rounds");
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ClientAs(null).GetAsync("/api/rounds")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(Roles.Provider, app.Known.OrganisationId).GetAsync("/api/rounds")).StatusCode);

        var name = $"Analyst's round {SurveyExport.NewMarker()}";
        var refused = await app.ClientAs(Roles.Analyst).PostAsJsonAsync("/api/rounds", new { name, tool = "Forms", opensOn = "2027-01-01", closesOn = "2027-02-01" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.False(app.WithDb(db => db.SurveyRounds.Any(r => r.Name == name)));

        var added = await RoundExports.AddRoundAsync(app.ClientAs(Roles.Admin), name, "2027-01-01", "2027-02-01");
        var id = added.GetProperty("id").GetInt32();
        Assert.Equal(0, added.GetProperty("imports").GetInt32());
        var changed = await app.ClientAs(Roles.Admin).PutAsJsonAsync($"/api/rounds/{id}", new { name, tool = "SmartSurvey", opensOn = "2027-01-01", closesOn = "2027-03-31", profile = "per-option-2023" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var listed = (await app.ClientAs(Roles.Analyst).GetFromJsonAsync<JsonElement>("/api/rounds")).EnumerateArray().Single(r => r.GetProperty("id").GetInt32() == id);
        Assert.Equal("2027-03-31", listed.GetProperty("closesOn").GetString());
        Assert.Equal("SmartSurvey", listed.GetProperty("tool").GetString());
        Assert.Equal("per-option-2023", listed.GetProperty("profile").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(Roles.Analyst).PutAsJsonAsync($"/api/rounds/{id}", new { name = "x", opensOn = "2027-01-01" })).StatusCode);
    }

    [Fact]
    public async Task A_round_closing_before_it_opens_a_repeated_name_or_an_unknown_profile_is_refused_with_the_field_named()
    {
        var admin = app.ClientAs(Roles.Admin);
        var backwards = await admin.PostAsJsonAsync("/api/rounds", new { name = $"Backwards {SurveyExport.NewMarker()}", opensOn = "2027-02-01", closesOn = "2027-01-01" });
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Equal("closesOn", (await backwards.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("target").GetString());

        var noProfile = await admin.PostAsJsonAsync("/api/rounds", new { name = $"Profiled {SurveyExport.NewMarker()}", profile = "no-such-profile" });
        Assert.Equal(HttpStatusCode.BadRequest, noProfile.StatusCode);
        Assert.Equal("profile", (await noProfile.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("target").GetString());

        var again = await admin.PostAsJsonAsync("/api/rounds", new { name = "Sample round", opensOn = "2020-01-01", closesOn = "2020-02-01" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("Sample round", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("message").GetString());

        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync("/api/rounds/2147483000", new { name = "Nowhere" })).StatusCode);
    }

    [Fact]
    public async Task An_upload_belongs_to_the_round_it_names_and_the_import_list_says_which()
    {
        var marker = SurveyExport.NewMarker();
        var round = await RoundExports.AddRoundAsync(app.ClientAs(Roles.Admin), $"Winter 2023 {marker}");
        var roundId = round.GetProperty("id").GetInt32();

        var report = await RoundExports.UploadOkAsync(app.ClientAs(Roles.Analyst), SurveyExport.ThreeRows(marker), $"?round={roundId}");

        Assert.Equal(roundId, report.GetProperty("roundId").GetInt32());
        var importId = report.GetProperty("importId").GetInt32();
        var item = (await app.ClientAs(Roles.Analyst).GetFromJsonAsync<JsonElement>("/api/imports")).EnumerateArray().Single(i => i.GetProperty("id").GetInt32() == importId);
        Assert.Equal(roundId, item.GetProperty("roundId").GetInt32());
        Assert.Equal($"Winter 2023 {marker}", item.GetProperty("roundName").GetString());
        Assert.Equal(0, item.GetProperty("needsArea").GetInt32());
        Assert.Equal("test-analyst", item.GetProperty("importedBy").GetString());
        Assert.Equal(64, item.GetProperty("fileHash").GetString()!.Length);
        Assert.Equal(1, item.GetProperty("accepted").GetInt32());
        var listed = (await app.ClientAs(Roles.Analyst).GetFromJsonAsync<JsonElement>("/api/rounds")).EnumerateArray().Single(r => r.GetProperty("id").GetInt32() == roundId);
        Assert.Equal(1, listed.GetProperty("imports").GetInt32());
    }

    [Fact]
    public async Task Without_a_round_the_one_open_today_is_used_and_an_unknown_round_is_refused_naming_the_rounds()
    {
        var marker = SurveyExport.NewMarker();
        var report = await RoundExports.UploadOkAsync(app.ClientAs(Roles.Analyst), SurveyExport.ThreeRows(marker), "");
        Assert.Equal("Sample round", report.GetProperty("roundName").GetString());

        var other = SurveyExport.NewMarker();
        var refused = await RoundExports.UploadAsync(app.ClientAs(Roles.Analyst), SurveyExport.ThreeRows(other), "?round=2147483000");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var error = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString();
        Assert.Contains("no survey round '2147483000'", error);
        Assert.Contains("Sample round", error);
        Assert.False(app.WithDb(db => db.SurveyResponses.Any(r => r.OrganisationName!.Contains(other))));
    }

    [Fact]
    public async Task A_consented_response_naming_no_area_is_held_back_and_listed_as_needing_one()
    {
        var marker = SurveyExport.NewMarker();
        var report = await RoundExports.UploadOkAsync(app.ClientAs(Roles.Analyst), RoundExports.NoAreaRow(marker), "");

        Assert.Equal(1, report.GetProperty("needsArea").GetInt32());
        Assert.Equal(0, report.GetProperty("accepted").GetInt32());
        var importId = report.GetProperty("importId").GetInt32();
        var rows = await app.ClientAs(Roles.Analyst).GetFromJsonAsync<JsonElement>($"/api/imports/{importId}/responses?outcome=needs-area");
        var row = Assert.Single(rows.EnumerateArray());
        Assert.Equal(2, row.GetProperty("rowNumber").GetInt32());
        Assert.Contains("names no area", row.GetProperty("problems").GetString());

        var (response, summary) = await RoundExports.PublishAsync(app.ClientAs(Roles.Admin), importId);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, summary.GetProperty("created").GetInt32());
        var held = Assert.Single(summary.GetProperty("heldBack").EnumerateArray());
        Assert.Equal(row.GetProperty("id").GetInt64(), held.GetProperty("responseId").GetInt64());
        Assert.Equal("needs-area", held.GetProperty("reason").GetString());
        Assert.False(app.WithDb(db => db.Interventions.IgnoreQueryFilters().Any(i => i.Name.Contains(marker))));
    }

    [Fact]
    public async Task A_publish_preview_answers_what_would_happen_and_stores_nothing()
    {
        var marker = SurveyExport.NewMarker();
        var importId = (await RoundExports.UploadOkAsync(app.ClientAs(Roles.Analyst), SurveyExport.ThreeRows(marker), "")).GetProperty("importId").GetInt32();
        var (version, audit) = app.WithDb(db => (db.DataVersions.Single().Value, db.AuditEntries.Count()));

        var (response, preview) = await RoundExports.PublishAsync(app.ClientAs(Roles.Admin), importId, "?preview=true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(preview.GetProperty("preview").GetBoolean());
        Assert.Equal(1, preview.GetProperty("created").GetInt32());
        var published = Assert.Single(preview.GetProperty("published").EnumerateArray());
        Assert.True(published.GetProperty("created").GetBoolean());
        Assert.Equal(0, published.GetProperty("interventionId").GetInt32());
        Assert.Equal((version, audit), app.WithDb(db => (db.DataVersions.Single().Value, db.AuditEntries.Count())));
        Assert.False(app.WithDb(db => db.Interventions.IgnoreQueryFilters().Any(i => i.Name.Contains(marker))));
        Assert.False(app.WithDb(db => db.Organisations.Any(o => o.Name.Contains(marker))));
        Assert.False(app.WithDb(db => db.SurveyResponses.Any(r => r.ImportId == importId && r.PublishedInterventionId != null)));

        var (_, real) = await RoundExports.PublishAsync(app.ClientAs(Roles.Admin), importId);
        Assert.False(real.GetProperty("preview").GetBoolean());
        Assert.Equal(1, real.GetProperty("created").GetInt32());
        Assert.True(app.WithDb(db => db.Interventions.IgnoreQueryFilters().Any(i => i.Name.Contains(marker))));
    }

    [Fact]
    public async Task An_older_response_is_a_conflict_left_alone_until_an_admin_overwrites_it_by_name()
    {
        var marker = SurveyExport.NewMarker();
        var (organisation, programme) = ($"ZZORG {marker} Conflicts (synthetic)", $"ZZPROG {marker} Conflicted");
        var admin = app.ClientAs(Roles.Admin);
        var newer = (await RoundExports.UploadOkAsync(admin, RoundExports.CardiffRow(organisation, programme, "03/02/2026 10:00:00", "Answers from 2026."), "")).GetProperty("importId").GetInt32();
        var (_, first) = await RoundExports.PublishAsync(admin, newer);
        var listingId = first.GetProperty("published")[0].GetProperty("interventionId").GetInt32();
        var older = await RoundExports.UploadOkAsync(admin, RoundExports.CardiffRow(organisation, programme, "12/12/2023 10:00:00", "Answers from 2023."), "");
        var olderId = older.GetProperty("importId").GetInt32();

        var (_, second) = await RoundExports.PublishAsync(admin, olderId);

        Assert.Equal(0, second.GetProperty("updated").GetInt32());
        var conflict = Assert.Single(second.GetProperty("conflicts").EnumerateArray());
        Assert.Equal(listingId, conflict.GetProperty("interventionId").GetInt32());
        Assert.Equal(programme, conflict.GetProperty("name").GetString());
        Assert.StartsWith("2026-02-03", conflict.GetProperty("listingEvidenceAt").GetString());
        Assert.StartsWith("2023-12-12T10:00", conflict.GetProperty("responseCompletedAt").GetString());
        var listing = app.WithDb(db => db.Interventions.IgnoreQueryFilters().AsNoTracking().Single(i => i.Id == listingId));
        Assert.Equal((new DateOnly(2026, 2, 3), "Answers from 2026."), (listing.LastVerified, listing.Description));

        var responseId = conflict.GetProperty("responseId").GetInt64();
        var (_, overwritten) = await RoundExports.PublishAsync(admin, olderId, "", new { overwriteNewer = new[] { responseId } });
        Assert.Equal(1, overwritten.GetProperty("updated").GetInt32());
        Assert.Empty(overwritten.GetProperty("conflicts").EnumerateArray());
        listing = app.WithDb(db => db.Interventions.IgnoreQueryFilters().AsNoTracking().Single(i => i.Id == listingId));
        // The administrator's choice applies the older answers; the last verification never moves back.
        Assert.Equal((new DateOnly(2026, 2, 3), "Answers from 2023."), (listing.LastVerified, listing.Description));
    }

    [Fact]
    public async Task An_admin_erases_an_import_s_personal_data_and_the_published_listing_stays()
    {
        var marker = SurveyExport.NewMarker();
        var importId = (await RoundExports.UploadOkAsync(app.ClientAs(Roles.Analyst), SurveyExport.ThreeRows(marker), "")).GetProperty("importId").GetInt32();

        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(Roles.Analyst).DeleteAsync($"/api/imports/{importId}")).StatusCode);
        var waiting = await app.ClientAs(Roles.Admin).DeleteAsync($"/api/imports/{importId}");
        Assert.Equal(HttpStatusCode.Conflict, waiting.StatusCode);
        Assert.Contains("waiting to be published", (await waiting.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(3, app.WithDb(db => db.SurveyResponses.Count(r => r.ImportId == importId && r.RespondentEmail != null)));

        var (_, published) = await RoundExports.PublishAsync(app.ClientAs(Roles.Admin), importId);
        var listingId = published.GetProperty("published")[0].GetProperty("interventionId").GetInt32();
        var erased = await app.ClientAs(Roles.Admin).DeleteAsync($"/api/imports/{importId}");

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Equal(3, (await erased.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("erased").GetInt32());
        Assert.False(app.WithDb(db => db.SurveyResponses.Any(r => r.RespondentEmail == SurveyExport.RespondentEmail && r.OrganisationName!.Contains(marker))));
        Assert.Equal(3, app.WithDb(db => db.SurveyResponses.Count(r => r.ImportId == importId && r.RespondentName == null && r.RespondentEmail == null)));
        Assert.NotNull(app.WithDb(db => db.SurveyImports.Single(i => i.Id == importId).ErasedAt));
        Assert.True(app.WithDb(db => db.Interventions.IgnoreQueryFilters().Any(i => i.Id == listingId)));
        var entry = app.WithDb(db => db.AuditEntries.AsNoTracking().Single(a => a.EntityType == AuditEntities.SurveyImport && a.EntityId == importId));
        Assert.Equal(("erased", "test-admin"), (entry.Action, entry.ActorId));
        Assert.DoesNotContain("zzrespondent", entry.Changes, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientAs(Roles.Admin).DeleteAsync("/api/imports/987654")).StatusCode);
    }

    [Fact]
    public async Task Erasure_with_force_goes_ahead_even_with_responses_waiting()
    {
        var marker = SurveyExport.NewMarker();
        var importId = (await RoundExports.UploadOkAsync(app.ClientAs(Roles.Analyst), SurveyExport.ThreeRows(marker), "")).GetProperty("importId").GetInt32();

        var erased = await app.ClientAs(Roles.Admin).DeleteAsync($"/api/imports/{importId}?force=true");

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.False(app.WithDb(db => db.SurveyResponses.Any(r => r.ImportId == importId && r.RespondentEmail != null)));
        // The same file is not staged again once erased (its record and hash stay): the personal data does not come back.
        var again = await RoundExports.UploadOkAsync(app.ClientAs(Roles.Analyst), SurveyExport.ThreeRows(marker), "");
        Assert.True(again.GetProperty("alreadyImported").GetBoolean());
    }
}

public sealed class RoundsEncodingUploadTests(DatabaseOnlyApp app) : IClassFixture<DatabaseOnlyApp>
{
    [Fact]
    public async Task An_uploaded_UTF8_export_with_a_stray_byte_keeps_its_Welsh_names_and_says_why()
    {
        var marker = SurveyExport.NewMarker();
        var text = RoundExports.CardiffRow($"ZZORG {marker} Grŵp Môn (synthetic)", $"ZZPROG {marker} Tŷ Gwâr", "03/02/2026 10:00:00", "Rhaglen STRAY (synthetic).");
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        var at = bytes.AsSpan().IndexOf("STRAY"u8);
        byte[] upload = [.. bytes[..at], 0x97, .. bytes[(at + 5)..]];

        var response = await SurveyExport.UploadAsync(app.ClientAs(Roles.Analyst), upload, $"{marker}.csv");
        var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("utf-8", report.GetProperty("encoding").GetString());
        Assert.Equal("UTF-8: 4 multi-byte sequences, 1 invalid byte (0x97) on row 2", report.GetProperty("encodingEvidence").GetString());
        var row = Assert.Single(report.GetProperty("rows").EnumerateArray());
        Assert.Contains("0x97", row.GetProperty("problems")[0].GetProperty("message").GetString());
        Assert.Equal("Warning", row.GetProperty("problems")[0].GetProperty("severity").GetString());
        Assert.Equal($"ZZORG {marker} Grŵp Môn (synthetic)", app.WithDb(db => db.SurveyResponses.Single(r => r.OrganisationName!.Contains(marker)).OrganisationName));
    }
}
