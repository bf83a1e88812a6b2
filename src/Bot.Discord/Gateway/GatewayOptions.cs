namespace Bot.Discord.Gateway;

/// <summary>Settings of one gateway session (one shard). Plain options: the host binds and validates them.</summary>
public sealed class GatewayOptions
{
    /// <summary>The bot token, without the "Bot " prefix. Never logged.</summary>
    public required string Token { get; init; }

    /// <summary>Defaults to GUILDS | GUILD_MESSAGES | DIRECT_MESSAGES (4609), without MESSAGE_CONTENT.</summary>
    public GatewayIntents Intents { get; init; } = GatewayIntents.Default;

    /// <summary>This process's shard id; set together with <see cref="ShardCount"/> to send <c>shard</c> in Identify.</summary>
    public int? ShardId { get; init; }

    /// <summary>Total number of shards across all processes.</summary>
    public int? ShardCount { get; init; }

    /// <summary>Use zlib-stream transport compression (<c>&amp;compress=zlib-stream</c>).</summary>
    public bool Compress { get; init; }

    /// <summary>50-250: member count above which a guild's offline members are not sent. Null = Discord's default.</summary>
    public int? LargeThreshold { get; init; }

    /// <summary>
    /// Delays before successive reconnect attempts, restarted after every READY or RESUMED. When the sequence ends
    /// its last value repeats: the client never gives up on transient faults. Defaults to
    /// <see cref="ReconnectPolicy.Default"/> (exponential 1 s to 60 s with jitter).
    /// </summary>
    public IEnumerable<TimeSpan> ReconnectDelays { get; init; } = ReconnectPolicy.Default;

    /// <summary>Capacity of the event queue; when a consumer falls this far behind, the oldest events are dropped.</summary>
    public int EventQueueCapacity { get; init; } = 1024;

    /// <summary>
    /// With the day's Identify calls spent (session_start_limit.remaining 0): false (default) waits for reset_after,
    /// logging once why and until when; true stops the client with <see cref="GatewayIdentifyBudgetException"/> so that
    /// a supervisor sees the exit instead of a process that waits for hours.
    /// </summary>
    public bool ExitWhenIdentifyBudgetSpent { get; init; }

    /// <summary>Name sent as properties.browser/device in Identify.</summary>
    public string LibraryName { get; init; } = "Bot.Discord";

    internal IReadOnlyList<int>? Shard =>
        ShardId is int id && ShardCount is int count ? [id, count] : null;
}
