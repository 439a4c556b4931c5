using Blueprint.Api.OData;
using System.Globalization;
using System.Security.Claims;
using Blueprint.Api.Auth;
using Blueprint.Api.Exports;
using Blueprint.Data;
using Blueprint.Data.Directory;
using Blueprint.Ingest.Commands;
using Blueprint.Ingest.Profiles;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Listings;

/// <summary>
/// GET /api/listings/export?format=csv|xlsx: a provider's own organisations' listings (admins and analysts:
/// every listing), every field, venues as recorded (confidential ones included, since the caller may read
/// them), overdue listings included. CSV cells a spreadsheet would run are escaped; XLSX cells are text.
/// </summary>
internal static class ListingsExport
{
    /// <summary>The columns, from the built-in profile the upload reads them back with.</summary>
    private static readonly string[] Header = ListingsProfile.Header;

    public static async Task<IResult> GetAsync(string? format, ClaimsPrincipal user, BlueprintDb db, Staleness staleness, CancellationToken ct)
    {
        format ??= "csv";
        if (format is not ("csv" or "xlsx"))
        {
            return ErrorBody.Result(400, "BadFormat", "format must be csv or xlsx.");
        }
        var query = db.Interventions.AsNoTracking().IgnoreQueryFilters()
            .Include(i => i.Organisation).Include(i => i.Areas).Include(i => i.VenueRecords).AsSplitQuery();
        if (!user.SeesAllVenueDetails())
        {
            var organisations = user.ProviderOrganisations();
            query = query.Where(i => organisations.Contains(i.OrganisationId));
        }
        var listings = await query.OrderBy(i => i.OrganisationId).ThenBy(i => i.Name).ThenBy(i => i.Id).ToListAsync(ct);
        var rows = listings.Select(Row).ToList();
        var name = $"listings-{staleness.Today:yyyy-MM-dd}";
        return format == "xlsx"
            ? Results.File(Spreadsheet.Write(new Spreadsheet.Sheet("Listings", [Header, .. rows])), Spreadsheet.ContentType, name + ".xlsx")
            : Results.File(Csv(rows), "text/csv; charset=utf-8", name + ".csv");
    }

    /// <summary>A listing as the export writes it, one cell per column of <see cref="ListingsProfile"/> (the upload diffs against this).</summary>
    internal static string?[] Row(Intervention i) =>
    [
        Number(i.OrganisationId), i.Organisation?.Name, Number(i.Id), i.PublicId.ToString(), i.Name, i.NameCy, i.Description, i.DescriptionCy, i.Status,
        i.AllWales ? "yes" : "no", List(i.Areas.Select(a => a.Code)), List(i.Purposes), List(i.Forms), List(i.Settings), List(i.Stages), i.Gender,
        List(i.AgeBands), List(i.CohortGroups), List(i.RiskLevels), List(i.ReferralRoutes), i.Format, i.LengthText ?? Number(i.LengthWeeks),
        List(i.Languages), Number(i.PlacesPerYear), Number(i.WaitingTimeWeeks), i.SupportsPartners is { } p ? (p ? "yes" : "no") : null,
        List(i.Accreditations), List(i.FundingSources), i.FundingEnds?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), i.FundingStatus,
        i.Evaluation, i.OutcomeMeasures, i.ReferralPhone, i.ReferralEmail, i.ReferralUrl,
        i.LastVerified.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), i.VerifiedBy,
        string.Join(" | ", i.VenueRecords.OrderBy(v => v.Id).Select(v =>
            $"{string.Join(", ", new[] { v.Name, v.Address, v.Postcode }.Where(s => !string.IsNullOrWhiteSpace(s)))} ({v.Visibility})")),
    ];

    private static string? Number(int? n) => n?.ToString(CultureInfo.InvariantCulture);

    private static string List(IEnumerable<string> codes) => string.Join("; ", codes);

    private static byte[] Csv(List<string?[]> rows)
    {
        using var stream = new MemoryStream();
        using (var csv = CsvWriter.Create(stream, ReportCsv.SafeOptions with { WriteByteOrderMark = true }, leaveOpen: true))
        {
            csv.WriteRecord(Header);
            foreach (var row in rows)
            {
                foreach (var cell in row)
                {
                    csv.WriteField(cell);
                }
                csv.EndRecord();
            }
        }
        return stream.ToArray();
    }
}
