using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Blueprint.Api.Auth;
using Blueprint.Api.Listings;
using Blueprint.Data;
using Blueprint.Data.Directory;
using Blueprint.Data.Listings;
using Blueprint.Ingest.Normalising;
using Blueprint.Ingest.Profiles;
using Blueprint.Ingest.Reading;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Blueprint.Api.Uploads;

/// <summary>
/// Reads an edited copy of the listings export through the built-in profile (<see cref="ListingsProfile"/>),
/// compares each row with the listing it names (the export's Id column; no id: a new listing), checks the
/// changes with the same <see cref="ListingWriter"/> and listing rules as an API edit, and keeps the preview
/// and its plan (with the versions compared) for a limited time. Nothing is saved to the directory.
/// </summary>
public sealed class UploadPreviewer(BlueprintDb db, ListingWriter writer, IOptions<UploadOptions> options)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly string[] RequiredColumns = ["Organisation id", "Id", "Name"];

    /// <param name="language">"cy" or "en" (<see cref="Hosting.RequestLanguage"/>): the preview's messages are worded and kept in it.</param>
    public async Task<UploadPreview> PreviewAsync(Table table, string fileName, ClaimsPrincipal user, string language, CancellationToken ct)
    {
        var cy = language == "cy";
        var columns = ListingsProfile.Columns;
        var index = ListingsProfile.Bind(table.Header);
        var missing = RequiredColumns.Where(h => index[Index(h)] < 0).ToList();
        if (missing.Count > 0)
        {
            throw new IngestFileException(cy
                ? $"Nid allforyn rhestriadau'r cyfeiriadur yw hwn: {(missing.Count == 1 ? "mae'r golofn" : "mae'r colofnau")} {string.Join(", ", missing)} ar goll. "
                    + "Lawrlwythwch eich rhestriadau (CSV neu XLSX), golygwch y ffeil honno a'i llwytho i fyny."
                : $"This is not the directory's listings export: the column{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing)} "
                    + $"{(missing.Count == 1 ? "is" : "are")} missing. Download your listings (CSV or XLSX), edit that file and upload it.");
        }
        var idColumn = index[Index("Id")];
        var ids = table.Rows.Select(r => Cell(r, idColumn)).Select(c => int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0)
            .Where(id => id > 0).Distinct().ToList();
        var listings = new Dictionary<int, Intervention>();
        foreach (var chunk in ids.Chunk(500))
        {
            foreach (var listing in await db.Interventions.AsNoTracking().IgnoreQueryFilters().Include(i => i.Organisation).Include(i => i.Areas)
                .Include(i => i.VenueRecords).AsSplitQuery().Where(i => chunk.Contains(i.Id)).ToListAsync(ct))
            {
                listings[listing.Id] = listing;
            }
        }
        var actor = user.Actor("upload");
        var rows = new List<UploadRow>();
        var plan = new List<PlannedRow>();
        var seen = new Dictionary<int, int>();
        var organisationsNamed = new HashSet<int>();
        foreach (var row in table.Rows)
        {
            var errors = new List<UploadMessage>();
            var notes = new List<UploadMessage>();
            var changes = new List<UploadChange>();
            if (row.Problem is { } problem)
            {
                rows.Add(new UploadRow(row.RowNumber, null, null, null, UploadRowStatus.Error, [], [new UploadMessage(null, problem)], []));
                continue;
            }
            var idText = Cell(row, idColumn);
            var organisationText = Cell(row, index[Index("Organisation id")]);
            var name = Cell(row, index[Index("Name")]);
            int? listingId = null;
            int? organisationId = int.TryParse(organisationText, NumberStyles.None, CultureInfo.InvariantCulture, out var o) ? o : null;
            Intervention? current = null;
            if (idText.Length > 0)
            {
                if (!int.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
                {
                    errors.Add(new("Id", cy
                        ? $"Nid yw '{Short(idText)}' yn rhif rhestriad: gadewch Id yn wag ar gyfer rhestriad newydd, neu cadwch yr id a ysgrifennodd yr allforyn."
                        : $"'{Short(idText)}' is not a listing id: leave Id empty for a new listing, or keep the id the export wrote."));
                }
                else if (!listings.TryGetValue(id, out current) || !user.MayEdit(current.OrganisationId))
                {
                    // The same words whether the listing exists elsewhere or not at all: another organisation's listing is not described.
                    errors.Add(new("Id", cy
                        ? $"Nid oes rhestriad {id} ymhlith y rhestriadau y cewch eu newid. Cadwch yr ids a ysgrifennodd eich allforyn eich hun; gadewch Id yn wag ar gyfer rhestriad newydd."
                        : $"There is no listing {id} among the listings you may change. Keep the ids your own export wrote; leave Id empty for a new listing."));
                    current = null;
                    organisationId = null;
                    name = null;
                }
                else if (current.ClosedAt is not null)
                {
                    errors.Add(new("Id", cy
                        ? $"Cafodd rhestriad {id} ei ddileu; ni ellir ei newid mwyach. Gadewch Id yn wag i'w ychwanegu fel rhestriad newydd."
                        : $"Listing {id} was deleted; it can no longer be changed. Leave Id empty to add it as a new listing."));
                }
                if (current is not null)
                {
                    listingId = current.Id;
                    if (seen.TryGetValue(current.Id, out var earlier))
                    {
                        errors.Add(new("Id", cy
                            ? $"Mae rhestriad {current.Id} hefyd ar res {earlier}: caiff pob rhestriad ymddangos unwaith."
                            : $"Listing {current.Id} is also on row {earlier}: each listing may appear once."));
                    }
                    seen.TryAdd(current.Id, row.RowNumber);
                    if (organisationId is { } named && named != current.OrganisationId)
                    {
                        errors.Add(new("Organisation id", cy
                            ? "Ni all llwytho ffeil symud rhestriad i sefydliad arall: cadwch yr id sefydliad a ysgrifennodd yr allforyn."
                            : "An upload cannot move a listing to another organisation: keep the organisation id the export wrote."));
                    }
                    organisationId = current.OrganisationId;
                }
            }
            else if (organisationId is null)
            {
                if (organisationText.Length == 0 && user.ProviderOrganisations().Distinct().ToList() is [var only] && !user.IsInRole(Roles.Admin))
                {
                    organisationId = only;
                }
                else
                {
                    errors.Add(new("Organisation id", cy
                        ? "Mae angen id y sefydliad sy'n ei redeg ar restriad newydd (fel yn rhesi eraill eich allforyn)."
                        : "A new listing needs the id of the organisation that runs it (as in the other rows of your export)."));
                }
            }
            else if (!user.MayEdit(organisationId.Value))
            {
                errors.Add(new("Organisation id", cy
                    ? $"Dim ond ar gyfer y sefydliadau rydych chi'n gweithredu ar eu rhan y cewch ychwanegu rhestriadau; nid yw {organisationId} yn un ohonynt."
                    : $"You may add listings only for the organisations you act for; {organisationId} is not one of them."));
                organisationId = null;
            }
            if (errors.Count > 0)
            {
                rows.Add(new UploadRow(row.RowNumber, listingId, organisationId, name is { Length: > 0 } ? name : current?.Name, UploadRowStatus.Error, [], errors, []));
                continue;
            }
            organisationsNamed.Add(organisationId!.Value);
            var before = current is null ? null : ListingsExport.Row(current);
            var body = new JsonObject();
            for (var c = 0; c < columns.Count; c++)
            {
                var column = columns[c];
                if (index[c] < 0 || column.Kind is ListingColumnKind.Id or ListingColumnKind.Organisation)
                {
                    continue;
                }
                var after = Cell(row, index[c]);
                var was = before?[c] ?? "";
                if (Same(column.Kind, was, after))
                {
                    continue;
                }
                if (column.Kind == ListingColumnKind.ReadOnly)
                {
                    if (current is not null)
                    {
                        notes.Add(new(column.Header, ReadOnlyNote(column.Header, cy)));
                    }
                    continue;
                }
                if (!Read(column, after, body, cy, out var message))
                {
                    errors.Add(new(column.Header, message));
                    continue;
                }
                changes.Add(new UploadChange(column.Header, column.Field!, Shown(was), Shown(after)));
            }
            List<FieldProblem> problems = [];
            if (errors.Count == 0 && (current is null || changes.Count > 0))
            {
                if (current is null)
                {
                    body[nameof(Intervention.OrganisationId)] = organisationId;
                    (_, problems) = await writer.CreateAsync((JsonObject)body.DeepClone(), actor, ct);
                }
                else if (await writer.FindAsync(current.Id, ct) is { } tracked)
                {
                    problems = await writer.ApplyAsync(tracked, (JsonObject)body.DeepClone(), ct);
                }
                db.ChangeTracker.Clear();
            }
            errors.AddRange(problems.Select(p => new UploadMessage(HeaderOf(p.Target), p.In(language))));
            var status = errors.Count > 0 ? UploadRowStatus.Error
                : current is null ? UploadRowStatus.New
                : changes.Count > 0 ? UploadRowStatus.Changed
                : UploadRowStatus.Unchanged;
            rows.Add(new UploadRow(row.RowNumber, listingId, organisationId, name is { Length: > 0 } ? name : current?.Name, status, changes, errors, notes));
            if (status is UploadRowStatus.New or UploadRowStatus.Changed)
            {
                plan.Add(new PlannedRow(row.RowNumber, listingId, organisationId.Value, current?.Version, body.ToJsonString()));
            }
        }

        // Listings the file does not mention are reported, never deleted: a provider's own organisations' (an
        // administrator's: those of the organisations the file names).
        var scope = user.IsInRole(Roles.Admin) ? organisationsNamed.ToArray() : user.ProviderOrganisations().Distinct().ToArray();
        var absent = (await db.Interventions.AsNoTracking().Where(i => scope.Contains(i.OrganisationId))
                .Select(i => new UploadMissing(i.Id, i.Name, i.OrganisationId)).ToListAsync(ct))
            .Where(m => !seen.ContainsKey(m.Id)).OrderBy(m => m.OrganisationId).ThenBy(m => m.Name, StringComparer.Ordinal).ToList();

        var now = db.Clock.GetUtcNow().UtcDateTime;
        var upload = new ListingUpload
        {
            UploadedById = actor.Id, UploadedByName = Bounded(actor.Name, 200), FileName = Bounded(Path.GetFileName(fileName), 260),
            CreatedAt = now, ExpiresAt = now.AddMinutes(options.Value.PreviewMinutes), Preview = "{}",
            Plan = JsonSerializer.Serialize(plan, Json),
        };
        db.ListingUploads.Add(upload);
        await db.SaveChangesAsync(ct);
        var totals = new UploadTotals(rows.Count, rows.Count(r => r.Status == UploadRowStatus.Unchanged), rows.Count(r => r.Status == UploadRowStatus.Changed),
            rows.Count(r => r.Status == UploadRowStatus.New), rows.Count(r => r.Status == UploadRowStatus.Error), absent.Count);
        var preview = new UploadPreview(upload.Id, upload.FileName, upload.State, upload.ExpiresAt, totals, rows, absent, $"/api/listings/uploads/{upload.Id}/apply");
        upload.Preview = JsonSerializer.Serialize(preview, Json);
        await db.SaveChangesAsync(ct);
        return preview;
    }

    private static int Index(string header) => ListingsProfile.Columns.Select((c, i) => (c, i)).First(x => x.c.Header == header).i;

    /// <summary>A cell with the export's formula guard undone, trimmed, line breaks as "\n".</summary>
    private static string Cell(TableRow row, int index) =>
        index < 0 || index >= row.Cells.Length ? "" : ListingsProfile.Unguard(row.Cells[index]).Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    private static string? Shown(string text) => text.Length == 0 ? null : text;

    /// <summary>Whether a cell says the same as the export's text for the listing (lists in any order, yes/no in either language).</summary>
    private static bool Same(ListingColumnKind kind, string before, string after)
    {
        before = before.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        return kind switch
        {
            ListingColumnKind.Codes or ListingColumnKind.Areas => Codes(before).Order(StringComparer.Ordinal).SequenceEqual(Codes(after).Order(StringComparer.Ordinal)),
            ListingColumnKind.YesNo => YesNo(before) is var (okBefore, b) && YesNo(after) is var (okAfter, a) && okBefore && okAfter && a == b,
            ListingColumnKind.Number => int.TryParse(before, CultureInfo.InvariantCulture, out var x) && Whole(after) is { } y ? x == y : before == after,
            ListingColumnKind.Date => before == after || (Date(after) is { } d && d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) == before),
            ListingColumnKind.Code => string.Equals(before, after, StringComparison.OrdinalIgnoreCase),
            _ => before == after,
        };
    }

    /// <summary>Puts a cell's value into the write body by the listing's field names; false (with why) when it cannot be read.</summary>
    private static bool Read(ListingColumn column, string cell, JsonObject body, bool cy, out string message)
    {
        message = "";
        var field = column.Field!;
        switch (column.Kind)
        {
            case ListingColumnKind.Text:
                body[field] = cell.Length == 0 ? null : cell;
                return true;
            case ListingColumnKind.Code:
                body[field] = cell.Length == 0 ? null : cell.ToLowerInvariant();
                return true;
            case ListingColumnKind.Codes:
            case ListingColumnKind.Areas:
                body[field] = new JsonArray([.. Codes(cell).Select(c => (JsonNode)JsonValue.Create(column.Kind == ListingColumnKind.Codes ? c.ToLowerInvariant() : c.ToUpperInvariant())!)]);
                return true;
            case ListingColumnKind.YesNo:
                var (ok, value) = YesNo(cell);
                if (!ok || (value is null && field == nameof(Intervention.AllWales)))
                {
                    message = cy
                        ? $"Rhaid i {column.Header} fod yn ie neu na{(field == nameof(Intervention.AllWales) ? "" : ", neu'n wag os nad yw'n hysbys")}."
                        : $"{column.Header} must be yes or no{(field == nameof(Intervention.AllWales) ? "" : ", or empty when not known")}.";
                    return false;
                }
                body[field] = value;
                return true;
            case ListingColumnKind.Number:
                if (cell.Length == 0)
                {
                    body[field] = null;
                    return true;
                }
                if (Whole(cell) is not { } number)
                {
                    message = cy
                        ? $"Rhaid i {column.Header} fod yn rhif cyfan, megis 12 (nid yw '{Short(cell)}')."
                        : $"{column.Header} must be a whole number, such as 12 ('{Short(cell)}' is not).";
                    return false;
                }
                body[field] = number;
                return true;
            case ListingColumnKind.Date:
                if (cell.Length == 0)
                {
                    body[field] = null;
                    return true;
                }
                if (Date(cell) is not { } date)
                {
                    message = cy
                        ? $"Rhaid i {column.Header} fod yn ddyddiad megis 2027-03-31 (nid yw '{Short(cell)}')."
                        : $"{column.Header} must be a date such as 2027-03-31 ('{Short(cell)}' is not).";
                    return false;
                }
                body[field] = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                return true;
            case ListingColumnKind.Length:
                // A number is weeks; text ("26 weekly sessions") is kept as written, its weeks read as the survey ingest reads them.
                if (cell.Length == 0)
                {
                    body[nameof(Intervention.LengthText)] = null;
                    body[nameof(Intervention.LengthWeeks)] = null;
                }
                else if (Whole(cell) is { } weeks)
                {
                    body[nameof(Intervention.LengthText)] = null;
                    body[nameof(Intervention.LengthWeeks)] = weeks;
                }
                else
                {
                    body[nameof(Intervention.LengthText)] = cell;
                    body[nameof(Intervention.LengthWeeks)] = LooseNumbers.Weeks(cell);
                }
                return true;
            default:
                return true;
        }
    }

    private static IEnumerable<string> Codes(string cell) =>
        cell.Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase);

    private static (bool Ok, bool? Value) YesNo(string cell) => cell.Trim().ToLowerInvariant() switch
    {
        "" => (true, null),
        "yes" or "y" or "ie" or "true" or "1" => (true, true),
        "no" or "n" or "na" or "nac ydy" or "false" or "0" => (true, false),
        _ => (false, null),
    };

    private static int? Whole(string cell) =>
        int.TryParse(cell, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n
        : double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && Math.Abs(d) < int.MaxValue ? (int)d
        : null;

    /// <summary>yyyy-mm-dd; a spreadsheet's date serial number (a cell Excel turned into a date); else as the survey ingest reads dates.</summary>
    private static DateOnly? Date(string cell)
    {
        if (DateOnly.TryParseExact(cell, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso))
        {
            return iso;
        }
        if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 1 and < 200_000)
        {
            return DateOnly.FromDateTime(DateTime.FromOADate(serial));
        }
        return LooseDates.DateOf(cell, []);
    }

    private static string ReadOnlyNote(string header, bool cy) => (header, cy) switch
    {
        ("Last verified" or "Verified by", false) => $"{header} is not changed by an upload: confirm a listing is still accurate on its page.",
        ("Last verified" or "Verified by", true) => $"Nid yw llwytho ffeil yn newid {header}: cadarnhewch fod rhestriad yn dal yn gywir ar ei dudalen.",
        ("Venues", false) => "Venues are not changed by an upload: edit them on the listing's page.",
        ("Venues", true) => "Nid yw llwytho ffeil yn newid lleoliadau: golygwch nhw ar dudalen y rhestriad.",
        (_, false) => $"{header} is not changed by an upload.",
        (_, true) => $"Nid yw llwytho ffeil yn newid {header}.",
    };

    /// <summary>The column a listing rule's field is shown in.</summary>
    private static string? HeaderOf(string field) => field switch
    {
        nameof(Intervention.LengthWeeks) => "Length",
        _ => ListingsProfile.Columns.FirstOrDefault(c => c.Field == field)?.Header ?? field,
    };

    private static string Short(string value) => value.Length <= 60 ? value : string.Concat(value.AsSpan(0, 57), "...");

    private static string Bounded(string value, int max) => value.Length <= max ? value : value[..max];
}
