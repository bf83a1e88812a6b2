using Bot.Discord.Models;

namespace Bot.Discord.Gateway;

/// <summary>
/// What one shard keeps from one connection to the next: the resumable session (id, last sequence, resume URL) and
/// what decides whether a new session may be started (the session start limit of GET /gateway/bot and the Identify
/// calls made since) [GW]. Written by the run loop, which runs one connection at a time; the sequence is also read
/// by the heartbeat loop, hence the volatile accesses.
/// </summary>
internal sealed class GatewaySession(TimeProvider timeProvider)
{
    public const int NoSequence = -1;

    // Connecting to resume_gateway_url can fail for good (a node retired); after three failures in a row the resume
    // goes through the /gateway/bot URL instead, which Discord routes to a live node.
    private const int MaxResumeConnectFailures = 3;

    // GET /gateway/bot values change over time and should not be cached long [GW]; half an hour keeps the identify
    // budget current without a REST call on every reconnect.
    private static readonly TimeSpan GatewayInfoMaxAge = TimeSpan.FromMinutes(30);

    private string? _sessionId;
    private int _sequence = NoSequence;
    private int _resumeConnectFailures;
    private long _gatewayInfoFetchedAt;
    private bool _gatewayInfoStale;
    private int _identifiesSinceFetch;

    /// <summary>The session to resume, or null when the next connection must identify.</summary>
    public string? SessionId => Volatile.Read(ref _sessionId);

    /// <summary>The last dispatch sequence seen (<see cref="NoSequence"/> before the first).</summary>
    public int Sequence => Volatile.Read(ref _sequence);

    /// <summary>READY's resume_gateway_url.</summary>
    public string? ResumeUrl { get; private set; }

    /// <summary>Where to resume: the resume URL, or null (the /gateway/bot URL) after it failed too often.</summary>
    public string? ResumeTarget => ResumeUrl is not null && _resumeConnectFailures < MaxResumeConnectFailures ? ResumeUrl : null;

    public GatewayBotInfo? GatewayInfo { get; private set; }

    /// <summary>True when GET /gateway/bot should be asked again before the next connection.</summary>
    public bool NeedsGatewayInfo =>
        GatewayInfo is null || _gatewayInfoStale || timeProvider.GetElapsedTime(_gatewayInfoFetchedAt) > GatewayInfoMaxAge;

    /// <summary>Identify calls left today: Discord's count at the last fetch minus those made since; null if unknown.</summary>
    public int? IdentifiesLeft => GatewayInfo?.SessionStartLimit is { } limit ? limit.Remaining - _identifiesSinceFetch : null;

    /// <summary>Time until the session start limit resets (reset_after, counted from the fetch).</summary>
    public TimeSpan UntilBudgetResets => GatewayInfo?.SessionStartLimit is { } limit
        ? TimeSpan.FromMilliseconds(limit.ResetAfter) - timeProvider.GetElapsedTime(_gatewayInfoFetchedAt)
        : TimeSpan.Zero;

    /// <summary>Identify calls allowed per 5 s across all shards [GW].</summary>
    public int MaxConcurrency => Math.Max(1, GatewayInfo?.SessionStartLimit?.MaxConcurrency ?? 1);

    public void SetGatewayInfo(GatewayBotInfo info)
    {
        GatewayInfo = info;
        _gatewayInfoFetchedAt = timeProvider.GetTimestamp();
        _gatewayInfoStale = false;
        _identifiesSinceFetch = 0;
    }

    /// <summary>Fetch GET /gateway/bot again before the next connection (its URL failed, or the budget may have reset).</summary>
    public void MarkGatewayInfoStale() => _gatewayInfoStale = true;

    public void IdentifySent() => _identifiesSinceFetch++;

    /// <summary>Takes a dispatch's sequence; false when it is not newer than the last one (a replay already handed out).</summary>
    public bool TryAdvance(int sequence, out int last)
    {
        last = Volatile.Read(ref _sequence);
        if (last != NoSequence && sequence <= last)
        {
            return false;
        }

        Volatile.Write(ref _sequence, sequence);
        return true;
    }

    /// <summary>READY: a new session, whatever was there before (no resume URL: resume through the /gateway/bot URL).</summary>
    public void Start(string sessionId, string? resumeUrl)
    {
        Volatile.Write(ref _sessionId, sessionId);
        ResumeUrl = resumeUrl;
        _resumeConnectFailures = 0;
    }

    public void Resumed() => _resumeConnectFailures = 0;

    public void ResumeConnectFailed() => _resumeConnectFailures++;

    /// <summary>The session is over: the next connection identifies.</summary>
    public void Forget()
    {
        Volatile.Write(ref _sessionId, null);
        Volatile.Write(ref _sequence, NoSequence);
        ResumeUrl = null;
        _resumeConnectFailures = 0;
    }
}
