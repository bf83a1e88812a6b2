namespace Bot.Discord.Models;

/// <summary>Response of GET /gateway/bot [GW].</summary>
public sealed record GatewayBotInfo
{
    /// <summary>The gateway URL, e.g. wss://gateway.discord.gg (without query).</summary>
    public required string Url { get; init; }

    /// <summary>Recommended number of shards.</summary>
    public int Shards { get; init; } = 1;

    public SessionStartLimit? SessionStartLimit { get; init; }
}

/// <summary>How many Identify calls are left [GW].</summary>
public sealed record SessionStartLimit
{
    public int Total { get; init; }

    public int Remaining { get; init; }

    /// <summary>Milliseconds until <see cref="Remaining"/> resets.</summary>
    public long ResetAfter { get; init; }

    /// <summary>Identify calls allowed per 5 seconds.</summary>
    public int MaxConcurrency { get; init; } = 1;
}

/// <summary>The bot's application (GET /applications/@me).</summary>
public sealed record Application
{
    public required Snowflake Id { get; init; }

    public string Name { get; init; } = "";

    public long? Flags { get; init; }
}
