using System.Net;
using System.Text.Json;
using Blueprint.Api.Auth;
using Blueprint.Data.Directory;
using Blueprint.Data.Listings;
using Microsoft.EntityFrameworkCore;
using static Blueprint.Api.Tests.Uploads.UploadRequests;
using ListingHelpers = Blueprint.Api.Tests.Listings.Listings;

namespace Blueprint.Api.Tests.Uploads;

/// <summary>
/// Providers download their listings, edit the file and upload it: a per-row diff first, nothing saved; then
/// one apply, all or nothing, through the same rules and moderation as API edits.
/// </summary>
public sealed class ListingUploadTests : IClassFixture<DatabaseOnlyApp>
{
    private readonly BlueprintApp app;

    public ListingUploadTests(DatabaseOnlyApp app)
    {
        this.app = app;
        ListingHelpers.EditsWait(app, false, app.Known.OrganisationId, app.Known.OtherOrganisationId);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string WelshDescription = "Rhaglen newid ymddygiad i ddynion yng Ngwynedd a Môn — grŵp wythnosol, ŵ ŷ â ê.";

    private HttpClient ProviderOfA => app.ClientAs(Roles.Provider, app.Known.OrganisationId);

    private Intervention Listing(int id) => app.WithDb(db => db.Interventions.IgnoreQueryFilters().AsNoTracking().Single(i => i.Id == id));

    [Theory]
    [InlineData("csv")]
    [InlineData("xlsx")]
    public async Task An_edited_export_shows_each_changed_field_then_applies_in_one_step_with_Welsh_intact(string format)
    {
        var a = app.Known.OrganisationId;
        var (id, _, _) = ListingHelpers.NewListing(app, a, $"ZZUPLOAD round trip {format}");
        var client = ProviderOfA;
        var export = await EditableExport.DownloadAsync(client, format);
        var row = export.Row(id);
        export.Set(row, "Waiting time (weeks)", "7");
        export.Set(row, "Description (Welsh)", WelshDescription);
        export.Set(row, "Languages", "cy; en");
        var newName = $"ZZUPLOAD new listing {format}";
        export.Add(("Organisation id", a.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Name", newName), ("Name (Welsh)", "Rhaglen newydd ZZUPLOAD"),
            ("Status", "active"), ("All Wales", "yes"), ("Forms", "domestic-abuse"));
        var versionBefore = ListingHelpers.VersionOf(app, id);

        var preview = await PreviewAsync(client, export.File(format), $"listings.{format}");

        var changed = RowOf(preview, id);
        Assert.Equal("changed", changed.GetProperty("status").GetString());
        var changes = changed.GetProperty("changes").EnumerateArray().ToDictionary(c => c.GetProperty("column").GetString()!);
        Assert.Equal(["Description (Welsh)", "Languages", "Waiting time (weeks)"], changes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(JsonValueKind.Null, changes["Waiting time (weeks)"].GetProperty("before").ValueKind);
        Assert.Equal("7", changes["Waiting time (weeks)"].GetProperty("after").GetString());
        Assert.Equal(WelshDescription, changes["Description (Welsh)"].GetProperty("after").GetString());
        var added = preview.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("name").GetString() == newName);
        Assert.Equal("new", added.GetProperty("status").GetString());
        // Every other listing of the organisation reads back exactly as exported: no spurious difference.
        Assert.Equal(export.Rows.Count - 2, Totals(preview, "unchanged"));
        Assert.Equal(0, Totals(preview, "errors"));
        Assert.Equal(versionBefore, ListingHelpers.VersionOf(app, id));
        Assert.Equal(0, app.WithDb(db => db.Interventions.Count(i => i.Name == newName)));

        var applied = await ApplyAsync(client, preview.GetProperty("id").GetInt32());
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        var result = await ListingHelpers.JsonAsync(applied);
        Assert.Equal(2, result.GetProperty("applied").GetInt32());

        var read = await app.GetJsonAsync($"/odata/Interventions({id})", client);
        Assert.Equal(7, read.GetProperty("WaitingTimeWeeks").GetInt32());
        Assert.Equal(WelshDescription, read.GetProperty("DescriptionCy").GetString());
        Assert.Equal(["cy", "en"], read.GetProperty("Languages").EnumerateArray().Select(l => l.GetString()).Order(StringComparer.Ordinal));
        var created = app.WithDb(db => db.Interventions.Single(i => i.Name == newName));
        Assert.Equal("Rhaglen newydd ZZUPLOAD", created.NameCy);
        Assert.Equal(a, created.OrganisationId);
        var route = $"upload {preview.GetProperty("id").GetInt32()}";
        Assert.True(app.WithDb(db => db.AuditEntries.Any(e => e.EntityId == id && e.Route == route && e.Fields.Contains("WaitingTimeWeeks"))));
        Assert.True(app.WithDb(db => db.AuditEntries.Any(e => e.EntityId == created.Id && e.Route == route)));

        // Applying twice does nothing more.
        Assert.Equal(HttpStatusCode.Conflict, (await ApplyAsync(client, preview.GetProperty("id").GetInt32())).StatusCode);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("xlsx")]
    public async Task Text_the_export_guarded_against_formulas_reads_back_as_the_same_text(string format)
    {
        var a = app.Known.OrganisationId;
        var (id, _, _) = ListingHelpers.NewListing(app, a, $"=HYPERLINK(\"http://x\",\"ZZFORMULA {format}\")");
        app.WithDb(db => db.Interventions.Where(i => i.Id == id).ExecuteUpdate(s => s.SetProperty(i => i.DescriptionCy, "+44 ZZ Grŵp Môn").SetProperty(i => i.OutcomeMeasures, "@risk -score")));
        var client = ProviderOfA;
        var export = await EditableExport.DownloadAsync(client, format);
        var row = export.Row(id);
        Assert.StartsWith("=HYPERLINK", export.Get(row, "Name").TrimStart('\''));
        if (format == "csv")
        {
            Assert.StartsWith("'=HYPERLINK", System.Text.Encoding.UTF8.GetString(export.Csv()).Split('\n').Single(l => l.Contains($"ZZFORMULA {format}", StringComparison.Ordinal)).Split(',').First(c => c.Contains("HYPERLINK", StringComparison.Ordinal)).Trim('"'));
        }

        var preview = await PreviewAsync(client, export.File(format), $"listings.{format}");
        Assert.Equal("unchanged", RowOf(preview, id).GetProperty("status").GetString());

        export.Set(row, "Waiting time (weeks)", "3");
        var edited = await PreviewAsync(client, export.File(format), $"listings.{format}");
        var changes = RowOf(edited, id).GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("column").GetString()).ToList();
        Assert.Equal(["Waiting time (weeks)"], changes);
        Assert.Equal(HttpStatusCode.OK, (await ApplyAsync(client, edited.GetProperty("id").GetInt32())).StatusCode);
        var saved = Listing(id);
        Assert.Equal($"=HYPERLINK(\"http://x\",\"ZZFORMULA {format}\")", saved.Name);
        Assert.Equal("+44 ZZ Grŵp Môn", saved.DescriptionCy);
        Assert.Equal("@risk -score", saved.OutcomeMeasures);
    }

    [Fact]
    public async Task Rows_that_break_the_listing_rules_are_errors_with_their_messages_and_are_never_applied()
    {
        var a = app.Known.OrganisationId;
        var (bad, _, _) = ListingHelpers.NewListing(app, a, "ZZUPLOAD bad row");
        var (good, _, _) = ListingHelpers.NewListing(app, a, "ZZUPLOAD good row");
        var client = ProviderOfA;
        var export = await EditableExport.DownloadAsync(client, "csv");
        export.Set(export.Row(bad), "Places per year", "lots");
        export.Set(export.Row(bad), "Status", "maybe");
        export.Set(export.Row(bad), "Referral e-mail", "not an address");
        export.Set(export.Row(good), "Places per year", "40");

        var preview = await PreviewAsync(client, export.Csv(), "listings.csv");
        var errorRow = RowOf(preview, bad);
        Assert.Equal("error", errorRow.GetProperty("status").GetString());
        var errors = errorRow.GetProperty("errors").EnumerateArray().ToDictionary(e => e.GetProperty("column").GetString()!, e => e.GetProperty("message").GetString()!);
        Assert.Contains("whole number", errors["Places per year"]);
        Assert.Equal(1, Totals(preview, "errors"));
        Assert.Equal(1, Totals(preview, "changed"));

        var id = preview.GetProperty("id").GetInt32();
        var refused = await ApplyAsync(client, id);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("PreviewHasErrors", await refused.Content.ReadAsStringAsync(Ct));
        Assert.Null(Listing(good).PlacesPerYear);

        // Without the unreadable number, the rules themselves speak: an unknown status code and an e-mail that is not one.
        export.Set(export.Row(bad), "Places per year", "");
        var second = await PreviewAsync(client, export.Csv(), "listings.csv");
        var ruleErrors = RowOf(second, bad).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("column").GetString()).ToList();
        Assert.Contains("Status", ruleErrors);
        Assert.Contains("Referral e-mail", ruleErrors);

        var skipping = await ApplyAsync(client, second.GetProperty("id").GetInt32(), skipErrors: true);
        Assert.Equal(HttpStatusCode.OK, skipping.StatusCode);
        Assert.Equal(40, Listing(good).PlacesPerYear);
        Assert.Equal("active", Listing(bad).Status);
        Assert.Null(Listing(bad).ReferralEmail);
    }

