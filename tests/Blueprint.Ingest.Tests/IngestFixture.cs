using System.Text;
using Blueprint.Data;
using Blueprint.Data.Geography;
using Blueprint.Data.Persistence;
using Blueprint.Data.Vocabularies;
using Blueprint.Ingest.Commands;
using Blueprint.Ingest.Staging;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Ingest.Tests;

/// <summary>A migrated SQLite database (a file in a temp folder, so WAL and transactions behave as in production) and the reference data.</summary>
public sealed class TestDb : IAsyncDisposable
{
    public static readonly string Root = DataFiles.FindRoot(AppContext.BaseDirectory) ?? throw new DirectoryNotFoundException("data/");
    public static readonly AreaCatalog Areas = AreaCatalog.Load(Path.Combine(Root, "data", "areas.json"));
    public static readonly VocabularyCatalog Vocabularies = VocabularyCatalog.Load(Path.Combine(Root, "data", "vocabularies.json"));

    private readonly string folder = Directory.CreateTempSubdirectory("blueprint-ingest-").FullName;

    private TestDb() => ConnectionString = $"Data Source={Path.Combine(folder, "test.db")};Pooling=False";

    /// <summary>The round every test database has open today.</summary>
    public const string OpenRound = "Test round";

    public string ConnectionString { get; }
    public string Folder => folder;

    public static async Task<TestDb> CreateAsync()
    {
        var t = new TestDb();
        await using var db = t.Open();
        await DatabaseSetup.MigrateAndSeedReferenceDataAsync(db, Areas, Vocabularies);
        // Imports need a round: one open today, as a running survey would have.
        db.SurveyRounds.Add(new Data.Survey.SurveyRound { Name = OpenRound, Tool = "test", OpensOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-30), ClosesOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30) });
        await db.SaveChangesAsync();
        return t;
    }

    public BlueprintDb Open() => BlueprintDbFactory.Create(DatabaseOptions.Sqlite, ConnectionString);

    public string WriteFile(string name, string text, Encoding? encoding = null)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text, encoding ?? new UTF8Encoding(false));
        return path;
    }

    public string WriteBytes(string name, byte[] bytes)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public async Task<ImportReport> ImportAsync(string path, string? profile = null, bool dryRun = false, Action<RowReport>? onRow = null, long maxBytes = ImportOptions.DefaultMaxFileBytes)
    {
        await using var db = Open();
        return await new SurveyImporter(db, Areas, Vocabularies, Root).ImportAsync(path, new ImportOptions
        {
            Profile = profile, DryRun = dryRun, ImportedBy = "test", OnRow = onRow, MaxFileBytes = maxBytes,
        }, TestContext.Current.CancellationToken);
    }

    public async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        await using var db = Open();
        var output = new StringWriter();
        var code = await IngestCommands.RunAsync(args, new IngestContext(db, Areas, Vocabularies, Root, output) { User = "test" }, TestContext.Current.CancellationToken);
        return (code, output.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        await Task.Yield();
        try
        {
            Directory.Delete(folder, true);
        }
        catch (IOException)
        {
        }
    }
}
