using Blueprint.Api.OData;
using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Blueprint.Api.Hosting;
using Blueprint.Api.Interventions;
using Blueprint.Api.ReadModel;
using Blueprint.Data;
using Blueprint.Data.Directory;
using Blueprint.Data.Geography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.OData;

namespace Blueprint.Api.Geography;

/// <summary>
/// GET /api/geo/markers?area=CODE&amp;filter=ODATA_FILTER&amp;lang=en|cy — every intervention serving an
/// area that matches the filter, in one compact answer the map draws all markers from and the list pages
/// through: id, displayed name, exact venues' points, approximate venues' local authorities, and the
/// areas served when no venue is public. Ordered by the displayed name in <c>lang</c> with that language's
/// collation (Welsh "ch", "dd", "ll" … are letters), then by id. Reads only the public <c>Venues</c> table;
/// venue ids are never written. See docs/decisions/0011-list-paging-and-markers.md.
/// </summary>
/// <remarks>
/// One JSON document laid out one item per line, so a client may read it as it arrives: line 1 is the
/// header ending in <c>"items":[</c>, then one item per line (a trailing comma on all but the last), then
/// <c>]}</c>. Every check runs before the first byte; the body is written as the items are enumerated.
/// </remarks>
internal static class MarkersEndpoint
{
    public const string WalesCode = "W92000004";
    private const int FlushEvery = 256;

    public static async Task<IResult> GetAsync(HttpContext http, BlueprintDb db, AreaLocator geography, IOptions<MapOptions> options,
        string? area, string? filter, string? lang, int? limit, bool? names, CancellationToken ct)
    {
        var cap = options.Value.MarkerLimit;
        var found = geography.Catalog.Find(string.IsNullOrWhiteSpace(area) ? WalesCode : area);
        if (found is null)
        {
            return ErrorBody.Result(404, "UnknownArea", $"'{area}' is not an area code. Codes are listed at /odata/Areas (for example W06000015 for Cardiff, VR-NW for North Wales).");
        }
        lang ??= "en";
        if (lang is not ("en" or "cy"))
        {
            return ErrorBody.Result(400, "BadLanguage", "lang must be en or cy.");
        }
        if (limit is { } asked && (asked < 1 || asked > cap))
        {
            return ErrorBody.Result(400, "LimitTooLarge", $"limit must be between 1 and {cap} (Map:MarkerLimit).");
        }
        var take = limit ?? cap;

        // The read model's snapshot when it is current (the same rows, from memory), the database otherwise.
        var view = ReaderView.For(http);
        var query = view is null
            ? InterventionsController.InArea(db, found.LocalAuthorities)
            : view.Query(view.Snapshot.InArea(found.Code, found.LocalAuthorities));
        if (!string.IsNullOrWhiteSpace(filter))
        {
            try
            {
                query = GeographyEndpoints.ApplyFilter(query, filter);
            }
            catch (ODataException e)
            {
                return ErrorBody.Result(400, "BadFilter", e.Message);
            }
        }
        // The lowest ids when cut: an answer beyond the cap is a stable, marked subset, never a random one.
        var ordered = query.OrderBy(i => i.Id).Take(take + 1);
        if (view is not null)
        {
            var (inMemory, total) = QueryFailedException.Evaluating(() =>
            {
                List<Row> all = [.. ordered.AsEnumerable().Select(FromSnapshot)];
                return (all, all.Count > take ? query.Count() : all.Count);
            });
            var ranks = NameRanks(view.Snapshot, lang);
            return Answer(inMemory, lang, total, take, cap, names, list => list.Sort((a, b) => ranks[a.Id].CompareTo(ranks[b.Id])));
        }
        var rows = await ordered
            .Select(i => new Row(i.Id, i.Name, i.NameCy, i.AllWales,
                i.Venues.Where(v => v.Visibility == VenueVisibility.Exact && v.Latitude != null && v.Longitude != null)
                    .OrderBy(v => v.PublicId).Select(v => new Point(v.Latitude!.Value, v.Longitude!.Value)).ToList(),
                i.Venues.Where(v => v.Visibility != VenueVisibility.Exact || v.Latitude == null || v.Longitude == null)
                    .OrderBy(v => v.PublicId).Select(v => v.AreaCode).ToList(),
                i.Areas.Select(a => a.Code).ToList()))
            .AsSplitQuery()
            .ToListAsync(ct);
        var count = rows.Count > take ? await query.CountAsync(ct) : rows.Count;
        return Answer(rows, lang, count, take, cap, names, list => Sort(list, lang));
    }

    private static MarkersResult Answer(List<Row> rows, string lang, int count, int take, int cap, bool? names, Action<List<Row>> sort)
    {
        var truncated = rows.Count > take;
        if (truncated)
        {
            rows.RemoveAt(rows.Count - 1);
        }
        sort(rows);
        return new MarkersResult(rows, lang, count, truncated, cap, names ?? true);
    }

    /// <summary>
    /// Each listing's place in <see cref="Sort"/>'s order for a language, made once per snapshot: the order of a subset is
    /// the same, and a request then compares two numbers instead of making a collation key for every name.
    /// </summary>
    private static Dictionary<int, int> NameRanks(DirectorySnapshot snapshot, string lang) => snapshot.Memo("markers-order-" + lang, s =>
    {
        var all = s.Interventions.Select(i => new Row(i.Id, i.Name, i.NameCy, i.AllWales, [], [], [])).ToList();
        Sort(all, lang);
        return all.Select((row, at) => (row.Id, at)).ToDictionary(p => p.Id, p => p.at);
    });

