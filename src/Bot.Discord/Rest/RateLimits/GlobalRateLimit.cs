namespace Bot.Discord.Rest.RateLimits;

/// <summary>The global limit: N requests per second across every route, and a shared block after a global 429 [RL].</summary>
internal sealed class GlobalRateLimit(TimeProvider timeProvider, int requestsPerSecond)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private readonly Lock _gate = new();
    private long _windowStart = long.MinValue;
    private int _count;
    private long? _blockedUntil;

    public async Task AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                var now = timeProvider.GetTimestamp();
                if (_blockedUntil is long until && until > now)
                {
                    wait = timeProvider.GetElapsedTime(now, until);
                }
                else
                {
                    _blockedUntil = null;
                    if (_windowStart == long.MinValue || timeProvider.GetElapsedTime(_windowStart, now) >= Window)
                    {
                        _windowStart = now;
                        _count = 0;
                    }

                    if (_count < requestsPerSecond)
                    {
                        _count++;
                        return;
                    }

                    wait = Window - timeProvider.GetElapsedTime(_windowStart, now);
                }
            }

            await Task.Delay(wait, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>After a global 429: nobody sends (except exempt routes) until retry_after has passed.</summary>
    public void Block(TimeSpan retryAfter)
    {
        lock (_gate)
        {
            var until = timeProvider.GetTimestamp() + RateLimitBucket.ToTimestampTicks(timeProvider, retryAfter);
            if (_blockedUntil is not long current || until > current)
            {
                _blockedUntil = until;
            }
        }
    }
}
