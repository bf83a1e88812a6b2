using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using System.Threading.Channels;
using Bot.Discord.Models;
using Bot.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace Bot.Discord.Gateway;

/// <summary>
/// One gateway session (one shard): Hello, Identify or Resume, heartbeats on their own timer, zombie detection,
/// reconnects with back-off, and the close-code rules [GW] [OP]. Events come out through
/// <see cref="ReadEventsAsync"/> from a queue the receive loop never waits on, so a slow consumer never delays
/// heartbeats; guild messages that do not mention the bot are not queued at all.
/// </summary>
/// <remarks>
/// Usage: <c>await client.StartAsync(); await foreach (var e in client.ReadEventsAsync(ct)) { ... }</c>. The loop
/// ends when the client is stopped, and throws <see cref="GatewayFatalException"/> (close 4004, 4010-4014),
/// <see cref="DiscordUnauthorizedException"/> when Discord rejects the configuration, or
/// <see cref="GatewayIdentifyBudgetException"/> when the day's Identify calls are spent and the options say to stop;
/// the client never retries those. A client runs once: create a new one to start again.
/// This file holds the public surface and the reconnect loop; one connection's protocol is in
/// GatewayClient.Connection.cs, the session state in <see cref="GatewaySession"/>, dispatch decoding in
/// <see cref="GatewayDispatch"/>.
/// </remarks>
public sealed partial class GatewayClient : IAsyncDisposable
{
    private readonly GatewayOptions _options;
    private readonly DiscordRestClient _rest;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<GatewayClient> _logger;
    private readonly Func<IGatewayTransport> _transportFactory;
    private readonly IdentifyGate _identifyGate;
    private readonly GatewayEventQueue _events;
    private readonly GatewaySession _session;
    private readonly Lock _lifecycle = new();
    private CancellationTokenSource? _stopping;
    private Task? _run;
    private GatewayConnection? _current;
    private bool _budgetWaitLogged;
    private bool _dropping;
    private Snowflake _botUserId;

    public GatewayClient(
        GatewayOptions options,
        DiscordRestClient rest,
        TimeProvider timeProvider,
        ILogger<GatewayClient> logger,
        Func<IGatewayTransport>? transportFactory = null,
        IdentifyGate? identifyGate = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Token);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.EventQueueCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPayloadBytes, 4096);
        if (options.ShardId is null != options.ShardCount is null
            || options.ShardId < 0 || options.ShardCount < 1 || options.ShardId >= options.ShardCount)
        {
            throw new ArgumentException("ShardId and ShardCount go together, with 0 <= ShardId < ShardCount.", nameof(options));
        }

        _options = options;
        _rest = rest;
        _timeProvider = timeProvider;
        _logger = logger;
        _transportFactory = transportFactory ?? (() => new WebSocketGatewayTransport(options.Compress, options.MaxPayloadBytes));
        _identifyGate = identifyGate ?? new IdentifyGate(timeProvider);
        _session = new GatewaySession(timeProvider);
        _events = new GatewayEventQueue(options.EventQueueCapacity, OnEventDropped);
    }

    /// <summary>The run loop: completes when stopped, faults with the fatal error that stopped the client.</summary>
    public Task Completion => _run ?? Task.CompletedTask;

    /// <summary>The current session id (null before READY and after an invalidated session).</summary>
    public string? SessionId => _session.SessionId;

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
    /// While the consumer is <see cref="GatewayOptions.EventQueueCapacity"/> events behind, guild data and raw
    /// dispatches are dropped; READY, RESUMED, interactions and messages for the bot never are.
    /// </summary>
    public async IAsyncEnumerable<GatewayEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var reader = _events.Reader;
        while (await WaitToReadAsync(reader, cancellationToken).ConfigureAwait(false))
        {
            while (reader.TryRead(out var gatewayEvent))
            {
                _events.Taken();
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
            _events.Complete(null);
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
        catch (Exception ex) when (ex is GatewayFatalException or DiscordRestException or GatewayIdentifyBudgetException)
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

    /// <summary>Connection after connection until stopped or rejected, with the reconnect delays between them.</summary>
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
                catch (Exception ex) when (ex is not (GatewayFatalException or DiscordUnauthorizedException or GatewayIdentifyBudgetException)
                    && !stopping.IsCancellationRequested)
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
                    _session.Forget();
                }

                if (delays.MoveNext())
                {
                    lastDelay = delays.Current;
                }

                var delay = Max(lastDelay, outcome.MinimumDelay);
                LogReconnecting(_session.SessionId is null ? "identify" : "resume", delay.TotalSeconds);
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
        catch (GatewayIdentifyBudgetException ex)
        {
            LogFatal(0, ex.Message);
            fatal = ex;
        }
        finally
        {
            delays.Dispose();
            _events.Complete(fatal);
        }

        if (fatal is not null)
        {
            ExceptionDispatchInfo.Throw(fatal);
        }
    }

    /// <summary>GET /gateway/bot when the cached answer is missing or old; the URL to identify (or resume) on.</summary>
    private async Task<string> GetGatewayUrlAsync(CancellationToken cancellationToken)
    {
        if (_session.NeedsGatewayInfo || _session.GatewayInfo is null)
        {
            var info = await _rest.GetGatewayBotAsync(cancellationToken).ConfigureAwait(false);
            _session.SetGatewayInfo(info);
            if (info.SessionStartLimit is { } limit)
            {
                LogSessionStartLimit(limit.Remaining, limit.Total, limit.ResetAfter / 1000.0, limit.MaxConcurrency);
            }

            return info.Url;
        }

        return _session.GatewayInfo.Url;
    }

    /// <summary>
    /// Before a new session: with the day's Identify calls spent, wait for the reset (saying so once, in words) or
    /// stop if the options say so, since an Identify past the limit makes Discord reset the token [GW].
    /// </summary>
    private async Task WaitForIdentifyBudgetAsync(CancellationToken stopping)
    {
        while (_session.IdentifiesLeft is <= 0 && _session.GatewayInfo?.SessionStartLimit is { } limit)
        {
            var wait = Max(_session.UntilBudgetResets, TimeSpan.Zero);
            var resetsAt = _timeProvider.GetUtcNow() + wait;
            if (_options.ExitWhenIdentifyBudgetSpent)
            {
                throw new GatewayIdentifyBudgetException(limit.Total, resetsAt);
            }

            if (!_budgetWaitLogged)
            {
                _budgetWaitLogged = true;
                LogIdentifyBudgetSpent(limit.Total, resetsAt, wait.TotalMinutes);
            }

            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _timeProvider, stopping).ConfigureAwait(false);
            }

            // Discord's count is the truth (other processes identify too): ask again after the reset.
            _session.MarkGatewayInfoStale();
            await GetGatewayUrlAsync(stopping).ConfigureAwait(false);
        }

        _budgetWaitLogged = false;
    }

    private void OnEventDropped(GatewayEvent dropped, int waiting)
    {
        var type = dropped.GetType().Name;
        if (!_dropping)
        {
            _dropping = true;
            LogConsumerBehind(waiting, type);
        }
        else
        {
            LogEventDropped(type, dropped.Sequence);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string ShardText(IReadOnlyList<int>? shard) => shard is [var id, var count] ? $"[{id}, {count}]" : "none";

    private static bool IsTransientRestFailure(Exception ex, CancellationToken stopping) => ex switch
    {
        DiscordUnauthorizedException => false,
        OperationCanceledException => !stopping.IsCancellationRequested,
        DiscordRestException or HttpRequestException or JsonException or IOException => true,
        _ => false,
    };

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
}