    /// <summary>A snapshot listing as the database query above projects it (its venues are public faces already, in the database's order of PublicId).</summary>
    private static Row FromSnapshot(Intervention i) => new(i.Id, i.Name, i.NameCy, i.AllWales,
        [.. i.Venues.Where(v => v.Visibility == VenueVisibility.Exact && v.Latitude != null && v.Longitude != null)
            .Select(v => new Point(v.Latitude!.Value, v.Longitude!.Value))],
        [.. i.Venues.Where(v => v.Visibility != VenueVisibility.Exact || v.Latitude == null || v.Longitude == null).Select(v => v.AreaCode)],
        [.. i.Areas.Select(a => a.Code)]);

    /// <summary>By displayed name with the language's collation, then id: the order the list shows.</summary>
    internal static void Sort(List<Row> rows, string lang)
    {
        var compare = CultureInfo.GetCultureInfo(lang == "cy" ? "cy-GB" : "en-GB").CompareInfo;
        var keys = rows.ToDictionary(r => r.Id, r => compare.GetSortKey(r.Displayed(lang)));
        rows.Sort((a, b) =>
        {
            var byName = SortKey.Compare(keys[a.Id], keys[b.Id]);
            return byName != 0 ? byName : a.Id.CompareTo(b.Id);
        });
    }


    internal sealed record Point(double Latitude, double Longitude);

    internal sealed record Row(int Id, string Name, string? NameCy, bool AllWales, List<Point> Points, List<string?> VenueAreas, List<string> Areas)
    {
        public string Displayed(string lang) => lang == "cy" && !string.IsNullOrWhiteSpace(NameCy) ? NameCy : Name;
    }

    /// <summary>Writes the header, then each item as it is enumerated, flushing as it goes.</summary>
    private sealed class MarkersResult(List<Row> rows, string lang, int count, bool truncated, int cap, bool names) : IResult
    {
        private static readonly byte[] NewLine = "\n"u8.ToArray();
        private static readonly byte[] Separator = ",\n"u8.ToArray();
        private static readonly byte[] End = "\n]}\n"u8.ToArray();

        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.ContentType = "application/json; charset=utf-8";
            var body = http.Response.Body;
            var buffer = new ArrayBufferWriter<byte>(16 * 1024);
            using var json = new Utf8JsonWriter(buffer);

            json.WriteStartObject();
            json.WriteString("lang", lang);
            json.WriteNumber("count", count);
            json.WriteNumber("returned", rows.Count);
            json.WriteBoolean("truncated", truncated);
            json.WriteNumber("limit", cap);
            json.WriteStartArray("fields");
            json.WriteStringValue("id");
            if (names)
            {
                json.WriteStringValue("name");
            }
            json.WriteStringValue("points");
            json.WriteStringValue("areas");
            json.WriteStringValue("serves");
            json.WriteEndArray();
            json.WriteStartArray("items");
            json.Flush();
            // The writer would close the array and object itself; the header line ends at "items":[.
            await body.WriteAsync(buffer.WrittenMemory, http.RequestAborted);
            await body.WriteAsync(NewLine, http.RequestAborted);
            await body.FlushAsync(http.RequestAborted);

            for (var i = 0; i < rows.Count; i++)
            {
                buffer.ResetWrittenCount();
                json.Reset();
                WriteItem(json, rows[i]);
                json.Flush();
                if (i > 0)
                {
                    await body.WriteAsync(Separator, http.RequestAborted);
                }
                await body.WriteAsync(buffer.WrittenMemory, http.RequestAborted);
                if (i % FlushEvery == FlushEvery - 1)
                {
                    await body.FlushAsync(http.RequestAborted);
                }
            }
            await body.WriteAsync(End, http.RequestAborted);
        }

        /// <summary>[id, name?, [lat, lon, …], [each approximate venue's local authority], [areas served when no venue is public]].</summary>
        private void WriteItem(Utf8JsonWriter json, Row row)
        {
            json.WriteStartArray();
            json.WriteNumberValue(row.Id);
            if (names)
            {
                json.WriteStringValue(row.Displayed(lang));
            }
            json.WriteStartArray();
            foreach (var point in row.Points)
            {
                json.WriteNumberValue(Math.Round(point.Latitude, 5));
                json.WriteNumberValue(Math.Round(point.Longitude, 5));
            }
            json.WriteEndArray();
            var venueAreas = row.VenueAreas.OfType<string>().ToList();
            json.WriteStartArray();
            foreach (var code in venueAreas)
            {
                json.WriteStringValue(code);
            }
            json.WriteEndArray();
            json.WriteStartArray();
            if (row.Points.Count == 0 && venueAreas.Count == 0)
            {
                if (row.AllWales)
                {
                    json.WriteStringValue(WalesCode);
                }
                else
                {
                    foreach (var code in row.Areas)
                    {
                        json.WriteStringValue(code);
                    }
                }
            }
            json.WriteEndArray();
            json.WriteEndArray();
        }
    }
}
