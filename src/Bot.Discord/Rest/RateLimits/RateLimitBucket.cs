namespace Bot.Discord.Rest.RateLimits;

/// <summary>
/// One bucket (X-RateLimit-Bucket + top-level resource), or the placeholder of a route whose bucket is not known yet.
/// Requests in a bucket go one at a time; with Remaining 0 the next one waits for the reset.
/// </summary>
internal sealed class RateLimitBucket(TimeProvider timeProvider)
{
    private readonly Lock _state = new();
    private int? _remaining;
    private long? _resetAt;

    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>Nobody holds or waits for the bucket and no reset is pending: it can be forgotten.</summary>
    public bool IsIdle
    {
        get
        {
            lock (_state)
            {
                return Gate.CurrentCount == 1 && (_resetAt is not long resetAt || resetAt <= timeProvider.GetTimestamp());
            }
        }
    }

    public async Task WaitUntilAvailableAsync(CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (_state)
        {
            var now = timeProvider.GetTimestamp();
            if (_resetAt is not long resetAt || resetAt <= now)
            {
                if (_resetAt is not null)
                {
                    _remaining = null;
                    _resetAt = null;
                }

                return;
            }

            if (_remaining is not 0)
            {
                return;
            }

            wait = timeProvider.GetElapsedTime(now, resetAt);
        }

        await Task.Delay(wait, timeProvider, cancellationToken).ConfigureAwait(false);
        lock (_state)
        {
            _remaining = null;
            _resetAt = null;
        }
    }

    public void Update(int? remaining, TimeSpan? resetAfter)
    {
        lock (_state)
        {
            if (remaining is int value)
            {
                _remaining = value;
            }

            if (resetAfter is TimeSpan after)
            {
                _resetAt = timeProvider.GetTimestamp() + ToTimestampTicks(timeProvider, after);
            }
        }
    }

    /// <summary>After a 429: exhausted until retry_after has passed (never earlier than a later known reset).</summary>
    public void Exhaust(TimeSpan retryAfter)
    {
        lock (_state)
        {
            var until = timeProvider.GetTimestamp() + ToTimestampTicks(timeProvider, retryAfter);
            _remaining = 0;
            if (_resetAt is not long current || until > current)
            {
                _resetAt = until;
            }
        }
    }

    internal static long ToTimestampTicks(TimeProvider timeProvider, TimeSpan span) =>
        (long)Math.Ceiling(span.TotalSeconds * timeProvider.TimestampFrequency);
}
