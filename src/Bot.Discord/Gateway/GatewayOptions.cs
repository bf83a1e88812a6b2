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

    /// <summary>
    /// Events that may wait for the consumer before GUILD_CREATE and raw dispatches are dropped; READY, RESUMED,
    /// interactions and messages for the bot are queued whatever the count. A consumer that hands each event to a
    /// task at once (as <c>serve</c> does) keeps only a few waiting, so 1,024 matters only when one stops reading:
    /// it bounds the guild data kept for it.
    /// </summary>
    public int EventQueueCapacity { get; init; } = 1024;

    /// <summary>
    /// False (default): MESSAGE_CREATE in a guild is queued only when it mentions the bot (DMs always are). Without
    /// the MESSAGE_CONTENT intent the others arrive without text; true delivers them all.
    /// </summary>
    public bool DeliverAllGuildMessages { get; init; }

    /// <summary>
    /// The largest payload the client accepts (after inflating); a larger one is skipped and logged. 4 MiB: the
    /// largest payloads a bot without privileged intents receives are READY (a stub per guild, about 110 kB at the
    /// 2,500 guilds a shard may hold) and GUILD_CREATE of a big guild (at most 500 channels, 250 roles and 250
    /// members at the largest large_threshold, estimated well under 1 MiB with its active threads); the cap keeps a
    /// broken or hostile peer from growing memory without bound.
    /// </summary>
    public int MaxPayloadBytes { get; init; } = 4 * 1024 * 1024;

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
