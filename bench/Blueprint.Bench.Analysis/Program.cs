// All the dashboard's numbers (provision, gaps, access, funding risk) for a live directory of N interventions
// and a round of M staged responses, each computed the way the API computes them (one read, then C#),
// timed five times; beside it a plain SQL COUNT … GROUP BY over the same tables in the same run.
//   dotnet run -c Release --project bench/Blueprint.Bench.Analysis [-- --interventions 20000 --responses 50000]
using System.Diagnostics;
using System.Text.Json;
using Blueprint.Api.Analysis;
using Blueprint.Data;
using Blueprint.Data.Analysis;
using Blueprint.Data.Geography;
using Blueprint.Data.Persistence;
using Blueprint.Data.Sample;
using Blueprint.Data.Survey;
using Blueprint.Data.Vocabularies;
using Blueprint.Ingest.Normalising;
using Microsoft.EntityFrameworkCore;

var interventions = Arg("--interventions", 20_000);
var responses = Arg("--responses", 50_000);
var root = DataFiles.DefaultRoot();
var work = Directory.CreateTempSubdirectory("blueprint-bench-analysis-").FullName;
var connection = $"Data Source={Path.Combine(work, "bench.db")}";
try
{
    var areas = AreaCatalog.Load(Path.Combine(root, "data", "areas.json"));
    var vocabularies = VocabularyCatalog.Load(Path.Combine(root, "data", "vocabularies.json"));
    var population = Population.Load(Path.Combine(root, "data", "reference", "population.csv"));
    var locator = new AreaLocator(areas, Boundaries.LoadLocalAuthorities(Path.Combine(root, DataFiles.DefaultBoundaries)));
    var today = new DateOnly(2026, 11, 1);

    Console.WriteLine($"Preparing {interventions:N0} interventions and {responses:N0} staged responses in {work} …");
    await using (var db = BlueprintDbFactory.Create(DatabaseOptions.Sqlite, connection))
    {
        await SqliteFile.PrepareAsync(db);
        await DatabaseSetup.MigrateAndSeedReferenceDataAsync(db, areas, vocabularies);
        var sample = new SampleGenerator(locator).Generate(Math.Max(10, interventions / 9), interventions, today);
        await sample.SeedAsync(db);
        await StageRoundAsync(db, sample, responses);
    }

    var engine = new AnalysisEngine(areas, vocabularies, population);
    var analyses = new List<double>();
    var round = new List<double>();
    var plain = new List<double>();
    int rows = 0, roundRows = 0;
    for (var run = 0; run < 5; run++)
    {
        await using (var db = BlueprintDbFactory.Create(DatabaseOptions.Sqlite, connection))
        {
            var watch = Stopwatch.StartNew();
            rows = await AllNumbersAsync(new AnalysisSource(db), engine, AnalysisSource.LiveDirectory, today);
            analyses.Add(watch.Elapsed.TotalMilliseconds);
        }
        await using (var db = BlueprintDbFactory.Create(DatabaseOptions.Sqlite, connection))
        {
            var watch = Stopwatch.StartNew();
            roundRows = await AllNumbersAsync(new AnalysisSource(db), engine, 1, today);
            round.Add(watch.Elapsed.TotalMilliseconds);
        }
        await using (var db = BlueprintDbFactory.Create(DatabaseOptions.Sqlite, connection))
        {
            var watch = Stopwatch.StartNew();
            await PlainGroupByAsync(db);
            plain.Add(watch.Elapsed.TotalMilliseconds);
        }
    }
    double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
    Console.WriteLine($"cores: {Environment.ProcessorCount}; load average: {LoadAverage()}");
    Console.WriteLine($"live directory, {interventions:N0} interventions, all four analyses ({rows:N0} rows): median {Median(analyses):F0} ms of five [{string.Join(", ", analyses.Select(x => x.ToString("F0")))}]");
    Console.WriteLine($"round of {responses:N0} staged responses, all four analyses ({roundRows:N0} rows): median {Median(round):F0} ms of five [{string.Join(", ", round.Select(x => x.ToString("F0")))}]");
    Console.WriteLine($"plain SQL COUNT … GROUP BY over the same tables: median {Median(plain):F0} ms of five [{string.Join(", ", plain.Select(x => x.ToString("F0")))}]");
    Console.WriteLine($"ratio to plain SQL: live {Median(analyses) / Median(plain):F1}×, round {Median(round) / Median(plain):F1}×");
    Console.WriteLine(Median(analyses) < 1000 && Median(round) < 1000 ? "goal met: each under 1 s (median of five)" : "goal missed: over 1 s");
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(work, recursive: true);
}