    [Fact]
    public async Task From_a_welsh_page_the_previews_problems_and_the_refusal_to_apply_are_in_Welsh()
    {
        var a = app.Known.OrganisationId;
        var (bad, _, _) = ListingHelpers.NewListing(app, a, "ZZUPLOAD cy bad row");
        var client = ProviderOfA;
        client.DefaultRequestHeaders.TryAddWithoutValidation("Accept-Language", "cy");
        var export = await EditableExport.DownloadAsync(client, "csv");
        export.Set(export.Row(bad), "Places per year", "lots");
        export.Set(export.Row(bad), "Last verified", "2020-01-01");
        export.Add(("Organisation id", ""), ("Id", "x1"), ("Name", "ZZUPLOAD cy no id"));

        var preview = await PreviewAsync(client, export.Csv(), "listings.csv");
        var row = RowOf(preview, bad);
        var errors = row.GetProperty("errors").EnumerateArray().ToDictionary(e => e.GetProperty("column").GetString()!, e => e.GetProperty("message").GetString()!);
        Assert.Equal("Rhaid i Places per year fod yn rhif cyfan, megis 12 (nid yw 'lots').", errors["Places per year"]);
        Assert.Contains(preview.GetProperty("rows").EnumerateArray(), r => r.GetProperty("errors").EnumerateArray()
            .Any(e => e.GetProperty("message").GetString()!.StartsWith("Nid yw 'x1' yn rhif rhestriad", StringComparison.Ordinal)));
        Assert.DoesNotContain("must be", preview.GetRawText(), StringComparison.Ordinal);

        var refused = await ApplyAsync(client, preview.GetProperty("id").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var message = (await ListingHelpers.JsonAsync(refused)).GetProperty("error").GetProperty("message").GetString()!;
        Assert.StartsWith("Mae gwallau mewn 2 rhes", message, StringComparison.Ordinal);

        var wrong = await UploadAsync(client, "Name,Colour\nx,blue\n"u8.ToArray(), "other.csv");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("Nid allforyn rhestriadau'r cyfeiriadur yw hwn", await wrong.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_row_naming_another_organisations_listing_or_organisation_is_an_error_that_reveals_nothing()
    {
        int a = app.Known.OrganisationId, b = app.Known.OtherOrganisationId;
        var (ofB, _, _) = ListingHelpers.NewListing(app, b, "ZZOTHERORG private listing");
        var versionOfB = ListingHelpers.VersionOf(app, ofB);
        var client = ProviderOfA;
        var export = await EditableExport.DownloadAsync(client, "csv");
        var invented = export.Add(("Organisation id", a.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Id", ofB.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Name", "Taken over"), ("Status", "closed"), ("All Wales", "yes"));
        export.Add(("Organisation id", b.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Name", "ZZUPLOAD planted in B"), ("Status", "active"), ("All Wales", "yes"));

        var response = await UploadAsync(client, export.Csv(), "listings.csv");
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("ZZOTHERORG", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ZZSECRET", text, StringComparison.Ordinal);
        var preview = JsonDocument.Parse(text).RootElement;
        var rows = preview.GetProperty("rows").EnumerateArray().Where(r => r.GetProperty("status").GetString() == "error").ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains("no listing", rows[0].GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.Contains("organisations you act for", rows[1].GetProperty("errors")[0].GetProperty("message").GetString());

        var applied = await ApplyAsync(client, preview.GetProperty("id").GetInt32(), skipErrors: true);
        Assert.Equal(HttpStatusCode.Conflict, applied.StatusCode);
        Assert.Equal(versionOfB, ListingHelpers.VersionOf(app, ofB));
        Assert.Equal("active", Listing(ofB).Status);
        Assert.Equal(0, app.WithDb(db => db.Interventions.Count(i => i.Name == "ZZUPLOAD planted in B")));
        _ = invented;
    }

    [Fact]
    public async Task A_listing_changed_since_the_preview_stops_the_whole_upload_and_names_the_row()
    {
        var a = app.Known.OrganisationId;
        var (first, _, _) = ListingHelpers.NewListing(app, a, "ZZUPLOAD stale first");
        var (second, _, _) = ListingHelpers.NewListing(app, a, "ZZUPLOAD stale second");
        var client = ProviderOfA;
        var export = await EditableExport.DownloadAsync(client, "xlsx");
        export.Set(export.Row(first), "Places per year", "11");
        export.Set(export.Row(second), "Places per year", "22");
        var preview = await PreviewAsync(client, export.Xlsx(), "listings.xlsx");
        var secondRow = RowOf(preview, second).GetProperty("row").GetInt32();

        var patch = await ListingHelpers.SendAsync(app.ClientAs(Roles.Admin), HttpMethod.Patch, $"/odata/Interventions({second})", new { WaitingTimeWeeks = 9 }, "*");
        Assert.True(patch.IsSuccessStatusCode, await ListingHelpers.Describe(patch));

        var applied = await ApplyAsync(client, preview.GetProperty("id").GetInt32());
        Assert.Equal(HttpStatusCode.PreconditionFailed, applied.StatusCode);
        var body = await applied.Content.ReadAsStringAsync(Ct);
        Assert.Contains($"row {secondRow}", body);
        // All or nothing: the listing that did not change was not written either.
        Assert.Null(Listing(first).PlacesPerYear);
        Assert.Null(Listing(second).PlacesPerYear);
        Assert.Equal(9, Listing(second).WaitingTimeWeeks);
    }

    [Fact]
    public async Task Rows_of_an_organisation_whose_edits_wait_become_queue_items_that_an_administrator_approves()
    {
        var b = app.Known.OtherOrganisationId;
        var (id, _, _) = ListingHelpers.NewListing(app, b, "ZZUPLOAD waits");
        var client = app.ClientAs(Roles.Provider, b);
        var export = await EditableExport.DownloadAsync(client, "csv");
        export.Set(export.Row(id), "Name (Welsh)", "Rhaglen sy'n aros ZZ");
        var preview = await PreviewAsync(client, export.Csv(), "listings.csv");
        ListingHelpers.EditsWait(app, true, b);
        try
        {
            var applied = await ApplyAsync(client, preview.GetProperty("id").GetInt32());
            Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
            var result = await ListingHelpers.JsonAsync(applied);
            Assert.Equal(0, result.GetProperty("applied").GetInt32());
            Assert.Equal(1, result.GetProperty("waiting").GetInt32());
            Assert.Null(Listing(id).NameCy);
            var item = result.GetProperty("rows")[0].GetProperty("moderationId").GetInt32();

            var approve = await app.ClientAs(Roles.Admin).PostAsync($"/api/moderation/{item}/approve", null, Ct);
            Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
            Assert.Equal("Rhaglen sy'n aros ZZ", Listing(id).NameCy);
        }
        finally
        {
            ListingHelpers.EditsWait(app, false, b);
        }
    }

    [Fact]
    public async Task Files_that_are_not_the_export_too_large_or_someone_elses_upload_are_refused_clearly()
    {
        var client = ProviderOfA;
        var wrong = await UploadAsync(client, "Name,Colour\nx,blue\n"u8.ToArray(), "other.csv");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("not the directory's listings export", await wrong.Content.ReadAsStringAsync(Ct));

        var pdf = await UploadAsync(client, "%PDF-1.4"u8.ToArray(), "listings.pdf");
        Assert.Equal(HttpStatusCode.BadRequest, pdf.StatusCode);

        var large = new byte[2 * 1024 * 1024 + 10];
        Array.Fill(large, (byte)'a');
        var tooLarge = await UploadAsync(client, large, "listings.csv");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Contains("ListingUploads:MaxBytes", await tooLarge.Content.ReadAsStringAsync(Ct));

        Assert.Equal(HttpStatusCode.Unauthorized, (await UploadAsync(app.CreateClient(), "Id\n"u8.ToArray(), "x.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await UploadAsync(app.ClientAs(Roles.Analyst), "Id\n"u8.ToArray(), "x.csv")).StatusCode);

        var export = await EditableExport.DownloadAsync(client, "csv");
        var preview = await PreviewAsync(client, export.Csv(), "listings.csv");
        var id = preview.GetProperty("id").GetInt32();
        var stranger = ListingHelpers.As(app, Roles.Provider, app.Known.OrganisationId, app.Known.OtherOrganisationId);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/listings/uploads/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ApplyAsync(stranger, id)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/listings/uploads/{id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Listings_missing_from_the_file_are_reported_and_kept()
    {
        var a = app.Known.OrganisationId;
        var (id, _, _) = ListingHelpers.NewListing(app, a, "ZZUPLOAD left out");
        var client = ProviderOfA;
        var export = await EditableExport.DownloadAsync(client, "csv");
        export.Rows.Remove(export.Row(id));
        var first = export.Rows[0];
        export.Set(first, "Places per year", "5");
        var preview = await PreviewAsync(client, export.Csv(), "listings.csv");
        Assert.Contains(preview.GetProperty("notInFile").EnumerateArray(), m => m.GetProperty("id").GetInt32() == id);
        Assert.Equal(HttpStatusCode.OK, (await ApplyAsync(client, preview.GetProperty("id").GetInt32())).StatusCode);
        Assert.Null(Listing(id).ClosedAt);
        Assert.Equal("active", Listing(id).Status);
    }
}
