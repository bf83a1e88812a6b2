using System.Threading.Channels;

namespace Bot.Discord.Gateway;

/// <summary>
/// State of one WebSocket connection: its transport, heartbeat timer, ACK flag and send limit. A new connection
/// gets a new instance, and the old one is disposed (its timer stopped) first, so an old socket cannot clobber a new one.
/// </summary>
internal sealed class GatewayConnection : IAsyncDisposable
{
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly GatewaySendLimiter _limiter;
    private readonly Channel<bool> _beats = Channel.CreateUnbounded<bool>(new UnboundedChannelOptions { SingleReader = true });
    private ITimer? _heartbeatTimer;
    private ITimer? _helloTimer;
    private int _ackPending;
    private readonly Lock _closeGate = new();
    private Task? _closeTask;

    public GatewayConnection(IGatewayTransport transport, TimeProvider timeProvider, CancellationToken stopping)
    {
        Transport = transport;
        _timeProvider = timeProvider;
        _limiter = new GatewaySendLimiter(timeProvider);
        Lifetime = CancellationTokenSource.CreateLinkedTokenSource(stopping);
    }

    public IGatewayTransport Transport { get; }

    /// <summary>Cancelled when this connection must end (zombie, stop, reconnect).</summary>
    public CancellationTokenSource Lifetime { get; }

    public bool Zombied { get; private set; }

    /// <summary>Scheduled heartbeats, read by the heartbeat loop (true = scheduled beat, false = requested by op 1).</summary>
    public ChannelReader<bool> Beats => _beats.Reader;

    public long? LastHeartbeatSentAt { get; private set; }

    /// <summary>True when no Hello arrived in time after connecting.</summary>
    public bool HelloTimedOut { get; private set; }

    /// <summary>Ends the connection if Hello does not arrive within <paramref name="timeout"/> (a silent socket has no heartbeat to detect it).</summary>
    public void ArmHelloTimeout(TimeSpan timeout) =>
        _helloTimer = _timeProvider.CreateTimer(
            static state =>
            {
                var connection = (GatewayConnection)state!;
                connection.HelloTimedOut = true;
                connection.Lifetime.Cancel();
            },
            this,
            timeout,
            Timeout.InfiniteTimeSpan);

    /// <summary>Starts (or restarts, on a repeated Hello) the heartbeat timer: first beat after interval x jitter.</summary>
    public void StartHeartbeat(TimeSpan interval, double jitter)
    {
        _helloTimer?.Dispose();
        _heartbeatTimer?.Dispose();
        Interlocked.Exchange(ref _ackPending, 0);
        _heartbeatTimer = _timeProvider.CreateTimer(
            static state => ((GatewayConnection)state!)._beats.Writer.TryWrite(true),
            this,
            interval * jitter,
            interval);
    }

    /// <summary>Asks the heartbeat loop for an out-of-schedule beat (op 1 from the server).</summary>
    public void RequestHeartbeat() => _beats.Writer.TryWrite(false);

    /// <summary>
    /// Called before a scheduled beat: false if the previous beat was never acknowledged (zombie connection), else
    /// marks this beat as pending.
    /// </summary>
    public bool TryBeginScheduledBeat()
    {
        if (Interlocked.Exchange(ref _ackPending, 1) == 1)
        {
            Zombied = true;
            return false;
        }

        return true;
    }

    /// <summary>Clears the pending flag; returns the round trip since the last heartbeat if one was sent.</summary>
    public TimeSpan? Acknowledge()
    {
        Interlocked.Exchange(ref _ackPending, 0);
        return LastHeartbeatSentAt is long sentAt ? _timeProvider.GetElapsedTime(sentAt) : null;
    }

    /// <summary>Sends a close frame (without waiting for the answer) and aborts; later calls share the first close.</summary>
    public Task CloseAsync(System.Net.WebSockets.WebSocketCloseStatus closeStatus)
    {
        lock (_closeGate)
        {
            return _closeTask ??= CloseCoreAsync(closeStatus);
        }
    }

    public async Task SendAsync(ReadOnlyMemory<byte> payload, bool heartbeat, CancellationToken cancellationToken)
    {
        await _limiter.WaitAsync(heartbeat, cancellationToken).ConfigureAwait(false);
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (heartbeat)
            {
                // Set before sending: the ACK can be processed before SendAsync returns.
                LastHeartbeatSentAt = _timeProvider.GetTimestamp();
            }

            await Transport.SendAsync(payload, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        // A close started elsewhere (StopAsync) finishes before the transport goes away.
        await CloseAsync((System.Net.WebSockets.WebSocketCloseStatus)4000).ConfigureAwait(false);
        _helloTimer?.Dispose();
        _heartbeatTimer?.Dispose();
        _beats.Writer.TryComplete();
        await Lifetime.CancelAsync().ConfigureAwait(false);
        await Transport.DisposeAsync().ConfigureAwait(false);
        Lifetime.Dispose();
        _sendLock.Dispose();
    }

    private async Task CloseCoreAsync(System.Net.WebSockets.WebSocketCloseStatus closeStatus)
    {
        // Do not close in the middle of a send; a stuck send is not waited for long.
        var locked = await _sendLock.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        try
        {
            await Transport.CloseAsync((int)closeStatus).ConfigureAwait(false);
        }
        finally
        {
            if (locked)
            {
                _sendLock.Release();
            }
        }
    }
}