static async Task<int> AllNumbersAsync(AnalysisSource source, AnalysisEngine engine, int round, DateOnly today)
{
    // Each analysis once, as the dashboard asks for them; a stopwatch around each phase.
    var watch = Stopwatch.StartNew();
    var items = await source.LoadAsync(round, CancellationToken.None) ?? throw new InvalidOperationException($"no round {round}");
    var load = watch.Elapsed.TotalMilliseconds;
    var provision = engine.Provision(items, round).Count;
    var p = watch.Elapsed.TotalMilliseconds;
    var gaps = engine.Gaps(items, round).Count;
    var g = watch.Elapsed.TotalMilliseconds;
    var access = engine.Access(items, round).Count;
    var a = watch.Elapsed.TotalMilliseconds;
    var funding = engine.Funding(items, round, today).Count;
    var f = watch.Elapsed.TotalMilliseconds;
    Console.WriteLine($"  round {round}: load {load:F0} ms, provision {p - load:F0} ms (with the per-item preparation the others reuse), gaps {g - p:F0} ms, access {a - g:F0} ms, funding {f - a:F0} ms");
    return provision + gaps + access + funding;
}

// The same tables, counted by SQL alone: interventions by area, by status, staged responses by outcome.
static async Task PlainGroupByAsync(BlueprintDb db)
{
    var connection = db.Database.GetDbConnection();
    await connection.OpenAsync();
    foreach (var sql in new[]
    {
        "SELECT ia.AreaCode, COUNT(*) FROM InterventionArea ia JOIN Interventions i ON i.Id = ia.InterventionId WHERE i.Status = 'active' GROUP BY ia.AreaCode",
        "SELECT AllWales, COUNT(*) FROM Interventions WHERE Status = 'active' GROUP BY AllWales",
        "SELECT Outcome, COUNT(*) FROM SurveyResponses WHERE ImportId = 1 GROUP BY Outcome",
    })
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
        }
    }
}

// A published import whose responses are the sample's listings as normalised answers, repeated to the count.
static async Task StageRoundAsync(BlueprintDb db, SampleDirectory sample, int count)
{
    var listings = sample.Organisations.SelectMany(o => o.Interventions).ToList();
    var import = new SurveyImport
    {
        FileName = "bench-round.csv", FileHash = new string('0', 64), Encoding = "utf-8", Profile = "bench", ImportedBy = "bench",
        ImportedAt = DateTime.UtcNow, RowsRead = count, Accepted = count,
    };
    db.SurveyImports.Add(import);
    await db.SaveChangesAsync();
    var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
    for (var start = 0; start < count; start += 5_000)
    {
        for (var n = start; n < Math.Min(count, start + 5_000); n++)
        {
            var s = listings[n % listings.Count];
            var i = s.Intervention;
            var answer = new NormalisedResponse
            {
                OrganisationName = "Bench organisation", InterventionName = i.Name, Description = i.Description,
                Purposes = i.Purposes, Forms = i.Forms, Settings = i.Settings, Stages = i.Stages, AllWales = i.AllWales,
                LocalAuthorities = s.AreaCodes, Gender = i.Gender, AgeBands = i.AgeBands, CohortGroups = i.CohortGroups,
                RiskLevels = i.RiskLevels, ReferralRoutes = i.ReferralRoutes, Format = i.Format, Languages = i.Languages,
                PlacesPerYear = i.PlacesPerYear, WaitingTimeWeeks = i.WaitingTimeWeeks, Accreditations = i.Accreditations,
                FundingSources = i.FundingSources, FundingEnds = i.FundingEnds, FundingStatus = i.FundingStatus, Evaluation = i.Evaluation,
            };
            db.SurveyResponses.Add(new SurveyResponse
            {
                ImportId = import.Id, RowNumber = n + 2, ContentHash = n.ToString("x64"), RawRow = "[]",
                Normalised = JsonSerializer.Serialize(answer, json), Outcome = SurveyOutcomes.Accepted,
                PublishedAt = n == 0 ? DateTime.UtcNow : null,
            });
        }
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
    }
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
}
