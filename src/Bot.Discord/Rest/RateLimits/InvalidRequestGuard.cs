using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Bot.Discord.Rest.RateLimits;

/// <summary>
/// Keeps the bot away from Cloudflare's ban: 10,000 responses with 401, 403 or 429 (except 429 scope "shared") per
/// 10 minutes per IP get the IP banned from Discord's API [RL] "Invalid Request Limit". It counts those responses
/// over the last 10 minutes, logs the count as it climbs, and refuses requests before they can add to it: all of
/// them during a Cloudflare ban, the optional ones (then all but interaction answers) as the count nears the limit,
/// those to a channel or guild that just refused the bot, and those with an interaction token that stopped working.
/// </summary>
internal sealed partial class InvalidRequestGuard(TimeProvider timeProvider, DiscordRestOptions options, ILogger logger)
{
    /// <summary>The window Discord counts invalid requests over [RL].</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A Cloudflare ban without Retry-After is waited out for one whole window: the count that caused it is over
    /// 10 minutes, so by then it has fallen below the limit.
    /// </summary>
    public static readonly TimeSpan DefaultBan = Window;

    // Dead interaction tokens are remembered for the tokens' whole lifetime; past it they are dead anyway. The table
    // is pruned when it reaches this size (a few thousand interactions in 15 minutes is a very busy bot).
    private const int PruneThreshold = 4096;

    private readonly Lock _gate = new();
    private readonly Queue<long> _invalid = new();
    private readonly ConcurrentDictionary<string, long> _coolDowns = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _deadTokens = new(StringComparer.Ordinal);
    private long _bannedUntil;
    private int _nextWarning = options.InvalidRequestWarningThreshold;
    private bool _softLogged;
    private bool _hardLogged;

    /// <summary>401, 403 and 429 (except scope "shared") responses in the last 10 minutes.</summary>
    public int InvalidRequestCount
    {
        get
        {
            lock (_gate)
            {
                Prune(timeProvider.GetTimestamp());
                return _invalid.Count;
            }
        }
    }

    /// <summary>Throws when the request must not be sent now; see the class summary for the reasons.</summary>
    public void ThrowIfRefused(RateLimitRoute route, RequestPriority priority, string? interactionToken)
    {
        var now = timeProvider.GetTimestamp();
        var banned = Volatile.Read(ref _bannedUntil);
        if (banned > now)
        {
            throw new DiscordRequestRefusedException(route.ToString(), RequestRefusal.CloudflareBan, timeProvider.GetElapsedTime(now, banned));
        }

        if (interactionToken is not null && _deadTokens.TryGetValue(interactionToken, out var deadUntil) && deadUntil > now)
        {
            throw new DiscordInteractionExpiredException(
                route.ToString(), System.Net.HttpStatusCode.Unauthorized, null, "it failed earlier, so it was not used again");
        }

        if (route.TopLevelResource.Length > 0 && _coolDowns.TryGetValue(route.TopLevelResource, out var coolUntil) && coolUntil > now)
        {
            throw new DiscordRequestRefusedException(route.ToString(), RequestRefusal.ResourceCoolDown, timeProvider.GetElapsedTime(now, coolUntil));
        }

        if (priority == RequestPriority.Essential)
        {
            return;
        }

        int count;
        long oldest;
        lock (_gate)
        {
            Prune(now);
            count = _invalid.Count;
            oldest = count > 0 ? _invalid.Peek() : now;
        }

        var limit = priority == RequestPriority.Optional ? options.InvalidRequestSoftLimit : options.InvalidRequestHardLimit;
        if (count >= limit)
        {
            // The count falls as the oldest invalid request leaves the window.
            var retryAfter = Window - timeProvider.GetElapsedTime(oldest, now);
            throw new DiscordRequestRefusedException(route.ToString(), RequestRefusal.InvalidRequestBudget, retryAfter);
        }
    }

