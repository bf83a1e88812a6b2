using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;
using Bot.Discord.Models;
using Bot.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace Bot.Discord.Gateway;

/// <summary>
/// One gateway session (one shard): Hello, Identify or Resume, heartbeats on their own timer, zombie detection,
/// reconnects with back-off, and the close-code rules [GW] [OP]. Events come out through
/// <see cref="ReadEventsAsync"/> from a bounded queue, so a slow consumer never delays heartbeats.
/// </summary>
/// <remarks>
/// Usage: <c>await client.StartAsync(); await foreach (var e in client.ReadEventsAsync(ct)) { ... }</c>. The loop
/// ends when the client is stopped, and throws <see cref="GatewayFatalException"/> (close 4004, 4010-4014) or
/// <see cref="DiscordUnauthorizedException"/> when Discord rejects the configuration; the client never retries those.
/// A client runs once: create a new one to start again.
/// </remarks>
public sealed partial class GatewayClient : IAsyncDisposable
{
    private const int ApiVersion = 10;
    private const int NoSequence = -1;
    private const int MaxResumeConnectFailures = 3;
    private static readonly TimeSpan IdentifySpacing = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan HelloTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan GatewayInfoMaxAge = TimeSpan.FromMinutes(30);

    private readonly GatewayOptions _options;
    private readonly DiscordRestClient _rest;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<GatewayClient> _logger;
    private readonly Func<IGatewayTransport> _transportFactory;
    private readonly Channel<GatewayEvent> _events;
    private readonly Lock _lifecycle = new();
    private CancellationTokenSource? _stopping;
    private Task? _run;
    private GatewayConnection? _current;

    // Session state. Written only by the run loop, which runs one connection at a time.
    private string? _sessionId;
    private string? _resumeUrl;
    private int _sequence = NoSequence;
    private GatewayBotInfo? _gatewayInfo;
    private long _gatewayInfoFetchedAt;
    private bool _gatewayInfoStale;
    private int _identifiesLeft = int.MaxValue;
    private long? _lastIdentifyAt;
    private int _resumeConnectFailures;

