using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Blueprint.Ingest.Staging;

/// <summary>
/// Starts the disk writes of a large transaction while it is written, so that SQLite's own syncs find little left.
/// An import appends hundreds of megabytes to the write-ahead log, which SQLite syncs only at the commit; the commit's
/// checkpoint then copies them into the database file, which it syncs only at the end. Each sync waited for all of it
/// at once. From a thread of its own, this syncs the log each time it has grown by <see cref="StepBytes"/> while rows
/// are staged, and, once the commit starts, the file system each time the database file has grown by as much. Under a
/// rollback journal (decision 0065) the rows go straight into the database file, which is then watched from the start.
/// Only earlier, never instead: SQLite's syncs and what a crash leaves are as before. It never opens or closes the
/// database file: closing any handle on a file drops every POSIX lock the process holds on it, SQLite's included
/// (hence the file system's sync, through the log's or the journal's handle, rather than the database file's own).
/// See docs/decisions/0057.
/// </summary>
internal sealed class EarlyWriteback : IAsyncDisposable
{
    /// <summary>How much a file grows between two syncs.</summary>
    public const long StepBytes = 8L << 20;

    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(20);

    private readonly FileStream log;
    private readonly string database;
    private readonly ManualResetEventSlim stop = new();
    private readonly Thread thread;
    private volatile bool committing;

    private EarlyWriteback(FileStream log, string database, bool committing)
    {
        this.log = log;
        this.database = database;
        this.committing = committing;
        // A thread of its own, not the pool's: a sync blocks it for as long as the disk takes.
        thread = new Thread(Run) { IsBackground = true, Name = "Blueprint early writeback" };
        thread.Start();
    }

    /// <summary>
    /// Starts for the database file's log; under a rollback journal (decision 0065), where the rows go straight into the
    /// database file, for that file from the start. Null when there is neither (an in-memory database).
    /// </summary>
    public static EarlyWriteback? Start(string? databaseFile)
    {
        if (string.IsNullOrEmpty(databaseFile))
        {
            return null;
        }
        // The log or the journal, never the database file: SQLite locks the database and shared-memory files only, so
        // opening and closing a handle on either releases none of its locks.
        var rollback = !File.Exists(databaseFile + "-wal");
        var beside = databaseFile + (rollback ? "-journal" : "-wal");
        if (!File.Exists(beside))
        {
            return null;
        }
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(beside, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        return new EarlyWriteback(new FileStream(handle, FileAccess.Write, bufferSize: 0), databaseFile, committing: rollback);
    }

    /// <summary>Every row is written: from now on the commit's checkpoint fills the database file.</summary>
    public void CommitStarting() => committing = true;

    private void Run()
    {
        var logSynced = log.Length;
        var databaseSynced = -1L;
        try
        {
            while (!stop.Wait(Every))
            {
                if (!committing)
                {
                    var length = log.Length;
                    if (length - logSynced >= StepBytes)
                    {
                        log.Flush(flushToDisk: true);
                        logSynced = length;
                    }
                    else if (length < logSynced)
                    {
                        // The log was restarted from its beginning (after a checkpoint).
                        logSynced = length;
                    }
                    continue;
                }
                // The database file's size, read without opening it.
                var size = new FileInfo(database).Length;
                if (databaseSynced < 0 || size < databaseSynced)
                {
                    databaseSynced = size;
                }
                else if (size - databaseSynced >= StepBytes)
                {
                    SyncFileSystem();
                    databaseSynced = size;
                }
            }
        }
        catch (IOException)
        {
            // A sync that fails here changes nothing: SQLite's own syncs decide.
        }
    }

    /// <summary>Linux's syncfs on the file system that holds the log (and the database file beside it); elsewhere nothing.</summary>
    private void SyncFileSystem()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        var handle = log.SafeFileHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            _ = SyncFs((int)handle.DangerousGetHandle());
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    // A plain import: an int in, an int out, nothing to marshal (a generated one would need unsafe code in this project).
    [DllImport("libc", EntryPoint = "syncfs")]
    private static extern int SyncFs(int fd);

    public async ValueTask DisposeAsync()
    {
        stop.Set();
        thread.Join();
        await log.DisposeAsync();
        stop.Dispose();
    }
}
