using Blueprint.Api.OData;
using System.Globalization;
using Blueprint.Data;
using Blueprint.Data.Geography;
using Blueprint.Ingest.Commands;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Listings;

/// <summary>
/// GET /api/admin/stale (admins): how many listings (closed ones aside) are stale, overdue and hidden, per
/// organisation and per VAWDASV region (an all-Wales listing counts in every region), with the stale ones
/// listed; <c>?format=csv</c> gives one row per stale listing for a spreadsheet.
/// </summary>
internal static class StaleReport
{
    internal sealed record Listing(int Id, string Name, string? NameCy, int OrganisationId, DateOnly LastVerified, bool AllWales, List<string> Areas);

    internal sealed record Counts(int Listings, int Stale, int Overdue, int Hidden);

    public static async Task<IResult> GetAsync(string? format, BlueprintDb db, Staleness staleness, AreaCatalog areas, CancellationToken ct)
    {
        if (format is not (null or "json" or "csv"))
        {
            return ErrorBody.Result(400, "BadFormat", "format must be json or csv.");
        }
        var listings = await db.Interventions.AsNoTracking().IgnoreQueryFilters()
            .Where(i => i.Status != "closed")
            .OrderBy(i => i.OrganisationId).ThenBy(i => i.Name)
            .Select(i => new Listing(i.Id, i.Name, i.NameCy, i.OrganisationId, i.LastVerified, i.AllWales, i.Areas.Select(a => a.Code).ToList()))
            .ToListAsync(ct);
        var organisations = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => new { o.Name, o.NameCy }, ct);
        var lastReminders = await db.ListingReminders.AsNoTracking().GroupBy(r => r.InterventionId)
            .Select(g => new { Id = g.Key, SentAt = g.Max(r => r.SentAt) }).ToDictionaryAsync(r => r.Id, r => r.SentAt, ct);
        var regions = areas.All.Where(a => a.Kind == AreaKinds.VawdasvRegion).ToList();
        List<Area> RegionsOf(Listing l) => l.AllWales ? regions : [.. regions.Where(r => r.LocalAuthorities.Any(l.Areas.Contains))];

        if (format == "csv")
        {
            // A few hundred rows at Wales's scale: written to memory (the writer is synchronous), then sent.
            using var stream = new MemoryStream();
            using (var csv = CsvWriter.Create(stream, ReportCsv.SafeOptions with { WriteByteOrderMark = true }, leaveOpen: true))
            {
                csv.WriteRecord(["Organisation id", "Organisation", "Listing id", "Listing", "Listing (Welsh)", "Last verified", "State", "VAWDASV regions", "Last reminder"]);
                foreach (var l in listings.Where(l => staleness.IsStale(l.LastVerified)))
                {
                    csv.WriteField(l.OrganisationId.ToString(CultureInfo.InvariantCulture));
                    csv.WriteField(organisations[l.OrganisationId].Name);
                    csv.WriteField(l.Id.ToString(CultureInfo.InvariantCulture));
                    csv.WriteField(l.Name);
                    csv.WriteField(l.NameCy);
                    csv.WriteField(l.LastVerified.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    csv.WriteField(State(l, staleness));
                    csv.WriteField(string.Join("; ", RegionsOf(l).Select(r => r.NameEn)));
                    csv.WriteField(lastReminders.TryGetValue(l.Id, out var sent) ? sent.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "");
                    csv.EndRecord();
                }
            }
            return Results.File(stream.ToArray(), "text/csv; charset=utf-8", $"stale-listings-{staleness.Today:yyyy-MM-dd}.csv");
        }

        return TypedResults.Ok(new
        {
            today = staleness.Today,
            staleAfterDays = staleness.Options.StaleAfterDays,
            hideAfterOverdueDays = staleness.Options.HideAfterOverdueDays,
            hideOverdue = staleness.HidesOverdue,
            staleBefore = staleness.StaleBefore,
            hiddenBefore = staleness.HiddenBefore,
            totals = Count(listings, staleness),
            regions = regions.Select(r => new
            {
                code = r.Code, nameEn = r.NameEn, nameCy = r.NameCy,
                counts = Count(listings.Where(l => RegionsOf(l).Contains(r)), staleness),
            }),
            organisations = listings.GroupBy(l => l.OrganisationId)
                .Select(g => new
                {
                    id = g.Key, name = organisations[g.Key].Name, nameCy = organisations[g.Key].NameCy,
                    counts = Count(g, staleness),
                    stale = g.Where(l => staleness.IsStale(l.LastVerified)).Select(l => new
                    {
                        id = l.Id, name = l.Name, nameCy = l.NameCy, lastVerified = l.LastVerified, state = State(l, staleness),
                        lastReminder = lastReminders.TryGetValue(l.Id, out var sent) ? sent : (DateTime?)null,
                    }).ToList(),
                })
                .OrderByDescending(o => o.counts.Stale).ThenBy(o => o.name, StringComparer.Create(CultureInfo.GetCultureInfo("en-GB"), true)),
        });
    }

    private static string State(Listing l, Staleness staleness) =>
        staleness.IsHidden(l.LastVerified) ? "hidden" : staleness.IsOverdue(l.LastVerified) ? "overdue" : "stale";

    private static Counts Count(IEnumerable<Listing> listings, Staleness staleness)
    {
        int all = 0, stale = 0, overdue = 0, hidden = 0;
        foreach (var l in listings)
        {
            all++;
            stale += staleness.IsStale(l.LastVerified) ? 1 : 0;
            overdue += staleness.IsOverdue(l.LastVerified) ? 1 : 0;
            hidden += staleness.IsHidden(l.LastVerified) ? 1 : 0;
        }
        return new Counts(all, stale, overdue, hidden);
    }
}