    public GatewayClient(
        GatewayOptions options,
        DiscordRestClient rest,
        TimeProvider timeProvider,
        ILogger<GatewayClient> logger,
        Func<IGatewayTransport>? transportFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Token);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.EventQueueCapacity, 1);
        if (options.ShardId is null != options.ShardCount is null
            || options.ShardId < 0 || options.ShardCount < 1 || options.ShardId >= options.ShardCount)
        {
            throw new ArgumentException("ShardId and ShardCount go together, with 0 <= ShardId < ShardCount.", nameof(options));
        }

        _options = options;
        _rest = rest;
        _timeProvider = timeProvider;
        _logger = logger;
        _transportFactory = transportFactory ?? (() => new WebSocketGatewayTransport(options.Compress));
        _events = Channel.CreateBounded<GatewayEvent>(
            new BoundedChannelOptions(options.EventQueueCapacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleWriter = true,
            },
            dropped => LogEventDropped(dropped.GetType().Name, dropped.Sequence));
    }

    /// <summary>The run loop: completes when stopped, faults with the fatal error that stopped the client.</summary>
    public Task Completion => _run ?? Task.CompletedTask;

    /// <summary>The current session id (null before READY and after an invalidated session).</summary>
    public string? SessionId => Volatile.Read(ref _sessionId);

    /// <summary>Time between the last heartbeat and its ACK, if one was measured.</summary>
    public TimeSpan? Latency { get; private set; }

    /// <summary>Starts connecting in the background; events arrive through <see cref="ReadEventsAsync"/>.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lifecycle)
        {
            if (_run is not null)
            {
                throw new InvalidOperationException("The gateway client has already been started.");
            }

            _stopping = new CancellationTokenSource();
            _run = RunAsync(_stopping.Token);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The events, in order. Ends when the client stops; throws the fatal error if Discord rejected the configuration.
    /// If the consumer falls <see cref="GatewayOptions.EventQueueCapacity"/> events behind, the oldest are dropped.
    /// </summary>
    public async IAsyncEnumerable<GatewayEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var reader = _events.Reader;
        while (await WaitToReadAsync(reader, cancellationToken).ConfigureAwait(false))
        {
            while (reader.TryRead(out var gatewayEvent))
            {
                yield return gatewayEvent;
            }
        }
    }

    /// <summary>Closes the connection with 1000 (the bot goes offline at once) and stops reconnecting.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        Task? run;
        CancellationTokenSource? stopping;
        lock (_lifecycle)
        {
            run = _run;
            stopping = _stopping;
        }

        if (run is null || stopping is null)
        {
            _events.Writer.TryComplete();
            return;
        }

        if (!stopping.IsCancellationRequested)
        {
            if (Volatile.Read(ref _current) is { } connection)
            {
                await connection.CloseAsync(WebSocketCloseStatus.NormalClosure).ConfigureAwait(false);
            }

            await stopping.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            await run.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is GatewayFatalException or DiscordRestException)
        {
            // Already reported through ReadEventsAsync and Completion.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping?.Dispose();
    }

    private static async ValueTask<bool> WaitToReadAsync(ChannelReader<GatewayEvent> reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException ex) when (ex.InnerException is { } inner)
        {
            ExceptionDispatchInfo.Throw(inner);
            throw;
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        await Task.Yield();
        Exception? fatal = null;
        var delays = _options.ReconnectDelays.GetEnumerator();
        var lastDelay = TimeSpan.Zero;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                ConnectionOutcome outcome;
                try
                {
                    outcome = await RunConnectionAsync(stopping).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not (GatewayFatalException or DiscordUnauthorizedException) && !stopping.IsCancellationRequested)
                {
                    // Anything unexpected on one connection (a send failing mid-Identify, a cancelled send after a
                    // zombie close...) ends that connection only; the session carries on with a back-off.
                    LogConnectionFailed(ex);
                    outcome = new ConnectionOutcome(OutcomeKind.Resume, Healthy: false);
                }

                if (outcome.Kind == OutcomeKind.Stopped || stopping.IsCancellationRequested)
                {
                    break;
                }

                if (outcome.Healthy)
                {
                    delays.Dispose();
                    delays = _options.ReconnectDelays.GetEnumerator();
                }

                if (outcome.Kind == OutcomeKind.NewSession)
                {
                    ForgetSession();
                }

                if (delays.MoveNext())
                {
                    lastDelay = delays.Current;
                }

                var delay = Max(lastDelay, outcome.MinimumDelay);
                if (_sessionId is null)
                {
                    delay = Max(delay, IdentifyWait());
                }

                LogReconnecting(outcome.Kind == OutcomeKind.NewSession || _sessionId is null ? "identify" : "resume", delay.TotalSeconds);
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, _timeProvider, stopping).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped.
        }
        catch (GatewayFatalException ex)
        {
            LogFatal(ex.CloseCode, ex.Message);
            fatal = ex;
        }
        catch (DiscordUnauthorizedException ex)
        {
            LogFatal(401, ex.Message);
            fatal = ex;
        }
        finally
        {
            delays.Dispose();
            _events.Writer.TryComplete(fatal);
        }

        if (fatal is not null)
        {
            ExceptionDispatchInfo.Throw(fatal);
        }
    }

    private async Task<ConnectionOutcome> RunConnectionAsync(CancellationToken stopping)
    {
        var resuming = _sessionId is not null;
        string baseUrl;
        try
        {
            baseUrl = resuming && _resumeUrl is not null && _resumeConnectFailures < MaxResumeConnectFailures
                ? _resumeUrl
                : await GetGatewayUrlAsync(stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsTransientRestFailure(ex, stopping))
        {
            LogGatewayUrlFailed(ex.GetType().Name, ex.Message);
            return new ConnectionOutcome(OutcomeKind.Resume, Healthy: false);
        }

        var uri = BuildGatewayUri(baseUrl, _options.Compress);
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
                if (string.Equals(baseUrl, _resumeUrl, StringComparison.Ordinal))
                {
                    _resumeConnectFailures++;
                }
                else
                {
                    _gatewayInfoStale = true;
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
                    var interval = TimeSpan.FromMilliseconds(hello?.HeartbeatInterval is > 0 ? hello.HeartbeatInterval : 41250);
                    connection.StartHeartbeat(interval, Random.Shared.NextDouble());
                    if (resuming && _sessionId is { } sessionId)
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

                var sequence = Volatile.Read(ref _sequence);
                var payload = Serialize(GatewayOpcode.Heartbeat, sequence == NoSequence ? null : sequence, DiscordJsonContext.Default.NullableInt32);
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

    private bool Dispatch(GatewayPayload payload)
    {
        if (payload.S is int sequence)
        {
            var last = Volatile.Read(ref _sequence);
            if (last != NoSequence && sequence <= last)
            {
                LogDuplicateDispatch(payload.T ?? "", sequence, last);
                return false;
            }

            Volatile.Write(ref _sequence, sequence);
        }

        var name = payload.T ?? "";
        GatewayEvent gatewayEvent;
        try
        {
            gatewayEvent = name switch
            {
                "READY" => OnReady(payload.D),
                "RESUMED" => OnResumed(),
                "GUILD_CREATE" => payload.D.Deserialize(DiscordJsonContext.Default.GuildCreateData) is { } guild
                    ? new GuildCreateEvent(guild.Id, guild.Name, guild.Unavailable == true, payload.D)
                    : new RawDispatchEvent(name, payload.D),
                "INTERACTION_CREATE" => payload.D.Deserialize(DiscordJsonContext.Default.Interaction) is { } interaction
                    ? new InteractionCreateEvent(interaction)
                    : new RawDispatchEvent(name, payload.D),
                "MESSAGE_CREATE" => payload.D.Deserialize(DiscordJsonContext.Default.Message) is { } message
                    ? new MessageCreateEvent(message)
                    : new RawDispatchEvent(name, payload.D),
                _ => new RawDispatchEvent(name, payload.D),
            };
        }
        catch (JsonException ex)
        {
            LogBadDispatch(name, ex.Message);
            gatewayEvent = new RawDispatchEvent(name, payload.D);
        }

        _events.Writer.TryWrite(gatewayEvent with { Sequence = payload.S, ReceivedTimestamp = _timeProvider.GetTimestamp() });
        return gatewayEvent is ReadyEvent or ResumedEvent;
    }

    private ReadyEvent OnReady(JsonElement data)
    {
        var ready = data.Deserialize(DiscordJsonContext.Default.ReadyData) ?? throw new JsonException("READY without data");
        Volatile.Write(ref _sessionId, ready.SessionId);
        _resumeUrl = ready.ResumeGatewayUrl;
        _resumeConnectFailures = 0;
        var shard = ShardText(ready.Shard);
        var guildCount = ready.Guilds.Count;
        LogReady(ready.User.Id, ready.Application.Id, guildCount, shard);
        return new ReadyEvent(
            ready.SessionId,
            ready.ResumeGatewayUrl,
            ready.User,
            ready.Application.Id,
            [.. ready.Guilds.Select(guild => guild.Id)],
            ready.Shard);
    }

    private ResumedEvent OnResumed()
    {
        _resumeConnectFailures = 0;
        var sequence = Volatile.Read(ref _sequence);
        LogResumed(sequence);
        return new ResumedEvent();
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
        ForgetSession();
        _lastIdentifyAt = _timeProvider.GetTimestamp();
        _identifiesLeft--;
        var identify = new IdentifyData
        {
            Token = _options.Token,
            Intents = (int)_options.Intents,
            Properties = new IdentifyProperties { Os = OperatingSystemName(), Browser = _options.LibraryName, Device = _options.LibraryName },
            Shard = _options.Shard,
            LargeThreshold = _options.LargeThreshold,
        };
        var shard = ShardText(_options.Shard);
        LogIdentifying(identify.Intents, shard);
        await connection.SendAsync(Serialize(GatewayOpcode.Identify, identify, DiscordJsonContext.Default.IdentifyData), heartbeat: false, connection.Lifetime.Token).ConfigureAwait(false);
    }

    private async Task SendResumeAsync(GatewayConnection connection, string sessionId)
    {
        var sequence = Volatile.Read(ref _sequence);
        var resume = new ResumeData { Token = _options.Token, SessionId = sessionId, Seq = sequence == NoSequence ? null : sequence };
        LogResuming(sequence);
        await connection.SendAsync(Serialize(GatewayOpcode.Resume, resume, DiscordJsonContext.Default.ResumeData), heartbeat: false, connection.Lifetime.Token).ConfigureAwait(false);
    }

    private async Task<string> GetGatewayUrlAsync(CancellationToken cancellationToken)
    {
        if (_gatewayInfo is null || _gatewayInfoStale || _timeProvider.GetElapsedTime(_gatewayInfoFetchedAt) > GatewayInfoMaxAge)
        {
            _gatewayInfo = await _rest.GetGatewayBotAsync(cancellationToken).ConfigureAwait(false);
            _gatewayInfoFetchedAt = _timeProvider.GetTimestamp();
            _gatewayInfoStale = false;
            _identifiesLeft = _gatewayInfo.SessionStartLimit?.Remaining ?? int.MaxValue;
            if (_gatewayInfo.SessionStartLimit is { } limit)
            {
                LogSessionStartLimit(limit.Remaining, limit.Total, limit.ResetAfter / 1000.0);
            }
        }

        return _gatewayInfo.Url;
    }

    /// <summary>How long before the next Identify may go out: 5 s apart, and none when the daily budget is spent [GW].</summary>
    private TimeSpan IdentifyWait()
    {
        var wait = TimeSpan.Zero;
        if (_lastIdentifyAt is long last)
        {
            wait = Max(wait, IdentifySpacing - _timeProvider.GetElapsedTime(last));
        }

        if (_identifiesLeft <= 0 && _gatewayInfo?.SessionStartLimit is { } limit)
        {
            var untilReset = TimeSpan.FromMilliseconds(limit.ResetAfter) - _timeProvider.GetElapsedTime(_gatewayInfoFetchedAt);
            LogIdentifyBudgetSpent(untilReset.TotalSeconds);
            wait = Max(wait, untilReset);
            _gatewayInfoStale = true;
        }

        return wait;
    }

    private void ForgetSession()
    {
        Volatile.Write(ref _sessionId, null);
        Volatile.Write(ref _sequence, NoSequence);
        _resumeUrl = null;
        _resumeConnectFailures = 0;
    }

    private static string OperatingSystemName() =>
        OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "macos" : "unknown";

    private static TimeSpan InvalidSessionDelay() => TimeSpan.FromSeconds(1 + (Random.Shared.NextDouble() * 4));

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string ShardText(IReadOnlyList<int>? shard) => shard is [var id, var count] ? $"[{id}, {count}]" : "none";

    internal static Uri BuildGatewayUri(string baseUrl, bool compress)
    {
        var builder = new UriBuilder(baseUrl);
        if (string.IsNullOrEmpty(builder.Path))
        {
            builder.Path = "/";
        }

        builder.Query = compress ? "v=10&encoding=json&compress=zlib-stream" : "v=10&encoding=json";
        return builder.Uri;
    }

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

    private static bool IsTransientRestFailure(Exception ex, CancellationToken stopping) => ex switch
    {
        DiscordUnauthorizedException => false,
        OperationCanceledException => !stopping.IsCancellationRequested,
        DiscordRestException or HttpRequestException or JsonException or IOException => true,
        _ => false,
    };

    private const WebSocketCloseStatus ResumableCloseStatus = (WebSocketCloseStatus)4000;

    private enum OutcomeKind
    {
        Stopped,
        Resume,
        NewSession,
    }

    private readonly record struct ConnectionOutcome(
        OutcomeKind Kind,
        bool Healthy,
        TimeSpan MinimumDelay = default,
        WebSocketCloseStatus CloseCode = ResumableCloseStatus);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connecting to the gateway at {Host} to {Mode}")]
    private partial void LogConnecting(string host, string mode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not connect to the gateway at {Host}: {Error}: {Reason}")]
    private partial void LogConnectFailed(string host, string error, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not get the gateway URL: {Error}: {Reason}")]
    private partial void LogGatewayUrlFailed(string error, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway connection lost: {Error}: {Reason}")]
    private partial void LogConnectionLost(string error, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No Hello within {TimeoutSeconds} s of connecting: reconnecting")]
    private partial void LogHelloTimeout(double timeoutSeconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "The gateway connection failed unexpectedly; reconnecting")]
    private partial void LogConnectionFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconnecting to {Mode} in {DelaySeconds:0.###} s")]
    private partial void LogReconnecting(string mode, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Identifying with intents {Intents}, shard {Shard}")]
    private partial void LogIdentifying(int intents, string shard);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resuming the session from sequence {Sequence}")]
    private partial void LogResuming(int sequence);

    [LoggerMessage(Level = LogLevel.Information, Message = "READY as user {BotUserId} (application {ApplicationId}) with {GuildCount} guilds, shard {Shard}")]
    private partial void LogReady(Snowflake botUserId, Snowflake applicationId, int guildCount, string shard);

    [LoggerMessage(Level = LogLevel.Information, Message = "RESUMED at sequence {Sequence}")]
    private partial void LogResumed(int sequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No heartbeat ACK since the last heartbeat: zombie connection, reconnecting to resume")]
    private partial void LogZombie();

    [LoggerMessage(Level = LogLevel.Trace, Message = "Heartbeat ACK after {LatencyMs:0} ms")]
    private partial void LogHeartbeatAcknowledged(double latencyMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending a heartbeat failed: {Error}: {Reason}")]
    private partial void LogHeartbeatFailed(string error, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Discord asked to reconnect (op 7)")]
    private partial void LogReconnectRequested();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invalid session (op 9), resumable: {Resumable}")]
    private partial void LogInvalidSession(bool resumable);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The gateway closed the connection with code {CloseCode} {Reason}")]
    private partial void LogServerClosed(int closeCode, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The gateway stopped for good (code {CloseCode}): {Reason}")]
    private partial void LogFatal(int closeCode, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped a gateway payload that is not valid JSON: {Reason}")]
    private partial void LogBadPayload(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the {EventName} dispatch; passing it on raw: {Reason}")]
    private partial void LogBadDispatch(string eventName, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Skipped {EventName} sequence {Sequence}: already handed out (last {LastSequence})")]
    private partial void LogDuplicateDispatch(string eventName, int sequence, int lastSequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The event consumer is too slow: dropped {EventType} (sequence {Sequence})")]
    private partial void LogEventDropped(string eventType, int? sequence);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session start limit: {Remaining} of {Total} identifies left, resets in {ResetSeconds:0} s")]
    private partial void LogSessionStartLimit(int remaining, int total, double resetSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The daily identify budget is spent; waiting {WaitSeconds:0} s for it to reset")]
    private partial void LogIdentifyBudgetSpent(double waitSeconds);
}
