using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace Bot.Tests.Fakes;

/// <summary>The gateway side of <see cref="FakeDiscord"/>: every WebSocket connection becomes a <see cref="FakeGatewaySession"/>.</summary>
public sealed class FakeGateway
{
    private readonly Channel<FakeGatewaySession> _sessions = Channel.CreateUnbounded<FakeGatewaySession>();
    private readonly ConcurrentQueue<FakeGatewaySession> _all = new();
    private int _sequence;

    internal FakeGateway(FakeDiscord discord) => Discord = discord;

    public FakeDiscord Discord { get; }

    /// <summary>How many WebSocket connections clients have opened.</summary>
    public int ConnectionCount => _all.Count;

    public IReadOnlyList<FakeGatewaySession> Sessions => [.. _all];

    /// <summary>The last sequence number sent in a dispatch (shared by all connections, like a Discord session).</summary>
    public int LastSequence => Volatile.Read(ref _sequence);

    /// <summary>Waits for the next WebSocket connection (a generous real-time timeout only guards against hangs).</summary>
    public async Task<FakeGatewaySession> NextSessionAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? FakeTimeouts.Guard);
        return await _sessions.Reader.ReadAsync(cts.Token);
    }

    internal int NextSequence() => Interlocked.Increment(ref _sequence);

    /// <summary>Resets the sequence counter (a new session starts from 1).</summary>
    public void ResetSequence(int value = 0) => Volatile.Write(ref _sequence, value);

    internal async Task AcceptAsync(HttpContext context)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var query = context.Request.QueryString.Value ?? "";
        using var session = new FakeGatewaySession(this, socket, context.Request.Path.Value ?? "", query);
        _all.Enqueue(session);
        await _sessions.Writer.WriteAsync(session);
        await session.RunAsync(context.RequestAborted);
    }

    internal void AbortAll()
    {
        foreach (var session in _all)
        {
            session.Abort();
        }
    }
}

/// <summary>
/// One client connection to the fake gateway. Script it: send Hello/READY/dispatches/op 7/op 9, close with a code,
/// and await the client's payloads. Heartbeats (op 1) are acknowledged automatically unless
/// <see cref="AutoAckHeartbeats"/> is off; all client payloads are recorded either way.
/// </summary>
public sealed class FakeGatewaySession : IDisposable
{
    private readonly FakeGateway _gateway;
    private readonly WebSocket _socket;
    private readonly Channel<JsonElement> _inbox = Channel.CreateUnbounded<JsonElement>();
    private readonly ConcurrentQueue<JsonElement> _received = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly TaskCompletionSource<int?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly MemoryStream? _compressedOutput;
    private readonly ZLibStream? _compressor;

    internal FakeGatewaySession(FakeGateway gateway, WebSocket socket, string path, string query)
    {
        _gateway = gateway;
        _socket = socket;
        Path = path;
        Query = query;
        if (query.Contains("compress=zlib-stream", StringComparison.Ordinal))
        {
            _compressedOutput = new MemoryStream();
            _compressor = new ZLibStream(_compressedOutput, CompressionLevel.Fastest, leaveOpen: true);
        }
    }

    /// <summary>The request path: "/gateway" (from GET /gateway/bot) or "/resume" (resume_gateway_url), maybe with a trailing slash.</summary>
    public string Path { get; }

    /// <summary>The query string, e.g. "?v=10&amp;encoding=json".</summary>
    public string Query { get; }

    public bool IsResumeUrl => Path.StartsWith("/resume", StringComparison.Ordinal);

    /// <summary>Answer each op 1 heartbeat with op 11 (default true). Turn off to make a zombie connection.</summary>
    public bool AutoAckHeartbeats { get; set; } = true;

    /// <summary>Every payload the client sent on this connection, in order.</summary>
    public IReadOnlyList<JsonElement> Received => [.. _received];

    public int HeartbeatCount => _received.Count(p => Op(p) == 1);

    /// <summary>Completes with the client's close code (null if the client dropped the connection without one).</summary>
    public Task<int?> Closed => _closed.Task;

