using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Blueprint.Ingest.Staging;

/// <summary>
/// Starts the disk writes of a large transaction while it is written, so that SQLite's own syncs find little left.
/// An import appends hundreds of megabytes to the write-ahead log, which SQLite syncs only at the commit; the commit's
/// checkpoint then copies them into the database file, which it syncs only at the end. Each sync waited for all of it
/// at once. From a thread of its own, this syncs the log each time it has grown by <see cref="StepBytes"/> while rows
/// are staged, and, once the commit starts, the file system each time the database file has grown by as much.
/// Only earlier, never instead: SQLite's syncs and what a crash leaves are as before. It never opens or closes the
/// database file: closing any handle on a file drops every POSIX lock the process holds on it, SQLite's included
/// (hence the file system's sync, through the log's handle, rather than the database file's own). See docs/decisions/0057.
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

    private EarlyWriteback(FileStream log, string database)
    {
        this.log = log;
        this.database = database;
        // A thread of its own, not the pool's: a sync blocks it for as long as the disk takes.
        thread = new Thread(Run) { IsBackground = true, Name = "Blueprint early writeback" };
        thread.Start();
    }

    /// <summary>Starts for the database file's log; null when there is none (another journal mode, an in-memory database).</summary>
    public static EarlyWriteback? Start(string? databaseFile)
    {
        if (string.IsNullOrEmpty(databaseFile) || !File.Exists(databaseFile + "-wal"))
        {
            return null;
        }
        SafeFileHandle handle;
        try
        {
            // The log, never the database file: SQLite locks the database and shared-memory files, so opening and
            // closing a handle on the log releases none of its locks.
            handle = File.OpenHandle(databaseFile + "-wal", FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        return new EarlyWriteback(new FileStream(handle, FileAccess.Write, bufferSize: 0), databaseFile);
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
