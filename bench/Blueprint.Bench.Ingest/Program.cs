// Survey ingest benchmark: generates an export of N rows (default 200,000), times CsvHelper alone
// reading it (the ceiling), then the whole import with staging into a fresh SQLite database, and
// reports rows per second and peak memory. Also: `import DB FILE` (used by the kill test) and
// `sample` (rewrites data/sample/survey-*.csv).
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Blueprint.Data.Geography;
using Blueprint.Data.Persistence;
using Blueprint.Data.Vocabularies;
using Blueprint.Ingest.Profiles;
using Blueprint.Ingest.Sample;
using Blueprint.Ingest.Staging;
using CsvHelper;
using static System.FormattableString;

var root = DataFiles.DefaultRoot();
var areas = AreaCatalog.Load(Path.Combine(root, "data", "areas.json"));
var vocabularies = VocabularyCatalog.Load(Path.Combine(root, "data", "vocabularies.json"));

if (args is ["sample", ..])
{
    SampleSurvey.WriteSamples(root);
    Console.WriteLine("Wrote data/sample/survey-msforms.csv and data/sample/survey-per-option.csv.");
    return 0;
}

if (args is ["import", var targetPath, var file])
{
    // One import into the given SQLite file (the kill test runs this and kills it part-way).
    await using var target = BlueprintDbFactory.Create(DatabaseOptions.Sqlite, $"Data Source={targetPath}");
    await DatabaseSetup.MigrateAndSeedReferenceDataAsync(target, areas, vocabularies);
    var result = await new SurveyImporter(target, areas, vocabularies, root).ImportAsync(file, new ImportOptions
    {
        ImportedBy = "bench",
        MaxFileBytes = long.MaxValue,
        Progress = new Progress<ImportProgress>(p => Console.WriteLine(Invariant($"progress {p.Rows}"))),
    });
    Console.WriteLine(Invariant($"done {result.ImportId} {result.RowsRead} {result.Error}"));
    return result.Processed ? 0 : 1;
}

var rows = args is ["--rows", var n, ..] ? int.Parse(n, CultureInfo.InvariantCulture) : 200_000;
var work = Directory.CreateTempSubdirectory("blueprint-bench-").FullName;
try
{
    var path = Path.Combine(work, "survey.csv");
    var profile = new ProfileCatalog(root).Get("msforms-2023");
    using (var w = new StreamWriter(path, false, new UTF8Encoding(true), 1 << 16))
    {
        SampleSurvey.WriteMsForms(w, profile, rows, mess: false);
    }
    var size = new FileInfo(path).Length;
    Console.WriteLine(Invariant($"Survey ingest benchmark: {rows:N0} rows, {size / 1048576.0:0.0} MB (Microsoft Forms shape), {Environment.ProcessorCount} cores"));

    // The ceiling: CsvHelper reading every cell as a string, nothing else.
    var clock = Stopwatch.StartNew();
    long cells = 0;
    using (var csv = CsvReader.FromFile(path, CsvReaderOptions.Default with { Separator = ',' }))
    {
        while (csv.Read())
        {
            for (var i = 0; i < csv.FieldCount; i++)
            {
                cells += csv.GetString(i).Length > 0 ? 1 : 0;
            }
        }
    }
    var ceiling = rows / clock.Elapsed.TotalSeconds;
    Console.WriteLine(Invariant($"  CsvHelper alone:           {clock.Elapsed.TotalSeconds,6:0.00} s  {ceiling,9:N0} rows/s"));

    var dbPath = Path.Combine(work, "bench.db");
    await using var db = BlueprintDbFactory.Create(DatabaseOptions.Sqlite, $"Data Source={dbPath}");
    await DatabaseSetup.MigrateAndSeedReferenceDataAsync(db, areas, vocabularies);
    // Reading, normalising and validating without storing (a dry run): where the time goes.
    clock.Restart();
    var dry = await new SurveyImporter(db, areas, vocabularies, root)
        .ImportAsync(path, new ImportOptions { ImportedBy = "bench", MaxFileBytes = long.MaxValue, DryRun = true });
    Console.WriteLine(Invariant($"  dry run (no staging):      {clock.Elapsed.TotalSeconds,6:0.00} s  {dry.RowsRead / clock.Elapsed.TotalSeconds,9:N0} rows/s"));

    GC.Collect();
    var before = Process.GetCurrentProcess().PeakWorkingSet64;
    clock.Restart();
    var report = await new SurveyImporter(db, areas, vocabularies, root).ImportAsync(path, new ImportOptions { ImportedBy = "bench", MaxFileBytes = long.MaxValue });
    var seconds = clock.Elapsed.TotalSeconds;
    if (!report.Processed)
    {
        Console.WriteLine($"Import failed: {report.Error}");
        return 1;
    }
    var peak = Process.GetCurrentProcess().PeakWorkingSet64;
    Console.WriteLine(Invariant($"  import with staging:       {seconds,6:0.00} s  {report.RowsRead / seconds,9:N0} rows/s  ({report.Accepted:N0} accepted, {report.NotForPublication:N0} not for publication, {report.Rejected:N0} rejected, {report.Duplicates:N0} duplicates)"));
    Console.WriteLine(Invariant($"  peak working set:          {peak / 1048576.0:0} MB (before the import: {before / 1048576.0:0} MB); GC heap now {GC.GetTotalMemory(false) / 1048576.0:0} MB"));
    Console.WriteLine(Invariant($"  database:                  {new FileInfo(dbPath).Length / 1048576.0:0} MB"));
    return 0;
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(work, true);
}
