using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Blueprint.Bench.Ingest;

/// <summary>
/// The product's own command line (<c>Blueprint.Api.dll</c>), run as a survey officer runs it: <c>migrate</c> to
/// create and seed a fresh database, then <c>import FILE</c>. The host is either the build output beside this
/// benchmark or a published copy (compiled ahead of time, ReadyToRun, as the container image runs it).
/// </summary>
public sealed partial class CommandLine(string root, string dll)
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    /// <summary>The build output of the host, built beside this benchmark.</summary>
    public static string Built(string root) => Path.Combine(root, "src", "Blueprint.Api", "bin", Configuration, "net10.0", "Blueprint.Api.dll");

    /// <summary>Publishes the host (ReadyToRun, as its project says) into <paramref name="folder"/>: the deployed form.</summary>
    public static string Publish(string root, string folder)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root };
        foreach (var a in new[] { "publish", Path.Combine("src", "Blueprint.Api"), "-c", "Release", "-o", folder, "--nologo", "-v", "q" })
        {
            start.ArgumentList.Add(a);
        }
        Phases.Watch(start);
        return Path.Combine(folder, "Blueprint.Api.dll");
    }

    /// <param name="besideServer">
    /// Keep a connection of this program open on the database while the import runs, as a running server does: the import
    /// then keeps SQLite's write-ahead log (decision 0065), which is how the imports page's uploads are staged.
    /// </param>
    public PhaseResult Import(string file, string database, bool dryRun, bool besideServer = false)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Build the API first ({dll} is missing).");
        }
        Run(database, "migrate");
        using var server = besideServer ? new SqliteConnection($"Data Source={database};Pooling=False") : null;
        if (server is not null)
        {
            server.Open();
            using var read = server.CreateCommand();
            read.CommandText = "SELECT count(*) FROM SurveyImports";
            read.ExecuteScalar();
        }
        var (output, peak) = Run(database, dryRun ? ["import", file, "--dry-run"] : ["import", file]);
        // "survey.csv (utf-8-bom): 200,000 rows read" … "  3.41 s"
        var rows = long.Parse(RowsRead().Match(output).Groups[1].Value.Replace(",", ""), CultureInfo.InvariantCulture);
        var seconds = double.Parse(Seconds().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var outcome = string.Join(", ", Outcome().Matches(output).Select(m => $"{m.Groups[2].Value.Trim()} {m.Groups[1].Value.Trim()}"));
        return new PhaseResult(rows, seconds, peak, outcome);
    }

    private (string Output, double PeakMb) Run(string database, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root };
        start.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["ConnectionStrings__Blueprint"] = $"Data Source={database}";
        start.Environment["Imports__MaxFileBytes"] = "2000000000";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        return Phases.Watch(start);
    }

    [GeneratedRegex(@"([\d,]+) rows read")]
    private static partial Regex RowsRead();

    [GeneratedRegex(@"^\s+([\d.]+) s\s*$", RegexOptions.Multiline)]
    private static partial Regex Seconds();

    [GeneratedRegex(@"^\s{2}(accepted|not for publication|rejected|duplicates)\s+([\d,]+)\s*$", RegexOptions.Multiline)]
    private static partial Regex Outcome();
}
