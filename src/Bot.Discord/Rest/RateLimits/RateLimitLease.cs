namespace Bot.Discord.Rest.RateLimits;

/// <summary>Permission to send one request; <see cref="Complete"/> it with the response's headers (or dispose it on failure).</summary>
internal sealed class RateLimitLease(RestRateLimiter limiter, RateLimitRoute route, RateLimitBucket bucket) : IDisposable
{
    private int _completed;

    public RateLimitRoute Route => route;

    public void Complete(RateLimitHeaders headers)
    {
        if (Interlocked.Exchange(ref _completed, 1) == 0)
        {
            try
            {
                limiter.Learn(route, headers);
            }
            finally
            {
                bucket.Gate.Release();
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _completed, 1) == 0)
        {
            bucket.Gate.Release();
        }
    }
}
