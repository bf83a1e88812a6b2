using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Bot.Discord.Models;

namespace Bot.Discord.Gateway;

/// <summary>One connection: connect, Hello, Identify or Resume, the receive loop and the heartbeat loop [GW].</summary>
public sealed partial class GatewayClient
{
    private const WebSocketCloseStatus ResumableCloseStatus = (WebSocketCloseStatus)4000;

    // Hello normally follows the upgrade at once; a socket that stays silent this long has no heartbeat to expose
    // it, so it is closed and the client reconnects.
    private static readonly TimeSpan HelloTimeout = TimeSpan.FromSeconds(30);

    private async Task<ConnectionOutcome> RunConnectionAsync(CancellationToken stopping)
    {
        var resuming = _session.SessionId is not null;
        string baseUrl;
        try
        {
            if (resuming && _session.ResumeTarget is { } resumeUrl)
            {
                // Checked when READY gave it.
                baseUrl = resumeUrl;
            }
            else
            {
                baseUrl = await GetGatewayUrlAsync(stopping).ConfigureAwait(false);
                if (!resuming)
                {
                    await WaitForIdentifyBudgetAsync(stopping).ConfigureAwait(false);
                    baseUrl = _session.GatewayInfo?.Url ?? baseUrl;
                }

                if (!GatewayUri.IsAllowed(baseUrl))
                {
                    // Not wss://: ask GET /gateway/bot again after the back-off rather than send the token there.
                    LogGatewayUrlRefused(GatewayUri.Describe(baseUrl), "GET /gateway/bot");
                    _session.MarkGatewayInfoStale();
                    return new ConnectionOutcome(OutcomeKind.Resume, Healthy: false);
                }

                if (!resuming)
                {
                    // At most max_concurrency Identify calls per 5 s, one per shard bucket [GW].
                    await _identifyGate.WaitAsync(_options.ShardId ?? 0, _session.MaxConcurrency, stopping).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (IsTransientRestFailure(ex, stopping))
        {
            LogGatewayUrlFailed(ex.GetType().Name, ex.Message);
            return new ConnectionOutcome(OutcomeKind.Resume, Healthy: false);
        }

        var uri = GatewayUri.Build(baseUrl, _options.Compress);
        var connection = new GatewayConnection(_transportFactory(), _timeProvider, stopping);
        await using (connection.ConfigureAwait(false))
        {
            LogConnecting(uri.Host, resuming ? "resume" : "identify");
            try
            {
                await connection.Transport.ConnectAsync(uri, connection.Lifetime.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested && IsConnectionFault(ex))
            {
                LogConnectFailed(uri.Host, ex.GetType().Name, ex.Message);
                if (string.Equals(baseUrl, _session.ResumeUrl, StringComparison.Ordinal))
                {
                    _session.ResumeConnectFailed();
                }
                else
                {
                    _session.MarkGatewayInfoStale();
                }

                return new ConnectionOutcome(OutcomeKind.Resume, Healthy: false);
            }

            Volatile.Write(ref _current, connection);
            connection.ArmHelloTimeout(HelloTimeout);
            var heartbeats = HeartbeatLoopAsync(connection);
            ConnectionOutcome outcome = new(OutcomeKind.Stopped, Healthy: false);
            try
            {
                outcome = await ReceiveLoopAsync(connection, resuming, stopping).ConfigureAwait(false);
            }
            finally
            {
                Volatile.Write(ref _current, null);
                var closeCode = stopping.IsCancellationRequested ? WebSocketCloseStatus.NormalClosure : outcome.CloseCode;
                await connection.CloseAsync(closeCode).ConfigureAwait(false);
                await connection.Lifetime.CancelAsync().ConfigureAwait(false);
                await heartbeats.ConfigureAwait(false);
            }

            return stopping.IsCancellationRequested ? outcome with { Kind = OutcomeKind.Stopped } : outcome;
        }
    }

    private async Task<ConnectionOutcome> ReceiveLoopAsync(GatewayConnection connection, bool resuming, CancellationToken stopping)
    {
        var healthy = false;
        while (true)
        {
            GatewayFrame frame;
            try
            {
                frame = await connection.Transport.ReceiveAsync(connection.Lifetime.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsConnectionFault(ex))
            {
                if (stopping.IsCancellationRequested)
                {
                    return new ConnectionOutcome(OutcomeKind.Stopped, healthy);
                }

                if (connection.HelloTimedOut)
                {
                    LogHelloTimeout(HelloTimeout.TotalSeconds);
                }
                else if (!connection.Zombied)
                {
                    LogConnectionLost(ex.GetType().Name, ex.Message);
                }

                return new ConnectionOutcome(OutcomeKind.Resume, healthy);
            }

            if (frame.IsClose)
            {
                return OnServerClose(frame.CloseCode, frame.CloseReason, healthy);
            }

            if (frame.IsTooLarge)
            {
                // Skipped whole by the transport; Discord's own payloads stay far below the cap (GatewayOptions).
                LogPayloadTooLarge(frame.Size, _options.MaxPayloadBytes);
                continue;
            }

            GatewayPayload payload;
            try
            {
                payload = JsonSerializer.Deserialize(frame.Payload.Span, DiscordJsonContext.Default.GatewayPayload)
                    ?? throw new JsonException("null payload");
            }
            catch (JsonException ex)
            {
                LogBadPayload(ex.Message);
                continue;
            }

            switch ((GatewayOpcode)payload.Op)
            {
                case GatewayOpcode.Hello:
                    var hello = payload.D.Deserialize(DiscordJsonContext.Default.HelloData);

                    // 41.25 s is the interval Discord's docs show in their Hello example [GE]; used only if Hello
                    // came without one.
                    var interval = TimeSpan.FromMilliseconds(hello?.HeartbeatInterval is > 0 ? hello.HeartbeatInterval : 41250);
                    connection.StartHeartbeat(interval, Random.Shared.NextDouble());
                    if (resuming && _session.SessionId is { } sessionId)
                    {
                        await SendResumeAsync(connection, sessionId).ConfigureAwait(false);
                    }
                    else
                    {
                        await SendIdentifyAsync(connection).ConfigureAwait(false);
                    }

                    break;
                case GatewayOpcode.HeartbeatAck:
                    var latency = connection.Acknowledge();
                    Latency = latency;
                    LogHeartbeatAcknowledged(latency?.TotalMilliseconds ?? 0);

                    break;
                case GatewayOpcode.Heartbeat:
                    connection.RequestHeartbeat();
                    break;
                case GatewayOpcode.Reconnect:
                    LogReconnectRequested();
                    return new ConnectionOutcome(OutcomeKind.Resume, healthy);
                case GatewayOpcode.InvalidSession:
                    var resumable = payload.D.ValueKind == JsonValueKind.True;
                    LogInvalidSession(resumable);
                    return resumable
                        ? new ConnectionOutcome(OutcomeKind.Resume, healthy)
                        : new ConnectionOutcome(OutcomeKind.NewSession, healthy, InvalidSessionDelay(), WebSocketCloseStatus.NormalClosure);
                case GatewayOpcode.Dispatch:
                    healthy |= Dispatch(payload);
                    break;
                default:
                    break;
            }
        }
    }

    private async Task HeartbeatLoopAsync(GatewayConnection connection)
    {
        var cancellationToken = connection.Lifetime.Token;
        try
        {
            await foreach (var scheduled in connection.Beats.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (scheduled && !connection.TryBeginScheduledBeat())
                {
                    LogZombie();
                    await connection.CloseAsync(ResumableCloseStatus).ConfigureAwait(false);
                    await connection.Lifetime.CancelAsync().ConfigureAwait(false);
                    return;
                }

                var sequence = _session.Sequence;
                var payload = Serialize(GatewayOpcode.Heartbeat, sequence == GatewaySession.NoSequence ? null : sequence, DiscordJsonContext.Default.NullableInt32);
                await connection.SendAsync(payload, heartbeat: true, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The connection ended.
        }
        catch (Exception ex)
        {
            // Whatever broke the send, this connection is no longer trustworthy: end it and let the loop resume.
            LogHeartbeatFailed(ex.GetType().Name, ex.Message);
            await connection.Lifetime.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Queues a dispatch's event; true for READY and RESUMED, which make the connection healthy.</summary>
    private bool Dispatch(GatewayPayload payload)
    {
        var name = payload.T ?? "";
        if (name == "READY" && _session.SessionId is not null)
        {
            // A READY where RESUMED was expected: Discord started a new session instead. Its sequence starts again
            // from 1, so the old session's sequence must not make it look like a replay.
            LogReadyWhileResuming(_session.Sequence);
            _session.Forget();
        }

        if (payload.S is int sequence && !_session.TryAdvance(sequence, out var last))
        {
            LogDuplicateDispatch(name, sequence, last);
            return false;
        }

        GatewayEvent gatewayEvent;
        try
        {
            gatewayEvent = GatewayDispatch.Decode(name, payload.D);
        }
        catch (JsonException ex)
        {
            LogBadDispatch(name, ex.Message);
            gatewayEvent = new RawDispatchEvent(name, payload.D);
        }

        switch (gatewayEvent)
        {
            case ReadyEvent ready:
                var resumeUrl = ready.ResumeGatewayUrl;
                if (!GatewayUri.IsAllowed(resumeUrl))
                {
                    // Resumes then go through the /gateway/bot URL, which Discord also accepts.
                    LogGatewayUrlRefused(GatewayUri.Describe(resumeUrl), "READY resume_gateway_url");
                    resumeUrl = null;
                }

                _session.Start(ready.SessionId, resumeUrl);
                _botUserId = ready.BotUserId;
                var guildCount = ready.GuildIds.Count;
                var shard = ShardText(ready.Shard);
                LogReady(ready.BotUserId, ready.ApplicationId, guildCount, shard);
                break;
            case ResumedEvent:
                _session.Resumed();
                LogResumed(_session.Sequence);
                break;
        }

        var essential = GatewayDispatch.IsEssential(gatewayEvent, _botUserId);
        if (gatewayEvent is MessageCreateEvent && !essential && !_options.DeliverAllGuildMessages)
        {
            // Not addressed to the bot (a guild message without a mention of it): without MESSAGE_CONTENT its text is
            // empty anyway, and a busy guild's chatter must not queue up in front of the questions.
            return false;
        }

        if (_events.TryWrite(gatewayEvent with { Sequence = payload.S, ReceivedTimestamp = _timeProvider.GetTimestamp() }, essential)
            && _dropping && _events.Count < _options.EventQueueCapacity / 2)
        {
            _dropping = false;
        }

        return gatewayEvent is ReadyEvent or ResumedEvent;
    }

    private ConnectionOutcome OnServerClose(int? code, string? reason, bool healthy)
    {
        LogServerClosed(code ?? 0, reason ?? "");
        if (code is int closeCode && GatewayFatalException.IsFatal(closeCode))
        {
            throw new GatewayFatalException(closeCode);
        }

        var echo = code is >= 1000 and not (1004 or 1005 or 1006 or 1015) ? (WebSocketCloseStatus)code : ResumableCloseStatus;
        return code is 4003 or 4005 or 4007 or 4009
            ? new ConnectionOutcome(OutcomeKind.NewSession, healthy, TimeSpan.Zero, echo)
            : new ConnectionOutcome(OutcomeKind.Resume, healthy, TimeSpan.Zero, echo);
    }

    private async Task SendIdentifyAsync(GatewayConnection connection)
    {
        _session.Forget();
        _identifyGate.Sent(_options.ShardId ?? 0, _session.MaxConcurrency);
        _session.IdentifySent();
        var identify = new IdentifyData
        {
            Token = _options.Token,
            Intents = (int)_options.Intents,
            Properties = new IdentifyProperties { Os = OperatingSystemName(), Browser = _options.LibraryName, Device = _options.LibraryName },
            Shard = _options.Shard,
            LargeThreshold = _options.LargeThreshold,
        };
        var shardText = ShardText(_options.Shard);
        var identifiesLeft = _session.IdentifiesLeft ?? -1;
        LogIdentifying(identify.Intents, shardText, identifiesLeft);
        await connection.SendAsync(Serialize(GatewayOpcode.Identify, identify, DiscordJsonContext.Default.IdentifyData), heartbeat: false, connection.Lifetime.Token).ConfigureAwait(false);
    }

    private async Task SendResumeAsync(GatewayConnection connection, string sessionId)
    {
        var sequence = _session.Sequence;
        var resume = new ResumeData { Token = _options.Token, SessionId = sessionId, Seq = sequence == GatewaySession.NoSequence ? null : sequence };
        LogResuming(sequence);
        await connection.SendAsync(Serialize(GatewayOpcode.Resume, resume, DiscordJsonContext.Default.ResumeData), heartbeat: false, connection.Lifetime.Token).ConfigureAwait(false);
    }

    private static string OperatingSystemName() =>
        OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "macos" : "unknown";

    // Discord's docs give no delay after op 9; libraries wait a random 1-5 s before identifying again, which spreads
    // the Identify calls of shards invalidated together (discord.py, discord.js).
    private static TimeSpan InvalidSessionDelay() => TimeSpan.FromSeconds(1 + (Random.Shared.NextDouble() * 4));

    private static ReadOnlyMemory<byte> Serialize<T>(GatewayOpcode op, T data, JsonTypeInfo<T> typeInfo)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("op", (int)op);
            writer.WritePropertyName("d");
            JsonSerializer.Serialize(writer, data, typeInfo);
            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    private static bool IsConnectionFault(Exception ex) =>
        ex is WebSocketException or IOException or OperationCanceledException or HttpRequestException or ObjectDisposedException;
}
