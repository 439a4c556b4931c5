using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Ingest.Tests.StagingLean;

/// <summary>
/// A staged row's raw cells (the evidence beside the normalised answers) read back exactly as the survey tool wrote
/// them, however awkward the text is for JSON, and with a stray byte shown as � rather than garbling the rest.
/// </summary>
public class RawCellsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Cells that need escaping in JSON, or that are easy to garble between encodings.</summary>
    public static readonly string[] Awkward =
    [
        "Grŵp Môn: ŷ, â and ô",
        "She said \"no\" twice",
        @"C:\shared\survey\export.csv",
        "line one\r\nline two\nline three",
        "tab\there, bell\u0007, escape\u001b",
        "🙂 emoji and a line separator\u2028here",
        "  spaces either side  ",
        "\"",
        "",
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_stored_rows_raw_cells_hold_the_answers_as_written(bool withAnInvalidByte)
    {
        await using var t = await TestDb.CreateAsync();
        var description = string.Join(" | ", Awkward);
        var text = Csv.MsFormsFile(Csv.Row(org: "Grŵp Môn (synthetic)").With("description", description));
        var bytes = Encoding.UTF8.GetBytes(text).ToList();
        if (withAnInvalidByte)
        {
            // One stray byte in the job title: the file is still UTF-8, the byte shown as �.
            var at = Encoding.UTF8.GetByteCount(text[..text.IndexOf("Service manager", StringComparison.Ordinal)]);
            bytes.Insert(at, 0xFF);
        }
        var report = await t.ImportAsync(t.WriteBytes("raw.csv", [.. bytes]));
        Assert.Null(report.Error);
        Assert.Equal("utf-8", report.Encoding);

        await using var db = t.Open();
        var row = await db.SurveyResponses.SingleAsync(Ct);
        var cells = JsonSerializer.Deserialize<string[]>(row.RawRow)!;
        Assert.Equal(Csv.MsFormsHeader.Count, cells.Length);
        Assert.Contains("Grŵp Môn (synthetic)", cells);
        Assert.Contains(description, cells);
        Assert.Equal(withAnInvalidByte, cells.Contains("\uFFFDService manager"));
    }
}