    /// <summary>The next client payload (of the given op if set, skipping and keeping others in <see cref="Received"/>).</summary>
    public async Task<JsonElement> ReceiveAsync(int? op = null, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? FakeTimeouts.Guard);
        while (true)
        {
            var payload = await _inbox.Reader.ReadAsync(cts.Token);
            if (op is null || Op(payload) == op)
            {
                return payload;
            }
        }
    }

    /// <summary>Waits for the client's close (or drop) of this connection.</summary>
    public Task<int?> WaitForCloseAsync(TimeSpan? timeout = null) => _closed.Task.WaitAsync(timeout ?? FakeTimeouts.Guard);

    public Task SendAsync(JsonNode payload) => SendRawAsync(payload.ToJsonString());

    public Task SendHelloAsync(int heartbeatIntervalMs = 41250) =>
        SendAsync(new JsonObject { ["op"] = 10, ["d"] = new JsonObject { ["heartbeat_interval"] = heartbeatIntervalMs } });

    public Task SendHeartbeatAckAsync() => SendAsync(new JsonObject { ["op"] = 11 });

    /// <summary>Op 1 from the server: the client must heartbeat at once.</summary>
    public Task SendHeartbeatRequestAsync() => SendAsync(new JsonObject { ["op"] = 1, ["d"] = null });

    /// <summary>Op 7: the client must reconnect and resume.</summary>
    public Task SendReconnectAsync() => SendAsync(new JsonObject { ["op"] = 7, ["d"] = null });

    /// <summary>Op 9 with d = resumable.</summary>
    public Task SendInvalidSessionAsync(bool resumable) => SendAsync(new JsonObject { ["op"] = 9, ["d"] = resumable });

    /// <summary>A dispatch with the next sequence number (or the given one, e.g. to replay an old event).</summary>
    public Task SendDispatchAsync(string eventName, JsonNode? data, int? sequence = null)
    {
        var s = sequence ?? _gateway.NextSequence();
        return SendAsync(new JsonObject { ["op"] = 0, ["t"] = eventName, ["s"] = s, ["d"] = data });
    }

    /// <summary>READY (resets the fake's sequence counter, as a new session does).</summary>
    public Task SendReadyAsync(string sessionId = "fake-session-1", string[]? guildIds = null, string? resumeGatewayUrl = null, int[]? shard = null)
    {
        _gateway.ResetSequence();
        return SendDispatchAsync("READY", FakePayloads.Ready(sessionId, resumeGatewayUrl ?? _gateway.Discord.ResumeGatewayUrl, guildIds ?? [], shard));
    }

    public Task SendResumedAsync() => SendDispatchAsync("RESUMED", new JsonObject());

    /// <summary>Closes the connection with a code (4000 unknown error, 4004 authentication failed, 4009 timed out...).</summary>
    public async Task CloseAsync(int code, string reason = "")
    {
        await _sendLock.WaitAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, CancellationToken.None);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Drops the TCP connection without a close frame.</summary>
    public void Abort() => _socket.Abort();

    internal static int Op(JsonElement payload) =>
        payload.TryGetProperty("op", out var op) && op.ValueKind == JsonValueKind.Number ? op.GetInt32() : -1;

    internal async Task RunAsync(CancellationToken aborted)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer, aborted);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        _closed.TrySetResult((int?)result.CloseStatus);
                        if (_socket.State == WebSocketState.CloseReceived)
                        {
                            await _socket.CloseOutputAsync(result.CloseStatus ?? WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                        }

                        return;
                    }

                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);

                var payload = JsonDocument.Parse(message.ToArray()).RootElement.Clone();
                _received.Enqueue(payload);
                if (Op(payload) == 1 && AutoAckHeartbeats)
                {
                    await SendHeartbeatAckAsync();
                }

                await _inbox.Writer.WriteAsync(payload, CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            _closed.TrySetResult(null);
        }
        finally
        {
            _inbox.Writer.TryComplete();
        }
    }

    public void Dispose()
    {
        _compressor?.Dispose();
        _compressedOutput?.Dispose();
        _sendLock.Dispose();
    }

    private async Task SendRawAsync(string json)
    {
        await _sendLock.WaitAsync();
        try
        {
            if (_compressor is not null && _compressedOutput is not null)
            {
                _compressedOutput.SetLength(0);
                _compressor.Write(Encoding.UTF8.GetBytes(json));
                _compressor.Flush();
                await _socket.SendAsync(_compressedOutput.ToArray(), WebSocketMessageType.Binary, true, CancellationToken.None);
            }
            else
            {
                await _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }
}

/// <summary>Real-time guards: only for detecting hangs, never for protocol timing.</summary>
public static class FakeTimeouts
{
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
}
