using System.Collections.Concurrent;

namespace Bot.Commands;

/// <summary>
/// A per-user cooldown on questions: a user may ask again only once <see cref="Period"/> has passed since their last
/// accepted question. Memory stays bounded: entries older than the period are dropped as the table grows.
/// </summary>
internal sealed class UserCooldown(TimeSpan period, TimeProvider timeProvider)
{
    private const int PruneThreshold = 4096;
    private readonly ConcurrentDictionary<ulong, long> _lastAccepted = new();

    public TimeSpan Period { get; } = period;

    /// <summary>Accepts the user's request, or says how long they must wait.</summary>
    public bool TryEnter(ulong userId, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (Period <= TimeSpan.Zero)
        {
            return true;
        }

        var now = timeProvider.GetTimestamp();
        while (true)
        {
            if (!_lastAccepted.TryGetValue(userId, out var last))
            {
                if (_lastAccepted.TryAdd(userId, now))
                {
                    PruneIfLarge(now);
                    return true;
                }

                continue;
            }

            var elapsed = timeProvider.GetElapsedTime(last, now);
            if (elapsed < Period)
            {
                retryAfter = Period - elapsed;
                return false;
            }

            if (_lastAccepted.TryUpdate(userId, now, last))
            {
                return true;
            }
        }
    }

    private void PruneIfLarge(long now)
    {
        if (_lastAccepted.Count < PruneThreshold)
        {
            return;
        }

        foreach (var (user, last) in _lastAccepted)
        {
            if (timeProvider.GetElapsedTime(last, now) >= Period)
            {
                _lastAccepted.TryRemove(new KeyValuePair<ulong, long>(user, last));
            }
        }
    }
}
