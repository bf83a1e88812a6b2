using System.Buffers;
using System.IO.Compression;
using System.Net.WebSockets;

namespace Bot.Discord.Gateway;

/// <summary>
/// <see cref="IGatewayTransport"/> over <see cref="ClientWebSocket"/>. Frames are accumulated until EndOfMessage.
/// With zlib-stream compression, one inflate context lives for the whole connection [GW]. A payload over
/// <c>maxPayloadBytes</c> is read to its end and discarded (a compressed one is still inflated, into nothing, to keep
/// the shared context in step), so memory per connection stays bounded whatever the peer sends.
/// </summary>
public sealed class WebSocketGatewayTransport : IGatewayTransport
{
    /// <summary>See <see cref="GatewayOptions.MaxPayloadBytes"/>.</summary>
    public const int DefaultMaxPayloadBytes = 4 * 1024 * 1024;

    // Discord ends every zlib-stream payload with a Z_SYNC_FLUSH, whose last four bytes are these [GW].
    private static readonly byte[] ZlibSuffix = [0x00, 0x00, 0xFF, 0xFF];

    // Most payloads (heartbeat ACKs, interactions, messages) fit in one 16 KiB read.
    private const int ChunkBytes = 16 * 1024;

    private readonly ClientWebSocket _socket = new();
    private readonly bool _compressed;
    private readonly int _maxPayloadBytes;
    private readonly ArrayBufferWriter<byte> _message = new(ChunkBytes);
    private readonly byte[] _receiveBuffer = new byte[ChunkBytes];
    private readonly byte[] _tail = new byte[4];
    private readonly ZlibFeed? _feed;
    private readonly ZLibStream? _inflater;

    public WebSocketGatewayTransport(bool compressed = false, int maxPayloadBytes = DefaultMaxPayloadBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPayloadBytes, 1);
        _compressed = compressed;
        _maxPayloadBytes = maxPayloadBytes;
        if (compressed)
        {
            _feed = new ZlibFeed();
            _inflater = new ZLibStream(_feed, CompressionMode.Decompress);
        }
    }

    public Task ConnectAsync(Uri uri, CancellationToken cancellationToken = default) =>
        _socket.ConnectAsync(uri, cancellationToken);

    public Task SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
        _socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).AsTask();

    public Task<GatewayFrame> ReceiveAsync(CancellationToken cancellationToken = default) =>
        _compressed ? ReceiveCompressedAsync(cancellationToken) : ReceivePlainAsync(cancellationToken);

    public async Task CloseAsync(int closeCode, CancellationToken cancellationToken = default)
    {
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                // Send our close frame but do not wait for the server's: a zombied server would never answer.
                await _socket.CloseOutputAsync((WebSocketCloseStatus)closeCode, null, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection is already gone; aborting below is all that is left to do.
        }
        finally
        {
            _socket.Abort();
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        _inflater?.Dispose();
        _feed?.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<GatewayFrame> ReceivePlainAsync(CancellationToken cancellationToken)
    {
        _message.ResetWrittenCount();
        long size = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(_receiveBuffer.AsMemory(), cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return GatewayFrame.Closed((int?)_socket.CloseStatus, _socket.CloseStatusDescription);
            }

            size += result.Count;
            if (size <= _maxPayloadBytes)
            {
                _message.Write(_receiveBuffer.AsSpan(0, result.Count));
            }
        }
        while (!result.EndOfMessage);

        return size > _maxPayloadBytes ? GatewayFrame.TooLarge(size) : GatewayFrame.Message(_message.WrittenMemory.ToArray());
    }

    /// <summary>
    /// Feeds each chunk to the connection's inflater as it arrives and collects the output until a message ends with
    /// the sync-flush suffix; one payload may span several messages.
    /// </summary>
    private async Task<GatewayFrame> ReceiveCompressedAsync(CancellationToken cancellationToken)
    {
        _message.ResetWrittenCount();
        long size = 0;
        while (true)
        {
            ValueWebSocketReceiveResult result;
            var tailLength = 0;
            do
            {
                result = await _socket.ReceiveAsync(_receiveBuffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return GatewayFrame.Closed((int?)_socket.CloseStatus, _socket.CloseStatusDescription);
                }

                var chunk = _receiveBuffer.AsSpan(0, result.Count);
                tailLength = KeepTail(chunk, tailLength);
                _feed!.Append(chunk);
                size += Inflate(size);
            }
            while (!result.EndOfMessage);

            if (tailLength == 4 && _tail.AsSpan().SequenceEqual(ZlibSuffix))
            {
                return size > _maxPayloadBytes ? GatewayFrame.TooLarge(size) : GatewayFrame.Message(_message.WrittenMemory.ToArray());
            }

            // Z_SYNC_FLUSH not reached yet: the payload continues in the next message.
        }
    }

    /// <summary>Keeps the last four bytes of the message so far (a message may end in a chunk shorter than four).</summary>
    private int KeepTail(ReadOnlySpan<byte> chunk, int tailLength)
    {
        if (chunk.Length >= 4)
        {
            chunk[^4..].CopyTo(_tail);
            return 4;
        }

        var keep = Math.Min(tailLength, 4 - chunk.Length);
        _tail.AsSpan(tailLength - keep, keep).CopyTo(_tail);
        chunk.CopyTo(_tail.AsSpan(keep));
        return keep + chunk.Length;
    }

    /// <summary>Inflates what the feed holds; keeps the output while the payload is within the cap. Returns bytes produced.</summary>
    private long Inflate(long sizeSoFar)
    {
        long produced = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            int read;
            while ((read = _inflater!.Read(buffer, 0, buffer.Length)) > 0)
            {
                produced += read;
                if (sizeSoFar + produced <= _maxPayloadBytes)
                {
                    _message.Write(buffer.AsSpan(0, read));
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return produced;
    }

    /// <summary>A read-only stream fed with the compressed bytes as they arrive; reads return 0 when drained.</summary>
    private sealed class ZlibFeed : Stream
    {
        private byte[] _buffer = [];
        private int _offset;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public void Append(ReadOnlySpan<byte> bytes)
        {
            var remaining = _buffer.Length - _offset;
            var combined = new byte[remaining + bytes.Length];
            _buffer.AsSpan(_offset).CopyTo(combined);
            bytes.CopyTo(combined.AsSpan(remaining));
            _buffer = combined;
            _offset = 0;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var available = Math.Min(count, _buffer.Length - _offset);
            _buffer.AsSpan(_offset, available).CopyTo(buffer.AsSpan(offset));
            _offset += available;
            return available;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