    /// <summary>Counts a response if it is an invalid request, and says so when the count climbs.</summary>
    public void Record(int statusCode, string? scope)
    {
        if (statusCode is not (401 or 403 or 429) || (statusCode == 429 && string.Equals(scope, "shared", StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        int count;
        var warn = false;
        var soft = false;
        var hard = false;
        lock (_gate)
        {
            var now = timeProvider.GetTimestamp();
            Prune(now);
            _invalid.Enqueue(now);
            count = _invalid.Count;
            if (count >= _nextWarning)
            {
                warn = true;
                _nextWarning *= 2;
            }

            if (count >= options.InvalidRequestSoftLimit && !_softLogged)
            {
                soft = _softLogged = true;
            }

            if (count >= options.InvalidRequestHardLimit && !_hardLogged)
            {
                hard = _hardLogged = true;
            }
        }

        if (warn)
        {
            LogClimbing(count, options.InvalidRequestSoftLimit, options.InvalidRequestHardLimit);
        }

        if (soft)
        {
            LogSoftLimit(count);
        }

        if (hard)
        {
            LogHardLimit(count);
        }
    }

    /// <summary>A Cloudflare ban: nothing is sent until it is over.</summary>
    public void Ban(TimeSpan retryAfter)
    {
        var until = timeProvider.GetTimestamp() + RateLimitBucket.ToTimestampTicks(timeProvider, retryAfter);
        long current;
        do
        {
            current = Volatile.Read(ref _bannedUntil);
            if (current >= until)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _bannedUntil, until, current) != current);
    }

    /// <summary>The channel or guild refused the bot: nothing is sent to it for <see cref="DiscordRestOptions.ResourceCoolDown"/>.</summary>
    public void CoolDown(string resource)
    {
        if (resource.Length == 0)
        {
            return;
        }

        var until = timeProvider.GetTimestamp() + RateLimitBucket.ToTimestampTicks(timeProvider, options.ResourceCoolDown);
        _coolDowns[resource] = until;
        PruneIfLarge(_coolDowns);
    }

    /// <summary>The interaction token stopped working: nothing more is sent with it.</summary>
    public void KillToken(string interactionToken)
    {
        var until = timeProvider.GetTimestamp() + RateLimitBucket.ToTimestampTicks(timeProvider, Models.Interaction.TokenLifetime);
        _deadTokens[interactionToken] = until;
        PruneIfLarge(_deadTokens);
    }

    private void Prune(long now)
    {
        while (_invalid.Count > 0 && timeProvider.GetElapsedTime(_invalid.Peek(), now) >= Window)
        {
            _invalid.Dequeue();
        }

        if (_invalid.Count < options.InvalidRequestWarningThreshold / 2)
        {
            _nextWarning = options.InvalidRequestWarningThreshold;
        }

        if (_invalid.Count < options.InvalidRequestSoftLimit / 2)
        {
            _softLogged = false;
        }

        if (_invalid.Count < options.InvalidRequestHardLimit / 2)
        {
            _hardLogged = false;
        }
    }

    private void PruneIfLarge(ConcurrentDictionary<string, long> table)
    {
        if (table.Count < PruneThreshold)
        {
            return;
        }

        var now = timeProvider.GetTimestamp();
        foreach (var (key, until) in table)
        {
            if (until <= now)
            {
                table.TryRemove(new KeyValuePair<string, long>(key, until));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} invalid requests (401/403/429) in the last 10 minutes; Cloudflare bans the IP at 10,000. Optional sends stop at {SoftLimit}, all but interaction answers at {HardLimit}")]
    private partial void LogClimbing(int count, int softLimit, int hardLimit);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} invalid requests in the last 10 minutes: optional sends (busy notices, apologies in channels) are dropped until the count falls")]
    private partial void LogSoftLimit(int count);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Count} invalid requests in the last 10 minutes: only interaction answers are sent until the count falls")]
    private partial void LogHardLimit(int count);
}
