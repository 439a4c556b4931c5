// Survey ingest benchmark. One command: `dotnet run -c Release --project bench/Blueprint.Bench.Ingest [-- --rows N]`.
// It writes a synthetic Microsoft Forms export of N rows (default 200,000), then runs each phase in a
// process of its own, so that each peak is that phase's alone:
//   ceiling   CsvHelper alone reading every cell (the most any import could do), in this program
//   dry run   `Blueprint.Api import FILE --dry-run`: the real command line, nothing stored
//   import    `Blueprint.Api import FILE`: the real command line, staged into a fresh SQLite database
//             (created and seeded with the sample directory first by `Blueprint.Api migrate`)
//   import    again with a file a quarter the size: peak memory must not follow the file's size
// Rows per second come from the import's own clock (start-up excluded); peak memory is the child's
// VmHWM, read every 20 ms. Other modes: `generate FILE ROWS`, `phase ceiling FILE`, `import DB FILE`
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

var rows = args is ["--rows", var n, ..] ? int.Parse(n, CultureInfo.InvariantCulture) : 200_000;
var work = Directory.CreateTempSubdirectory("blueprint-bench-").FullName;
try
{
    var file = Path.Combine(work, "survey.csv");
    var quarter = Path.Combine(work, "survey-quarter.csv");
    Generate(file, rows);
    Generate(quarter, rows / 4);
    var cli = new CommandLine(root);
    Console.WriteLine(Invariant($"Survey ingest benchmark: {rows:N0} rows, {new FileInfo(file).Length / 1048576.0:0.0} MB (Microsoft Forms shape), {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}"));
    Console.WriteLine("  phase (own process)                  rows    seconds     rows/s   × ceiling   peak memory");

    var ceiling = Phases.RunSelf("ceiling", file);
    Print("CsvHelper alone (ceiling)", ceiling, ceiling);
    Print("dry run (import --dry-run)", cli.Import(file, Path.Combine(work, "dry.db"), dryRun: true), ceiling);
    var import = cli.Import(file, Path.Combine(work, "bench.db"), dryRun: false);
    Print("import with staging", import, ceiling);
    var small = cli.Import(quarter, Path.Combine(work, "bench-quarter.db"), dryRun: false);
    Print(Invariant($"import, {rows / 4:N0} rows"), small, ceiling);
    Console.WriteLine(Invariant($"  database: {new FileInfo(Path.Combine(work, "bench.db")).Length / 1048576.0:0} MB for {rows:N0} rows ({new FileInfo(Path.Combine(work, "bench.db")).Length / (double)rows:0} bytes a row)"));
    Console.WriteLine(Invariant($"  peak memory: {import.PeakMb:0} MB importing {rows:N0} rows, {small.PeakMb:0} MB importing {rows / 4:N0} ({import.PeakMb / small.PeakMb:0.00}×)"));
    Console.WriteLine($"  outcome: {import.Detail}");
    return 0;
}
finally
{
    Directory.Delete(work, true);
}

void Generate(string path, int count)
{
    using var w = new StreamWriter(path, false, new UTF8Encoding(true), 1 << 16);
    SampleSurvey.WriteMsForms(w, new ProfileCatalog(root).Get("msforms-2023"), count, mess: false);
}

static void Print(string name, PhaseResult r, PhaseResult ceiling) =>
    Console.WriteLine(Invariant($"  {name,-32}{r.Rows,9:N0} {r.Seconds,10:0.00} {r.Rows / r.Seconds,10:N0} {ceiling.Seconds / r.Seconds,11:0.00} {r.PeakMb,10:0} MB"));
