using System.Text;
using Blueprint.Data.Survey;
using Blueprint.Ingest.Reading;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Ingest.Tests.Rounds;

/// <summary>
/// The encoding rule settled for issue 12: a byte order mark wins; valid multi-byte UTF-8 with a few invalid bytes is
/// UTF-8 with those rows flagged and the bytes shown; high bytes with no valid multi-byte sequence are Windows-1252.
/// Welsh letters (ŵ, ŷ, â, ô) come through unharmed, and the report says what was decided and why.
/// </summary>
public class EncodingRuleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Stray = "@@STRAY@@";

    /// <summary>Three rows with Welsh names; <see cref="Stray"/> in row 3's description stands for a stray byte.</summary>
    private static string WelshExport(string stray = "") => Csv.MsFormsFile(
        Csv.Row(org: "Grŵp Môn (synthetic)", name: "Rhaglen Dŷ Newydd"),
        Csv.Row(org: "Gwâr Llŷn (synthetic)", name: "Cwrs Ŵyn"),
        Csv.Row(org: "Prosiect Tŷ Hôn (synthetic)", name: "Rhaglen Môr").With("description", $"Grŵp i ddynion {stray}(synthetic)."));

    private static byte[] WithStrayByte(byte[] bytes, byte stray)
    {
        var marker = Encoding.UTF8.GetBytes(Stray);
        var at = bytes.AsSpan().IndexOf(marker);
        Assert.True(at >= 0);
        return [.. bytes[..at], stray, .. bytes[(at + marker.Length)..]];
    }

    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    [Fact]
    public async Task A_UTF8_file_with_one_stray_byte_stays_UTF8_with_that_row_flagged_and_the_byte_shown()
    {
        await using var t = await TestDb.CreateAsync();
        var path = t.WriteBytes("stray.csv", WithStrayByte(Encoding.UTF8.GetBytes(WelshExport(Stray)), 0x97));

        var report = await t.ImportAsync(path);

        Assert.Null(report.Error);
        Assert.Equal("utf-8", report.Encoding);
        Assert.Matches(@"^UTF-8: \d+ multi-byte sequences, 1 invalid byte \(0x97\) on row 4$", report.EncodingEvidence);
        Assert.Equal(3, report.Accepted);
        var flagged = Assert.Single(report.Rows);
        Assert.Equal(4, flagged.Row);
        var warning = Assert.Single(flagged.Problems);
        Assert.Equal(Normalising.Severity.Warning, warning.Severity);
        Assert.Contains("0x97", warning.Message);
        Assert.Equal(Csv.MsForms.Fields["description"].Column, warning.Column);
        await using var db = t.Open();
        Assert.Equal(["Grŵp Môn (synthetic)", "Gwâr Llŷn (synthetic)", "Prosiect Tŷ Hôn (synthetic)"],
            await db.SurveyResponses.OrderBy(r => r.RowNumber).Select(r => r.OrganisationName!).ToListAsync(Ct));
        Assert.Equal(report.EncodingEvidence, (await db.SurveyImports.SingleAsync(Ct)).EncodingEvidence);
    }

    [Fact]
    public async Task With_a_byte_order_mark_a_stray_byte_neither_refuses_the_file_nor_garbles_it()
    {
        await using var t = await TestDb.CreateAsync();
        var path = t.WriteBytes("bom-stray.csv", [.. Bom, .. WithStrayByte(Encoding.UTF8.GetBytes(WelshExport(Stray)), 0xE9)]);

        var report = await t.ImportAsync(path);

        Assert.Null(report.Error);
        Assert.Equal("utf-8-bom", report.Encoding);
        Assert.StartsWith("UTF-8: byte order mark; ", report.EncodingEvidence);
        Assert.Contains("(0xE9) on row 4", report.EncodingEvidence);
        Assert.Equal(3, report.Accepted);
        await using var db = t.Open();
        Assert.Equal("Cwrs Ŵyn", await db.SurveyResponses.Where(r => r.RowNumber == 3).Select(r => r.InterventionName).SingleAsync(Ct));
    }

    [Fact]
    public async Task A_clean_UTF8_file_with_a_byte_order_mark_is_read_with_its_first_column()
    {
        await using var t = await TestDb.CreateAsync();
        var report = await t.ImportAsync(t.WriteBytes("bom.csv", [.. Bom, .. Encoding.UTF8.GetBytes(WelshExport())]));

        Assert.Null(report.Error);
        Assert.Matches(@"^UTF-8: byte order mark; \d+ multi-byte sequences, no invalid byte$", report.EncodingEvidence);
        Assert.Equal(3, report.Accepted);
        Assert.Empty(report.Rows);
    }

    [Fact]
    public async Task Clean_UTF8_without_a_byte_order_mark_keeps_every_Welsh_letter()
    {
        await using var t = await TestDb.CreateAsync();
        var report = await t.ImportAsync(t.WriteFile("clean.csv", WelshExport()));

        Assert.Equal("utf-8", report.Encoding);
        Assert.Matches(@"^UTF-8: \d+ multi-byte sequences, no invalid byte$", report.EncodingEvidence);
        await using var db = t.Open();
        Assert.Equal(["Rhaglen Dŷ Newydd", "Cwrs Ŵyn", "Rhaglen Môr"], await db.SurveyResponses.OrderBy(r => r.RowNumber).Select(r => r.InterventionName!).ToListAsync(Ct));
    }

    [Fact]
    public async Task High_bytes_with_no_valid_multi_byte_sequence_are_Windows_1252()
    {
        await using var t = await TestDb.CreateAsync();
        // Windows-1252 has â and ô (not ŵ or ŷ): what Excel's plain "CSV" writes for these names.
        var text = Csv.MsFormsFile(Csv.Row(org: "Gwâr Môn (synthetic)", name: "Rhaglen Hôn"), Csv.Row(org: "Tâl Ôl (synthetic)", name: "Cwrs Gâr"));
        var report = await t.ImportAsync(t.WriteBytes("cp1252.csv", SurveyFile.Windows1252.GetBytes(text)));

        Assert.Equal("windows-1252", report.Encoding);
        Assert.Matches(@"^Windows-1252: \d+ bytes above 0x7F and no valid multi-byte UTF-8 sequence \(first: 0xE2", report.EncodingEvidence);
        await using var db = t.Open();
        Assert.Equal(["Gwâr Môn (synthetic)", "Tâl Ôl (synthetic)"], await db.SurveyResponses.OrderBy(r => r.RowNumber).Select(r => r.OrganisationName!).ToListAsync(Ct));
        Assert.Equal(2, report.Accepted);
    }

    [Fact]
    public async Task The_decision_is_also_said_in_Welsh_with_the_same_counts_and_rows()
    {
        await using var t = await TestDb.CreateAsync();
        var stray = await t.ImportAsync(t.WriteBytes("stray-cy.csv", WithStrayByte(Encoding.UTF8.GetBytes(WelshExport(Stray)), 0x97)));
        var cp1252 = await t.ImportAsync(t.WriteBytes("cp1252-cy.csv", SurveyFile.Windows1252.GetBytes(Csv.MsFormsFile(Csv.Row(org: "Gwâr Môn (synthetic)")))));

        var sequences = WelshExport(Stray).Count(c => c > 0x7F);
        Assert.Equal($"UTF-8: {sequences} multi-byte sequences, 1 invalid byte (0x97) on row 4", stray.EncodingEvidence);
        Assert.Equal($"UTF-8: {sequences} dilyniant aml-feit, 1 beit annilys (0x97) ar res 4", stray.EncodingEvidenceCy);
        Assert.Equal("Windows-1252: 2 beit uwchlaw 0x7F a dim un dilyniant UTF-8 aml-feit dilys (y cyntaf: 0xE2, 0xF4)", cp1252.EncodingEvidenceCy);
        Assert.Equal(stray.EncodingEvidence, stray.In("en").EncodingEvidence);
        Assert.Equal(stray.EncodingEvidenceCy, stray.In("cy").EncodingEvidence);
    }

    [Fact]
    public void The_evidence_is_the_same_however_the_file_is_cut_into_reads()
    {
        var bytes = WithStrayByte(Encoding.UTF8.GetBytes(WelshExport(Stray)), 0x97);
        var whole = new Utf8Evidence();
        whole.Add(bytes);
        whole.Finish();
        foreach (var piece in new[] { 1, 2, 3, 7 })
        {
            var cut = new Utf8Evidence();
            foreach (var chunk in bytes.Chunk(piece))
            {
                cut.Add(chunk);
            }
            cut.Finish();
            Assert.Equal((whole.MultiByteSequences, whole.InvalidBytes, whole.HighBytes), (cut.MultiByteSequences, cut.InvalidBytes, cut.HighBytes));
        }
        Assert.Equal(1, whole.InvalidBytes);
        Assert.Equal([(byte)0x97], whole.FirstInvalid);
        // One sequence per character beyond ASCII (ŵ ŷ â ô Ŵ …).
        Assert.Equal(WelshExport(Stray).Count(c => c > 0x7F), whole.MultiByteSequences);
    }
}
