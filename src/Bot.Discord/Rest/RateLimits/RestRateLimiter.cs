using System.Collections.Concurrent;

namespace Bot.Discord.Rest.RateLimits;

/// <summary>
/// Route buckets learned from headers plus the global limit. Knows routes and headers, not HTTP:
/// <c>AcquireAsync(route)</c> returns a lease, then <c>lease.Complete(headers)</c> [RL].
/// </summary>
internal sealed class RestRateLimiter(TimeProvider timeProvider, int globalRequestsPerSecond)
{
    private readonly ConcurrentDictionary<string, string> _routeBuckets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RateLimitBucket> _buckets = new(StringComparer.Ordinal);
    private readonly GlobalRateLimit _global = new(timeProvider, globalRequestsPerSecond);
    private int _resolves;

    public async Task<RateLimitLease> AcquireAsync(RateLimitRoute route, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var bucket = Resolve(route);
            await bucket.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (!ReferenceEquals(bucket, Resolve(route)))
            {
                // The route's real bucket was learned while we queued on the placeholder.
                bucket.Gate.Release();
                continue;
            }

            try
            {
                await bucket.WaitUntilAvailableAsync(cancellationToken).ConfigureAwait(false);
                if (!route.ExemptFromGlobal)
                {
                    await _global.AcquireAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch
            {
                bucket.Gate.Release();
                throw;
            }

            return new RateLimitLease(this, route, bucket);
        }
    }

    internal void Learn(RateLimitRoute route, RateLimitHeaders headers)
    {
        if (headers.Bucket is { Length: > 0 } hash)
        {
            _routeBuckets[route.RouteKey] = hash;
        }

        var bucket = Resolve(route);
        bucket.Update(headers.Remaining, headers.ResetAfter);
        if (headers.StatusCode == 429 && headers.FromDiscordApi)
        {
            var retryAfter = headers.RetryAfter ?? headers.ResetAfter ?? TimeSpan.FromSeconds(1);
            if (headers.Global || string.Equals(headers.Scope, "global", StringComparison.OrdinalIgnoreCase))
            {
                _global.Block(retryAfter);
            }
            else
            {
                bucket.Exhaust(retryAfter);
            }
        }
    }

    private RateLimitBucket Resolve(RateLimitRoute route)
    {
        var key = _routeBuckets.TryGetValue(route.RouteKey, out var hash)
            ? hash + ":" + route.TopLevelResource
            : "route:" + route.RouteKey + ":" + route.TopLevelResource;
        if (Interlocked.Increment(ref _resolves) % 1024 == 0)
        {
            // Interaction and webhook buckets are per token: forget idle ones so they do not pile up.
            foreach (var (bucketKey, idle) in _buckets)
            {
                if (idle.IsIdle)
                {
                    _buckets.TryRemove(bucketKey, out _);
                }
            }
        }

        return _buckets.GetOrAdd(key, static (_, time) => new RateLimitBucket(time), timeProvider);
    }
}
