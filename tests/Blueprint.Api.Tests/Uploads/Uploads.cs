using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Blueprint.Api.Exports;
using Blueprint.Ingest.Commands;
using Blueprint.Ingest.Reading;
using CsvHelper;

namespace Blueprint.Api.Tests.Uploads;

/// <summary>
/// The listings export as a provider edits it: downloaded through the API, read into rows, cells changed by
/// column header, and written back as the spreadsheet would save it (CSV with the export's formula guard, or .xlsx).
/// </summary>
internal sealed class EditableExport
{
    public required List<string> Header { get; init; }
    public required List<string[]> Rows { get; init; }

    public static async Task<EditableExport> DownloadAsync(HttpClient client, string format)
    {
        var response = await client.GetAsync($"/api/listings/export?format={format}", TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        var table = TableFile.Read(stream, 10 * 1024 * 1024, 10_000);
        return new EditableExport { Header = [.. table.Header], Rows = [.. table.Rows.Select(r => r.Cells)] };
    }

    private int Column(string header) => Header.IndexOf(header) is var i and >= 0 ? i : throw new ArgumentException(header);

    public string[] Row(int listingId) => Rows.Single(r => r[Column("Id")] == listingId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public string Get(string[] row, string header) => row[Column(header)];

    public void Set(string[] row, string header, string value) => row[Column(header)] = value;

    public string[] Add(params (string Header, string Value)[] cells)
    {
        var row = new string[Header.Count];
        Array.Fill(row, "");
        foreach (var (header, value) in cells)
        {
            row[Column(header)] = value;
        }
        Rows.Add(row);
        return row;
    }

    /// <summary>CSV as the export writes it (formula-like cells prefixed with ').</summary>
    public byte[] Csv()
    {
        using var stream = new MemoryStream();
        using (var csv = CsvWriter.Create(stream, ReportCsv.SafeOptions with { WriteByteOrderMark = true }, leaveOpen: true))
        {
            csv.WriteRecord([.. Header]);
            foreach (var row in Rows)
            {
                csv.WriteRecord(row);
            }
        }
        return stream.ToArray();
    }

    public byte[] Xlsx() => Spreadsheet.Write(new Spreadsheet.Sheet("Listings", [[.. Header], .. Rows.Select(r => r.Cast<object?>().ToArray())]));

    public byte[] File(string format) => format == "xlsx" ? Xlsx() : Csv();
}

internal static class UploadRequests
{
    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] file, string name)
    {
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue(name.EndsWith(".xlsx", StringComparison.Ordinal)
            ? Spreadsheet.ContentType : "text/csv");
        form.Add(content, "file", name);
        return await client.PostAsync("/api/listings/uploads", form, TestContext.Current.CancellationToken);
    }

    public static async Task<JsonElement> PreviewAsync(HttpClient client, byte[] file, string name)
    {
        var response = await UploadAsync(client, file, name);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement;
    }

    public static Task<HttpResponseMessage> ApplyAsync(HttpClient client, int id, bool? skipErrors = null) =>
        client.PostAsync($"/api/listings/uploads/{id}/apply",
            skipErrors is null ? null : new StringContent($"{{\"skipErrors\":{(skipErrors.Value ? "true" : "false")}}}", Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);

    public static JsonElement RowOf(JsonElement preview, int listingId) =>
        preview.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("listingId").ValueKind == JsonValueKind.Number && r.GetProperty("listingId").GetInt32() == listingId);

    public static JsonElement RowNumbered(JsonElement preview, int row) =>
        preview.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("row").GetInt32() == row);

    public static int Totals(JsonElement preview, string name) => preview.GetProperty("totals").GetProperty(name).GetInt32();
}
