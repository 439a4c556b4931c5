using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Blueprint.Api.Operations;

/// <summary>What a copy of the database holds, as printed by <c>backup</c> and <c>restore</c>.</summary>
public sealed record BackupSummary(string Path, long Bytes, long Organisations, long Interventions, long DataVersion);

/// <summary>
/// Copies of the SQLite database through SQLite's online backup API (docs/decisions/0038): one read transaction over the
/// whole copy, so it is the database as of one moment, whatever a running server writes meanwhile (WAL lets writers go on).
/// </summary>
public static class SqliteBackup
{
    /// <summary>Copies the live database to a new file (written beside it as FILE.partial, then renamed) and checks the copy.</summary>
    public static BackupSummary Backup(string liveConnectionString, string target)
    {
        if (File.Exists(target))
        {
            throw new IOException($"{target} already exists: name a new file.");
        }
        var partial = target + ".partial";
        File.Delete(partial);
        using (var live = Open(liveConnectionString, SqliteOpenMode.ReadWrite))
        using (var copy = Open(partial, SqliteOpenMode.ReadWriteCreate))
        {
            live.BackupDatabase(copy);
            Check(copy, partial);
        }
        File.Move(partial, target);
        return Summarise(target);
    }

    /// <summary>
    /// Writes a backup over the live database, through the same API (SQLite's locks refuse it while another process is
    /// writing), after checking the backup. The data version is moved past both copies' values, so any server still
    /// running drops what it cached.
    /// </summary>
    public static BackupSummary Restore(string backup, string liveConnectionString)
    {
        if (!File.Exists(backup))
        {
            throw new FileNotFoundException($"There is no backup file {backup}.", backup);
        }
        using var source = Open(backup, SqliteOpenMode.ReadOnly);
        Check(source, backup);
        using var live = Open(liveConnectionString, SqliteOpenMode.ReadWriteCreate);
        var before = Scalar(live, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'DataVersion'") > 0 ? Scalar(live, "SELECT MAX(Value) FROM DataVersion") : 0;
        var restored = Scalar(source, "SELECT MAX(Value) FROM DataVersion");
        source.BackupDatabase(live);
        using (var bump = live.CreateCommand())
        {
            bump.CommandText = "UPDATE DataVersion SET Value = $value, ChangedAt = $at";
            bump.Parameters.AddWithValue("$value", Math.Max(before, restored) + 1);
            bump.Parameters.AddWithValue("$at", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture));
            bump.ExecuteNonQuery();
        }
        Check(live, live.DataSource);
        return Summarise(live);
    }

    /// <summary>The integrity check and the counts of a database file.</summary>
    public static BackupSummary Summarise(string path)
    {
        using var connection = Open(path, SqliteOpenMode.ReadOnly);
        return Summarise(connection);
    }

    private static BackupSummary Summarise(SqliteConnection connection) => new(
        connection.DataSource, new FileInfo(connection.DataSource).Length,
        Scalar(connection, "SELECT COUNT(*) FROM Organisations"), Scalar(connection, "SELECT COUNT(*) FROM Interventions"),
        Scalar(connection, "SELECT MAX(Value) FROM DataVersion"));

    private static void Check(SqliteConnection connection, string path)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        var result = command.ExecuteScalar() as string;
        if (result != "ok")
        {
            throw new InvalidDataException($"{path} fails SQLite's integrity check: {result}");
        }
        if (Scalar(connection, "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('__EFMigrationsHistory', 'DataVersion', 'Interventions')") != 3)
        {
            throw new InvalidDataException($"{path} is not a Blueprint database.");
        }
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L, CultureInfo.InvariantCulture);
    }

    private static SqliteConnection Open(string fileOrConnectionString, SqliteOpenMode mode)
    {
        var builder = fileOrConnectionString.Contains('=', StringComparison.Ordinal)
            ? new SqliteConnectionStringBuilder(fileOrConnectionString)
            : new SqliteConnectionStringBuilder { DataSource = fileOrConnectionString };
        builder.Mode = mode;
        builder.Pooling = false;
        builder.DefaultTimeout = 30;
        var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using var wait = connection.CreateCommand();
        wait.CommandText = "PRAGMA busy_timeout = 10000";
        wait.ExecuteNonQuery();
        return connection;
    }
}
