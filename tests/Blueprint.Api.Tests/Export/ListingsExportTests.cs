using System.Net;
using Blueprint.Api.Auth;
using Blueprint.Data;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Api.Tests.Export;

/// <summary>Providers download their own organisations' listings as CSV or XLSX: Welsh intact, no formula, no other organisation's venues.</summary>
public sealed class ListingsExportTests(DatabaseOnlyApp app) : IClassFixture<DatabaseOnlyApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> CsvAsync(HttpClient client)
    {
        var response = await client.GetAsync("/api/listings/export?format=csv", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    [Fact]
    public async Task A_provider_gets_its_own_listings_with_their_confidential_venues_and_nothing_of_another_organisation()
    {
        var own = await CsvAsync(app.ClientAs(Roles.Provider, app.Known.OrganisationId));
        Assert.Contains("ZZKNOWN Cardiff Respect Programme", own);
        Assert.Contains("ZZHYSBYS Rhaglen Caerdydd", own);
        Assert.Contains(KnownRecords.HiddenAddress + ", CF14 9ZZ (hidden)", own);
        Assert.DoesNotContain("ZZKNOWN Gwynedd", own);
        Assert.DoesNotContain(KnownRecords.HiddenAddress + " 2", own);

        var other = await CsvAsync(app.ClientAs(Roles.Provider, app.Known.OtherOrganisationId));
        Assert.Contains("ZZKNOWN Gwynedd Approximate Service", other);
        Assert.Contains(KnownRecords.ApproximateAddress, other);
        Assert.DoesNotContain("ZZKNOWN Cardiff", other);
        Assert.DoesNotContain(KnownRecords.HiddenAddress + ",", other);
    }

    [Fact]
    public async Task Anonymous_callers_and_bad_formats_are_refused()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/listings/export", Ct)).StatusCode);
        var bad = await app.ClientAs(Roles.Provider, app.Known.OrganisationId).GetAsync("/api/listings/export?format=pdf", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("BadFormat", await bad.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Text_that_looks_like_a_formula_stays_text_in_csv_and_xlsx()
    {
        var organisation = app.WithDb(db => db.Organisations.Single(o => o.Id == app.Known.OrganisationId).Id);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
            db.Interventions.Add(new Blueprint.Data.Directory.Intervention
            {
                OrganisationId = organisation, Name = "=HYPERLINK(\"http://x\",\"ZZFORMULA\")", NameCy = "Grŵp Môn ZZFORMULA", AllWales = true,
                LastVerified = new DateOnly(2026, 11, 1),
            });
            await db.SaveChangesAsync(Ct);
        }
        var client = app.ClientAs(Roles.Provider, app.Known.OrganisationId);

        var csv = await CsvAsync(client);
        Assert.Contains("'=HYPERLINK(", csv);
        Assert.Contains("Grŵp Môn ZZFORMULA", csv);

        var response = await client.GetAsync("/api/listings/export?format=xlsx", Ct);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        using var file = new MemoryStream(await response.Content.ReadAsByteArrayAsync(Ct));
        using var document = SpreadsheetDocument.Open(file, isEditable: false);
        var cells = document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Cell>().ToList();
        Assert.DoesNotContain(cells, c => c.CellFormula is not null);
        var texts = cells.Select(c => c.InnerText).ToList();
        Assert.Contains("=HYPERLINK(\"http://x\",\"ZZFORMULA\")", texts);
        Assert.Contains("Grŵp Môn ZZFORMULA", texts);
        Assert.Contains("ZZHYSBYS Rhaglen Caerdydd", texts);
        Assert.DoesNotContain(texts, t => t.Contains("ZZKNOWN Gwynedd", StringComparison.Ordinal));
    }
}
