using System.Diagnostics;
using System.Text;
using Blueprint.Ingest.Sample;
using CsCheck;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Ingest.Tests;

public class GuaranteeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A row of an export: a clean answer, a messy one, a ragged one, a blank one, or a broken quote.</summary>
    private static readonly Gen<string> GenRow = Gen.Frequency(
        (6, Gen.Select(Gen.Int[0, 20], Gen.Int[0, 5], Gen.OneOfConst("Yes", "No", "", "Ie"), Gen.OneOfConst("Cardiff;", "RCT;Ynys Mon;", "North Wales;", "Bristol;", ""),
            (org, name, publish, areas) => RowText(Csv.Row(org: $"Org {org} (synthetic)", name: $"Programme {name}", publish: publish).With("areas", areas)))),
        (1, Gen.Const("a,b,c")),
        (1, Gen.Const(new string(',', Csv.MsFormsHeader.Count - 1))),
        (1, Gen.Const("")),
        (1, Gen.String[Gen.Char["=+-@\"\t ,;abc\r\n"], 0, 40]));

    private static string RowText(Dictionary<string, string> row) =>
        Csv.MsFormsFile(row).Split("\r\n")[1];

    [Fact]
    public void Importing_twice_equals_importing_once_and_every_row_is_counted()
    {
        Gen.Int[1, 25].SelectMany(n => GenRow.Array[n]).Sample(rows =>
        {
            var text = string.Join(",", Csv.MsFormsHeader.Select(Csv.Quote)) + "\r\n" + string.Join("\r\n", rows) + "\r\n";
            Run(async () =>
            {
                await using var t = await TestDb.CreateAsync();
                var path = t.WriteFile("p.csv", text);
                var once = await t.ImportAsync(path);
                await using var db = t.Open();
                var snapshot = await Snapshot(db);
                var twice = await t.ImportAsync(path);

                Assert.Null(once.Error);
                Assert.Equal(once.RowsRead, once.Accepted + once.NotForPublication + once.Rejected + once.Duplicates + once.NeedsArea);
                Assert.Equal(once.RowsRead, await db.SurveyResponses.CountAsync(Ct));
                Assert.True(twice.AlreadyImported);
                Assert.Equal(snapshot, await Snapshot(db));
            });
        }, iter: 25, threads: 1);
    }

    private static async Task<string> Snapshot(Data.BlueprintDb db) =>
        string.Join("\n", (await db.SurveyResponses.AsNoTracking().OrderBy(r => r.Id).ToListAsync(Ct))
            .Select(r => $"{r.ImportId}|{r.RowNumber}|{r.ContentHash}|{r.Outcome}|{r.Normalised}|{r.Problems}"))
        + $"\n{await db.SurveyImports.CountAsync(Ct)}";

    private static void Run(Func<Task> body) => body().GetAwaiter().GetResult();

    public static TheoryData<string> Hostile => ["unclosed-quote", "one-mb-cell", "nul-bytes", "utf16-no-bom", "utf16-bom", "ragged", "fifty-thousand-columns", "binary-noise", "only-quotes", "huge-header-cell", "cr-only"];

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Hostile_files_end_with_a_report_never_a_crash_or_a_hang(string kind)
    {
        await using var t = await TestDb.CreateAsync();
        var header = string.Join(",", Csv.MsFormsHeader.Select(Csv.Quote));
        var good = RowText(Csv.Row());
        byte[] bytes = kind switch
        {
            "unclosed-quote" => Encoding.UTF8.GetBytes(header + "\r\n" + good + "\r\n\"" + string.Concat(Enumerable.Repeat(good + "\r\n", 2000))),
            "one-mb-cell" => Encoding.UTF8.GetBytes(header + "\r\n" + good.Replace("A group programme.", new string('x', 1 << 20)) + "\r\n" + good + "\r\n"),
            "nul-bytes" => [.. Encoding.UTF8.GetBytes(header + "\r\n" + good), 0, 0, 0],
            "utf16-no-bom" => Encoding.Unicode.GetBytes(header + "\r\n" + good + "\r\n"),
            "utf16-bom" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(header + "\r\n" + good + "\r\n")],
            "ragged" => Encoding.UTF8.GetBytes(header + "\r\n" + string.Join("\r\n", Enumerable.Range(0, 300).Select(i => string.Join(",", Enumerable.Repeat("x", i % 60))))),
            "fifty-thousand-columns" => Encoding.UTF8.GetBytes(string.Join(",", Enumerable.Range(0, 50_000).Select(i => $"c{i}")) + "\r\n" + new string(',', 49_999) + "\r\n"),
            "binary-noise" => Noise(200_000),
            "only-quotes" => Encoding.UTF8.GetBytes(new string('"', 100_001)),
            "huge-header-cell" => Encoding.UTF8.GetBytes("\"" + new string('h', 5 << 20) + "\"\r\n1\r\n"),
            "cr-only" => Encoding.UTF8.GetBytes(header + "\r" + good + "\r" + good + "\r"),
            _ => throw new ArgumentException(kind),
        };
        var path = t.WriteBytes(kind + ".csv", bytes);

        var clock = Stopwatch.StartNew();
        var report = await t.ImportAsync(path).WaitAsync(TimeSpan.FromSeconds(60), Ct);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{kind} took {clock.Elapsed}");
        Assert.True(report.Error is not null || report.RowsRead == report.Accepted + report.NotForPublication + report.Rejected + report.Duplicates);
        await using var db = t.Open();
        if (report.Error is not null)
        {
            Assert.Empty(db.SurveyImports);
        }
        else
        {
            Assert.Equal(report.RowsRead, await db.SurveyResponses.CountAsync(Ct));
        }
    }

    private static byte[] Noise(int length)
    {
        var bytes = new byte[length];
        new Random(7).NextBytes(bytes);
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = bytes[i] == 0 ? (byte)1 : bytes[i];
        }
        return bytes;
    }

    [Fact]
    public async Task A_process_killed_mid_import_leaves_no_trace_and_a_rerun_imports_everything()
    {
        await using var t = await TestDb.CreateAsync();
        var file = Path.Combine(t.Folder, "big.csv");
        await using (var w = new StreamWriter(file, false, new UTF8Encoding(true)))
        {
            SampleSurvey.WriteMsForms(w, Csv.MsForms, 60_000, mess: false);
        }
        var dbPath = Path.Combine(t.Folder, "test.db");
        var bench = Path.Combine(AppContext.BaseDirectory, "Blueprint.Bench.Ingest.dll");

        using (var child = Start(bench, dbPath, file))
        {
            // Wait until it reports progress (rows are being staged), then kill it hard.
            while (await child.StandardOutput.ReadLineAsync(Ct) is { } line && !line.StartsWith("progress 10000", StringComparison.Ordinal))
            {
            }
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync(Ct);
        }
        await using (var db = t.Open())
        {
            Assert.Empty(db.SurveyImports);
            Assert.Empty(db.SurveyResponses);
        }

        using (var rerun = Start(bench, dbPath, file))
        {
            await rerun.WaitForExitAsync(Ct);
            Assert.Equal(0, rerun.ExitCode);
        }
        await using (var db = t.Open())
        {
            var import = await db.SurveyImports.SingleAsync(Ct);
            Assert.Equal(60_000, import.RowsRead);
            Assert.Equal(60_000, await db.SurveyResponses.CountAsync(Ct));
            // The killed import ran under a rollback journal (decision 0065); the rerun gave the file its log back.
            await using var command = db.Database.GetDbConnection().CreateCommand();
            await db.Database.OpenConnectionAsync(Ct);
            command.CommandText = "PRAGMA journal_mode";
            Assert.Equal("wal", await command.ExecuteScalarAsync(Ct));
        }
        Assert.False(File.Exists(dbPath + "-journal"));
    }

    private static Process Start(string dll, string dbPath, string file) => Process.Start(new ProcessStartInfo("dotnet")
    {
        ArgumentList = { dll, "import", dbPath, file },
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
    })!;
}
