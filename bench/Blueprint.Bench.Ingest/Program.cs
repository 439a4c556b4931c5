// Survey ingest benchmark. One command: `dotnet run -c Release --project bench/Blueprint.Bench.Ingest [-- --rows N] [--runs N] [--host published|build]`.
// It writes a synthetic Microsoft Forms export of N rows (default 200,000), then runs each phase in a
// process of its own, so that each peak is that phase's alone:
//   ceiling   CsvHelper alone reading every cell (the most any import could do), in this program
//   dry run   `Blueprint.Api import FILE --dry-run`: the real command line, nothing stored
//   import    `Blueprint.Api import FILE`: the real command line, staged into a fresh SQLite database
//             (created and seeded with the sample directory first by `Blueprint.Api migrate`)
//   import    again, with a connection of this program open on the database as a running server's would be: the import
//             then keeps SQLite's write-ahead log (decision 0065), as uploads through the imports page do
//   import    again with a file a quarter the size: peak memory must not follow the file's size
// The host is published first (ReadyToRun, as the container image runs it) unless --host build names the build output.
// Rows per second come from the import's own clock (start-up excluded); peak memory is the child's
// VmHWM, read every 20 ms. Each phase runs --runs times (default 5): the table shows the median time and
// the highest peak. Bytes per staged row are the growth of the database file from the quarter-size import
// to the full one, divided by the rows added (the migrated and seeded database itself is left out). Other modes: `generate FILE ROWS`, `phase ceiling FILE`, `import DB FILE`
// (used by the kill test) and `sample` (rewrites data/sample/survey-*.csv).
using System.Globalization;
using System.Text;
using Blueprint.Bench.Ingest;
using Blueprint.Data.Geography;
using Blueprint.Ingest.Profiles;
using Blueprint.Ingest.Sample;
using static System.FormattableString;

var root = DataFiles.DefaultRoot();

switch (args)
{
    case ["sample", ..]:
        SampleSurvey.WriteSamples(root);
        Console.WriteLine("Wrote data/sample/survey-msforms.csv and data/sample/survey-per-option.csv.");
        return 0;
    case ["generate", var output, var count]:
        Generate(output, int.Parse(count, CultureInfo.InvariantCulture));
        return 0;
    case ["import", var targetPath, var file]:
        return await Phases.ImportForKillTestAsync(root, targetPath, file);
    case ["phase", "ceiling", var file]:
        Console.WriteLine(Phases.Ceiling(file));
        return 0;
}

var rows = Option("--rows") ?? 200_000;
var runs = Option("--runs") ?? 5;
var host = Text("--host") ?? "published";
if (rows < 4 || runs < 1 || host is not ("published" or "build"))
{
    Console.Error.WriteLine("--rows must be at least 4, --runs at least 1, and --host published or build.");
    return 2;
}
var work = Directory.CreateTempSubdirectory("blueprint-bench-").FullName;
try
{
    var file = Path.Combine(work, "survey.csv");
    var quarter = Path.Combine(work, "survey-quarter.csv");
    Generate(file, rows);
    Generate(quarter, rows / 4);
    var cli = new CommandLine(root, host == "build" ? CommandLine.Built(root) : CommandLine.Publish(root, Path.Combine(work, "host")));
    Console.WriteLine(Invariant($"Survey ingest benchmark: {rows:N0} rows, {new FileInfo(file).Length / 1048576.0:0.0} MB (Microsoft Forms shape), {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, median of {runs} run(s), host: {(host == "build" ? "build output" : "published, ReadyToRun")}"));
    Console.WriteLine("  phase (own process)                  rows    seconds     rows/s   × ceiling   peak memory");

    var ceiling = Median(_ => Phases.RunSelf("ceiling", file));
    Print("CsvHelper alone (ceiling)", ceiling, ceiling);
    Print("dry run (import --dry-run)", Median(i => cli.Import(file, Fresh($"dry-{i}.db"), dryRun: true)), ceiling);
    var import = Median(i => cli.Import(file, Fresh($"bench-{i}.db"), dryRun: false));
    Print("import with staging", import, ceiling);
    Print("  beside a server (log kept)", Median(i => cli.Import(file, Fresh($"beside-{i}.db"), dryRun: false, besideServer: true)), ceiling);
    var small = Median(i => cli.Import(quarter, Fresh($"bench-quarter-{i}.db"), dryRun: false));
    Print(Invariant($"import, {rows / 4:N0} rows"), small, ceiling);
    var full = new FileInfo(Path.Combine(work, "bench-0.db")).Length;
    var part = new FileInfo(Path.Combine(work, "bench-quarter-0.db")).Length;
    Console.WriteLine(Invariant($"  database: {full / 1048576.0:0} MB after {rows:N0} rows; {(full - part) / (double)(rows - rows / 4):0} bytes a staged row (growth from {rows / 4:N0} to {rows:N0} rows)"));
    Console.WriteLine(Invariant($"  peak memory: {import.PeakMb:0} MB importing {rows:N0} rows, {small.PeakMb:0} MB importing {rows / 4:N0} ({import.PeakMb / small.PeakMb:0.00}×)"));
    Console.WriteLine($"  outcome: {import.Detail}");
    return 0;
}
finally
{
    Directory.Delete(work, true);
}

int? Option(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : null;
}

string? Text(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}

string Fresh(string name) => Path.Combine(work, name);

// The run with the median time (rows and outcome are the same in every run), carrying the highest peak of all
// runs. Each run imports into a new database; the first run's is kept for its size, the others are deleted at once.
PhaseResult Median(Func<int, PhaseResult> phase)
{
    var results = new List<PhaseResult>();
    for (var i = 0; i < runs; i++)
    {
        results.Add(phase(i));
        foreach (var f in Directory.GetFiles(work, "*.db*").Where(f => !Path.GetFileName(f).Contains("-0.db", StringComparison.Ordinal)))
        {
            File.Delete(f);
        }
    }
    return results.OrderBy(r => r.Seconds).ElementAt(runs / 2) with { PeakMb = results.Max(r => r.PeakMb) };
}

void Generate(string path, int count)
{
    using var w = new StreamWriter(path, false, new UTF8Encoding(true), 1 << 16);
    SampleSurvey.WriteMsForms(w, new ProfileCatalog(root).Get("msforms-2023"), count, mess: false);
}

static void Print(string name, PhaseResult r, PhaseResult ceiling) =>
    Console.WriteLine(Invariant($"  {name,-32}{r.Rows,9:N0} {r.Seconds,10:0.00} {r.Rows / r.Seconds,10:N0} {ceiling.Seconds / r.Seconds,11:0.00} {r.PeakMb,10:0} MB"));
