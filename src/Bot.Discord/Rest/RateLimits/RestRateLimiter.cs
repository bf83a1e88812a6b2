using System.Collections.Concurrent;

namespace Bot.Discord.Rest.RateLimits;

/// <summary>
/// Route buckets learned from headers plus the global limit. Knows routes and headers, not HTTP:
/// <c>AcquireAsync(route)</c> returns a lease, then <c>lease.Complete(headers)</c> [RL].
/// </summary>
internal sealed class RestRateLimiter(TimeProvider timeProvider, int globalRequestsPerSecond)
{
    private static readonly TimeSpan InvalidRequestWindow = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<string, string> _routeBuckets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RateLimitBucket> _buckets = new(StringComparer.Ordinal);
    private readonly GlobalRateLimit _global = new(timeProvider, globalRequestsPerSecond);
    private readonly Queue<long> _invalidRequests = new();
    private readonly Lock _invalidGate = new();
    private int _resolves;

    /// <summary>401, 403 and 429 (except scope "shared") responses in the last 10 minutes; Cloudflare bans at 10,000.</summary>
    public int InvalidRequestCount
    {
        get
        {
            lock (_invalidGate)
            {
                PruneInvalid(timeProvider.GetTimestamp());
                return _invalidRequests.Count;
            }
        }
    }

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
        if (headers.StatusCode == 429)
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

        if (headers.StatusCode is 401 or 403
            || (headers.StatusCode == 429 && !string.Equals(headers.Scope, "shared", StringComparison.OrdinalIgnoreCase)))
        {
            lock (_invalidGate)
            {
                var now = timeProvider.GetTimestamp();
                PruneInvalid(now);
                _invalidRequests.Enqueue(now);
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

    private void PruneInvalid(long now)
    {
        while (_invalidRequests.Count > 0 && timeProvider.GetElapsedTime(_invalidRequests.Peek(), now) >= InvalidRequestWindow)
        {
            _invalidRequests.Dequeue();
        }
    }
}
