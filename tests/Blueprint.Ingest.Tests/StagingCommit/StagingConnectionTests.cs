using System.Globalization;
using System.Text;
using Blueprint.Ingest.Profiles;
using Blueprint.Ingest.Sample;
using Blueprint.Ingest.Staging;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Ingest.Tests.StagingCommit;

/// <summary>
/// Decision 0057: while an import stages rows into SQLite it enlarges the connection's page cache and syncs the write-ahead
/// log from a thread of its own. Neither may outlast the import: a server's connection is pooled and lives on.
/// </summary>
public class StagingConnectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(-2000)]     // SQLite's default: 2,000 KiB
    [InlineData(-100000)]   // set larger by someone else: not made smaller
    public async Task An_import_leaves_the_connection_s_page_cache_as_it_found_it(int before)
    {
        await using var t = await TestDb.CreateAsync();
        var file = t.WriteFile("cache.csv", Csv.MsFormsFile(Csv.Row(), Csv.Row(name: "Second Programme")));
        await using var db = t.Open();
        await db.Database.OpenConnectionAsync(Ct);
        await db.Database.ExecuteSqlRawAsync(FormattableString.Invariant($"PRAGMA cache_size = {before}"), Ct);

        var report = await new SurveyImporter(db, TestDb.Areas, TestDb.Vocabularies, TestDb.Root).ImportAsync(file, new ImportOptions { ImportedBy = "test" }, Ct);

        Assert.Null(report.Error);
        Assert.Equal(2, report.Accepted);
        Assert.Equal(before, await CacheSizeAsync(db));
    }

    [Fact]
    public async Task A_large_import_is_staged_whole_and_lets_go_of_the_log_file()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "Open files are counted through /proc.");
        await using var t = await TestDb.CreateAsync();
        // About 10 MB through the write-ahead log: more than one step of its early sync.
        var path = Path.Combine(t.Folder, "large.csv");
        using (var w = new StreamWriter(path, false, new UTF8Encoding(true)))
        {
            SampleSurvey.WriteMsForms(w, new ProfileCatalog(TestDb.Root).Get("msforms-2023"), 4_000, mess: false);
        }
        var log = Path.Combine(t.Folder, "test.db-wal");

        var report = await t.ImportAsync(path);

        Assert.Null(report.Error);
        Assert.Equal(4_000, report.RowsRead);
        await using (var db = t.Open())
        {
            Assert.Equal(4_000, await db.SurveyResponses.CountAsync(r => r.ImportId == report.ImportId, Ct));
        }
        // The test database is not pooled: with its connections closed, nothing in this process holds the log open.
        Assert.Equal(0, OpenHandlesOn(log));
    }

    private static async Task<int> CacheSizeAsync(Data.BlueprintDb db)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA cache_size";
        return Convert.ToInt32(await command.ExecuteScalarAsync(Ct), CultureInfo.InvariantCulture);
    }

    private static int OpenHandlesOn(string file)
    {
        var count = 0;
        foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget == file)
                {
                    count++;
                }
            }
            catch (IOException)
            {
                // Closed while we looked.
            }
        }
        return count;
    }
}
