using System.Net;
using System.Text.Json;
using Blueprint.Api.Tests.Hosting;
using Blueprint.Data;
using Blueprint.Data.Directory;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blueprint.Api.Tests.Operations;

/// <summary>
/// The restore drill: back up the SQLite database with the real <c>backup</c> command while a server writes to it,
/// restore the copy with <c>restore</c>, start a server on it, and find the directory as it was at one moment.
/// </summary>
[Collection(BuiltHost.Collection)]
public sealed class BackupDrillTests(BlueprintApp app) : IClassFixture<BlueprintApp>
{
    [Fact]
    public async Task A_backup_taken_while_the_server_writes_restores_to_a_consistent_directory_a_server_starts_on()
    {
        using var folder = new BuiltHost();
        var backup = Path.Combine(folder.Root, "backups", "blueprint-backup.db");
        Directory.CreateDirectory(Path.GetDirectoryName(backup)!);
        await using var live = new OwnDatabase(app);
        _ = live.Host.Server; // migrated, reference data loaded
        var (organisationsBefore, versionBefore) = Counts(live);

        // A writer adds one organisation per transaction; each SaveChanges also moves the data version by one.
        using var stop = new CancellationTokenSource();
        var written = 0;
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var scope = live.Host.Services.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
                db.Organisations.Add(new Organisation { Name = $"Drill organisation {written + 1}", Type = "specialist-third-sector" });
                await db.SaveChangesAsync();
                Interlocked.Increment(ref written);
            }
        });
        while (Volatile.Read(ref written) < 20 && !writer.IsCompleted)
        {
            await Task.Delay(20);
        }
        var before = Volatile.Read(ref written);
        var result = await folder.RunAsync(["backup", backup], Live(live.Path));
        var during = Volatile.Read(ref written);
        await Task.Delay(200);
        await stop.CancelAsync();
        await writer;

        Assert.True(result.ExitCode == 0, result.Output + result.Errors);
        Assert.Contains("integrity ok", result.Output);
        Assert.True(during > before, "the server kept writing while the backup ran");
        Assert.True(Volatile.Read(ref written) > during, "and after it");
        using (var copy = new SqliteConnection($"Data Source={backup};Mode=ReadOnly;Pooling=False"))
        {
            copy.Open();
            Assert.Equal("ok", Scalar(copy, "PRAGMA integrity_check"));
            var organisations = Convert.ToInt64(Scalar(copy, "SELECT COUNT(*) FROM Organisations"));
            var version = Convert.ToInt64(Scalar(copy, "SELECT Value FROM DataVersion"));
            var drill = organisations - organisationsBefore;
            // One moment: every organisation in the copy came with its own data version step, none without.
            Assert.Equal(versionBefore + drill, version);
            Assert.InRange(drill, (long)before, (long)Volatile.Read(ref written));
        }
        var inBackup = Convert.ToInt64(Summary(backup).Organisations);

        // Restore into the database a new server will use (here a new file), then start it there.
        var restoredPath = Path.Combine(folder.Root, "restored", "blueprint.db");
        var restore = await folder.RunAsync(["restore", backup], Live(restoredPath));
        Assert.True(restore.ExitCode == 0, restore.Output + restore.Errors);
        using var server = await folder.StartServerAsync(environment: Live(restoredPath));
        using var client = server.Client();

        var ready = await client.GetAsync("/health/ready");
        var count = JsonDocument.Parse(await client.GetStringAsync("/odata/Organisations?$count=true&$top=1&$select=Id")).RootElement;
        var last = JsonDocument.Parse(await client.GetStringAsync("/odata/Organisations?$orderby=Id desc&$top=1&$select=Name")).RootElement;

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(inBackup, count.GetProperty("@odata.count").GetInt64());
        Assert.Equal($"Drill organisation {inBackup - organisationsBefore}", last.GetProperty("value")[0].GetProperty("Name").GetString());
    }

    [Fact]
    public async Task Backup_refuses_sql_server_and_an_existing_file_and_help_lists_backup_and_restore()
    {
        using var folder = new BuiltHost();
        var existing = Path.Combine(folder.Root, "data", "areas.json");
        var original = await File.ReadAllTextAsync(existing);

        var sqlServer = await folder.RunAsync(["backup", Path.Combine(folder.Root, "copy.db")], new()
        {
            ["Database__Provider"] = "SqlServer",
            ["ConnectionStrings__Blueprint"] = "Server=127.0.0.1,1;Database=Blueprint;User Id=x;Password=y;TrustServerCertificate=True",
        });
        var overwrite = await folder.RunAsync(["backup", existing], Live(Path.Combine(folder.Root, "live.db")));
        var help = await folder.RunAsync(["help"]);

        Assert.Equal(1, sqlServer.ExitCode);
        Assert.Contains("platform's backups", sqlServer.Errors);
        Assert.Equal(1, overwrite.ExitCode);
        Assert.Contains("already exists", overwrite.Errors);
        Assert.Equal(original, await File.ReadAllTextAsync(existing));
        Assert.Contains("  backup ", help.Output);
        Assert.Contains("  restore ", help.Output);
    }

    private static Dictionary<string, string> Live(string path) => new() { ["ConnectionStrings__Blueprint"] = $"Data Source={path}" };

    private static Blueprint.Api.Operations.BackupSummary Summary(string path) => Blueprint.Api.Operations.SqliteBackup.Summarise(path);

    private static (long Organisations, long Version) Counts(OwnDatabase live)
    {
        using var scope = live.Host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BlueprintDb>();
        return (db.Organisations.LongCount(), db.DataVersions.Single().Value);
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
