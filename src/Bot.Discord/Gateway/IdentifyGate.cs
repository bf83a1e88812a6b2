namespace Bot.Discord.Gateway;

/// <summary>
/// Paces Identify across the shards of one process: Discord allows <c>max_concurrency</c> Identify calls per 5 s,
/// one per bucket, the bucket of a shard being <c>shard_id % max_concurrency</c> [GW]. Give every
/// <see cref="GatewayClient"/> of a process the same gate; a client created without one gets its own, which paces
/// that shard alone. Other processes are not seen: stagger their start (docs/discord-client.md).
/// </summary>
/// <remarks>
/// A client waits here before it connects to identify, not between Hello and Identify: the receive loop must keep
/// reading heartbeat ACKs while it waits, or the connection looks like a zombie. The slot is taken when the wait
/// ends and moved to the moment the Identify is sent (<see cref="Sent"/>), so a slow connect does not let the next
/// shard of the bucket identify less than 5 s after it.
/// </remarks>
public sealed class IdentifyGate(TimeProvider timeProvider)
{
    /// <summary>The window in which each bucket may identify once [GW] "Session Start Limit", max_concurrency.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private readonly Dictionary<int, long> _lastIdentify = [];

    /// <summary>Waits until shard <paramref name="shardId"/>'s bucket may identify, and takes that slot.</summary>
    public async Task WaitAsync(int shardId, int maxConcurrency, CancellationToken cancellationToken = default)
    {
        var bucket = Bucket(shardId, maxConcurrency);
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                var now = timeProvider.GetTimestamp();
                wait = _lastIdentify.TryGetValue(bucket, out var last) ? Window - timeProvider.GetElapsedTime(last, now) : TimeSpan.Zero;
                if (wait <= TimeSpan.Zero)
                {
                    _lastIdentify[bucket] = now;
                    return;
                }
            }

            await Task.Delay(wait, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The Identify of shard <paramref name="shardId"/> is going out now: the bucket's 5 s count from here.</summary>
    public void Sent(int shardId, int maxConcurrency)
    {
        var bucket = Bucket(shardId, maxConcurrency);
        lock (_gate)
        {
            _lastIdentify[bucket] = timeProvider.GetTimestamp();
        }
    }

    private static int Bucket(int shardId, int maxConcurrency)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shardId);
        return shardId % Math.Max(1, maxConcurrency);
    }
}
