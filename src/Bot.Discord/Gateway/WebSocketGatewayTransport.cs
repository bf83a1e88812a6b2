using System.Buffers;
using System.IO.Compression;
using System.Net.WebSockets;

namespace Bot.Discord.Gateway;

/// <summary>
/// <see cref="IGatewayTransport"/> over <see cref="ClientWebSocket"/>. Frames are accumulated until EndOfMessage.
/// With zlib-stream compression, one inflate context lives for the whole connection [GW].
/// </summary>
public sealed class WebSocketGatewayTransport : IGatewayTransport
{
    private static readonly byte[] ZlibSuffix = [0x00, 0x00, 0xFF, 0xFF];
    private readonly ClientWebSocket _socket = new();
    private readonly bool _compressed;
    private readonly ArrayBufferWriter<byte> _message = new(16 * 1024);
    private readonly byte[] _receiveBuffer = new byte[16 * 1024];
    private readonly ZlibFeed? _feed;
    private readonly ZLibStream? _inflater;

    public WebSocketGatewayTransport(bool compressed = false)
    {
        _compressed = compressed;
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

    public async Task<GatewayFrame> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            _message.ResetWrittenCount();
            ValueWebSocketReceiveResult result;
            do
            {
                result = await _socket.ReceiveAsync(_receiveBuffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return GatewayFrame.Closed((int?)_socket.CloseStatus, _socket.CloseStatusDescription);
                }

                _message.Write(_receiveBuffer.AsSpan(0, result.Count));
            }
            while (!result.EndOfMessage);

            if (!_compressed)
            {
                return GatewayFrame.Message(_message.WrittenMemory.ToArray());
            }

            if (Inflate() is { } inflated)
            {
                return GatewayFrame.Message(inflated);
            }
        }
    }

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

    private byte[]? Inflate()
    {
        if (_feed is null || _inflater is null)
        {
            return null;
        }

        _feed.Append(_message.WrittenSpan);
        if (!_message.WrittenSpan.EndsWith(ZlibSuffix))
        {
            // Z_SYNC_FLUSH not reached yet: the payload continues in the next message.
            return null;
        }

        using var output = new MemoryStream();
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = _inflater.Read(buffer, 0, buffer.Length)) > 0)
            {
                output.Write(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return output.ToArray();
    }

    /// <summary>A read-only stream fed with the compressed bytes of each message; reads return 0 when drained.</summary>
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
