using Microsoft.Win32.SafeHandles;

namespace Blueprint.Ingest.Staging;

/// <summary>
/// Starts the disk writes of a large transaction's write-ahead log while the rows are still being staged, so that
/// the commit's own sync finds little left to write. SQLite syncs the log only when the transaction commits; an
/// import appends hundreds of megabytes to it first, and that sync then waited for all of them at once (about a
/// second, with both cores idle). This syncs the log file from a thread of its own each time it has grown by
/// <see cref="StepBytes"/>: only earlier, never instead: SQLite's syncs, its locks (which are on the database and
/// shared-memory files, never on the log, so opening and closing the log here releases none) and what a crash
/// leaves are as before. See docs/decisions/0057.
/// </summary>
internal sealed class WalWriteback : IAsyncDisposable
{
    /// <summary>How much the log grows between two syncs.</summary>
    public const long StepBytes = 8L << 20;

    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(20);

    private readonly FileStream log;
    private readonly ManualResetEventSlim stop = new();
    private readonly Thread thread;

    private WalWriteback(FileStream log)
    {
        this.log = log;
        // A thread of its own, not the pool's: a sync blocks it for as long as the disk takes.
        thread = new Thread(Run) { IsBackground = true, Name = "Blueprint WAL writeback" };
        thread.Start();
    }

    /// <summary>Starts for the database file's log; null when there is none (another journal mode, an in-memory database).</summary>
    public static WalWriteback? Start(string? databaseFile)
    {
        if (string.IsNullOrEmpty(databaseFile) || !File.Exists(databaseFile + "-wal"))
        {
            return null;
        }
        SafeFileHandle handle;
        try
        {
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
        return new WalWriteback(new FileStream(handle, FileAccess.Write, bufferSize: 0));
    }

    private void Run()
    {
        var synced = log.Length;
        try
        {
            while (!stop.Wait(Every))
            {
                var length = log.Length;
                if (length - synced >= StepBytes)
                {
                    log.Flush(flushToDisk: true);
                    synced = length;
                }
                else if (length < synced)
                {
                    // The log was restarted from its beginning (after a checkpoint).
                    synced = length;
                }
            }
        }
        catch (IOException)
        {
            // A sync that fails here changes nothing: SQLite's own sync at the commit decides.
        }
    }

    public async ValueTask DisposeAsync()
    {
        stop.Set();
        thread.Join();
        await log.DisposeAsync();
        stop.Dispose();
    }
}
