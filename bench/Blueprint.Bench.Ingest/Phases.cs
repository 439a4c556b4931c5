using System.Diagnostics;
using System.Globalization;
using Blueprint.Data.Geography;
using Blueprint.Data.Persistence;
using Blueprint.Data.Vocabularies;
using Blueprint.Ingest.Staging;
using CsvHelper;
using static System.FormattableString;

namespace Blueprint.Bench.Ingest;

/// <summary>One phase's figures: rows, seconds on the phase's own clock, the process's peak resident memory.</summary>
public sealed record PhaseResult(long Rows, double Seconds, double PeakMb, string Detail)
{
    public override string ToString() => Invariant($"result {Rows} {Seconds:R} {Detail}");

    public static PhaseResult Parse(string line, double peakMb)
    {
        var p = line.Split(' ', 4);
        return new PhaseResult(long.Parse(p[1], CultureInfo.InvariantCulture), double.Parse(p[2], CultureInfo.InvariantCulture), peakMb, p.Length > 3 ? p[3].Trim() : "");
    }
}

/// <summary>The phases that run in this program, and the child processes the benchmark watches.</summary>
public static class Phases
{
    /// <summary>CsvHelper reading every cell as a string, nothing else: the ceiling.</summary>
    public static PhaseResult Ceiling(string file)
    {
        var clock = Stopwatch.StartNew();
        long rows = 0, cells = 0;
        using (var csv = CsvReader.FromFile(file, CsvReaderOptions.Default with { Separator = ',' }))
        {
            while (csv.Read())
            {
                rows++;
                for (var i = 0; i < csv.FieldCount; i++)
                {
                    cells += csv.GetString(i).Length > 0 ? 1 : 0;
                }
            }
        }
        return new PhaseResult(rows, clock.Elapsed.TotalSeconds, 0, Invariant($"{cells} cells"));
    }

    /// <summary>Runs a phase of this program in a child process.</summary>
    public static PhaseResult RunSelf(string phase, string file)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!);
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            start.ArgumentList.Add(typeof(Phases).Assembly.Location);
        }
        foreach (var a in new[] { "phase", phase, file })
        {
            start.ArgumentList.Add(a);
        }
        var (output, peak) = Watch(start);
        return PhaseResult.Parse(output.Split('\n').Last(l => l.StartsWith("result ", StringComparison.Ordinal)), peak);
    }

    /// <summary>Starts a process, reads its output, and samples its peak resident memory (VmHWM) every 20 ms.</summary>
    public static (string Output, double PeakMb) Watch(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEndAsync();
        var errors = child.StandardError.ReadToEndAsync();
        long peakKb = 0;
        var status = $"/proc/{child.Id}/status";
        while (!child.HasExited)
        {
            try
            {
                foreach (var line in File.ReadLines(status))
                {
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    {
                        peakKb = Math.Max(peakKb, long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture));
                    }
                }
            }
            catch (IOException)
            {
                // It has just exited.
            }
            Thread.Sleep(20);
        }
        child.WaitForExit();
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"{start.FileName} {string.Join(' ', start.ArgumentList)} failed ({child.ExitCode}): {output.Result}{errors.Result}");
        }
        return (output.Result, peakKb / 1024.0);
    }

    /// <summary>One import into the given SQLite file, printing progress (the kill test kills it part-way).</summary>
    public static async Task<int> ImportForKillTestAsync(string root, string targetPath, string file)
    {
        var areas = AreaCatalog.Load(Path.Combine(root, "data", "areas.json"));
        var vocabularies = VocabularyCatalog.Load(Path.Combine(root, "data", "vocabularies.json"));
        await using var target = BlueprintDbFactory.Create(DatabaseOptions.Sqlite, $"Data Source={targetPath}");
        await DatabaseSetup.MigrateAndSeedReferenceDataAsync(target, areas, vocabularies);
        var result = await new SurveyImporter(target, areas, vocabularies, root).ImportAsync(file, new ImportOptions
        {
            ImportedBy = "bench",
            MaxFileBytes = long.MaxValue,
            Progress = new Progress<ImportProgress>(p => Console.WriteLine(Invariant($"progress {p.Rows}"))),
            // As the command line imports (decision 0065): a kill mid-import leaves a rollback journal behind.
            RollbackJournalWhenAlone = true,
        });
        Console.WriteLine(Invariant($"done {result.ImportId} {result.RowsRead} {result.Error}"));
        return result.Processed ? 0 : 1;
    }
}
