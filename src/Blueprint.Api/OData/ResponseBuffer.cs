using System.Buffers;

namespace Blueprint.Api.OData;

/// <summary>
/// Holds an OData response in memory until it is complete, so that a query failing while it is
/// serialised (the library evaluates next links, counts, expanded collections and in-memory results as
/// it writes) becomes a 4xx with a proper error body instead of a 200 cut off mid-stream: nothing reaches
/// the client before the last byte is known. Chosen over materialising every lazy part before
/// serialising because the library decides what is lazy, version by version; buffering covers all of it.
/// Bounded: past <see cref="Limit"/> bytes the buffer is sent and the rest streams (a response that
/// large is already beyond the page and size limits; it is not worth holding in memory).
/// Pooled 64 KB chunks, so a large response does not allocate large-object-heap arrays.
/// </summary>
public sealed class ResponseBuffer(Stream client, int limit) : Stream
{
    /// <summary>The most an OData response is held back: far above a full page with a depth-3 $expand (about 5 MB).</summary>
    public const int Limit = 16 * 1024 * 1024;

    private const int ChunkSize = 64 * 1024;
    private readonly List<byte[]> chunks = [];
    private int lastUsed = ChunkSize;
    private long buffered;

    /// <summary>True once the bound was passed and the response went on to the client.</summary>
    public bool Streaming { get; private set; }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <summary>The server refuses synchronous writes to the client anyway: these are only ever held.</summary>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (Streaming)
        {
            throw new InvalidOperationException("Synchronous writes to the client are not allowed.");
        }
        Append(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!Streaming && buffered + buffer.Length > limit)
        {
            Streaming = true;
            await DrainAsync(cancellationToken);
        }
        if (Streaming)
        {
            await client.WriteAsync(buffer, cancellationToken);
            return;
        }
        Append(buffer.Span);
    }

    /// <summary>Flushes are held back with the data: a flush must not start the response early.</summary>
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        Streaming ? client.FlushAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>Sends what is held (with its Content-Length, when the whole response was held) to the client.</summary>
    public async Task CompleteAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        if (!Streaming && !response.HasStarted && response.ContentLength is null)
        {
            response.ContentLength = buffered;
        }
        await DrainAsync(cancellationToken);
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (lastUsed == ChunkSize)
            {
                chunks.Add(ArrayPool<byte>.Shared.Rent(ChunkSize));
                lastUsed = 0;
            }
            var n = Math.Min(data.Length, ChunkSize - lastUsed);
            data[..n].CopyTo(chunks[^1].AsSpan(lastUsed));
            lastUsed += n;
            buffered += n;
            data = data[n..];
        }
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < chunks.Count; i++)
        {
            var used = i == chunks.Count - 1 ? lastUsed : ChunkSize;
            await client.WriteAsync(chunks[i].AsMemory(0, used), cancellationToken);
        }
        Release();
    }

    private void Release()
    {
        foreach (var chunk in chunks)
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        chunks.Clear();
        lastUsed = ChunkSize;
        buffered = 0;
    }

    protected override void Dispose(bool disposing)
    {
        Release();
        base.Dispose(disposing);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
