using Blueprint.Data;
using Blueprint.Data.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Blueprint.Api.Operations;

/// <summary>The <c>backup FILE</c> and <c>restore FILE</c> commands (docs/decisions/0038).</summary>
public static class BackupCli
{
    public const string BackupUsage = "backup FILE";
    public const string RestoreUsage = "restore FILE";

    public static Task<int> BackupAsync(IHost host, string[] args)
    {
        var target = Path.GetFullPath(OneFile(args, "backup"));
        if (LiveSqlite(host, "backup") is not { } live)
        {
            return Task.FromResult(1);
        }
        if (Attempt("backup", () => SqliteBackup.Backup(live, target)) is not { } copy)
        {
            return Task.FromResult(1);
        }
        Console.WriteLine($"Backed up to {copy.Path}: {copy.Bytes:N0} bytes, integrity ok, {copy.Organisations} organisations, "
            + $"{copy.Interventions} interventions, data version {copy.DataVersion}.");
        return Task.FromResult(0);
    }

    public static Task<int> RestoreAsync(IHost host, string[] args)
    {
        var backup = Path.GetFullPath(OneFile(args, "restore"));
        if (LiveSqlite(host, "restore") is not { } live)
        {
            return Task.FromResult(1);
        }
        if (Attempt("restore", () => SqliteBackup.Restore(backup, live)) is not { } restored)
        {
            return Task.FromResult(1);
        }
        Console.WriteLine($"Restored {backup} into {restored.Path}: integrity ok, {restored.Organisations} organisations, "
            + $"{restored.Interventions} interventions. Start the server (it applies any newer migrations).");
        return Task.FromResult(0);
    }

    /// <summary>Runs the copy; a file that cannot be used, or SQLite's refusal (the database busy, a page size it cannot change), is one line.</summary>
    private static BackupSummary? Attempt(string command, Func<BackupSummary> copy)
    {
        try
        {
            return copy();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or Microsoft.Data.Sqlite.SqliteException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{command}: {e.Message.ReplaceLineEndings(" ")}");
            return null;
        }
    }

    private static string OneFile(string[] args, string command) => args is [var file] && !file.StartsWith('-')
        ? file
        : throw new ArgumentException($"{command} takes one file name.");

    /// <summary>The configured SQLite database's connection string, or null (with the reason on standard error) on SQL Server.</summary>
    private static string? LiveSqlite(IHost host, string command)
    {
        if (host.Services.GetRequiredService<DatabaseOptions>().Provider == DatabaseOptions.SqlServer)
        {
            Console.Error.WriteLine($"{command}: the database is SQL Server; use the platform's backups (Azure SQL: automatic backups and "
                + "point-in-time restore; SQL Server: BACKUP DATABASE / RESTORE DATABASE). See docs/deploying.md.");
            return null;
        }
        using var scope = host.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<BlueprintDb>().Database.GetConnectionString();
    }
}
