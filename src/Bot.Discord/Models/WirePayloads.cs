using System.Text.Json;

namespace Bot.Discord.Models;

/// <summary>A received gateway payload <c>{op, d, s, t}</c> [GE].</summary>
internal sealed record GatewayPayload
{
    public required int Op { get; init; }

    public JsonElement D { get; init; }

    public int? S { get; init; }

    public string? T { get; init; }
}

internal sealed record HelloData
{
    public required int HeartbeatInterval { get; init; }
}

internal sealed record IdentifyData
{
    public required string Token { get; init; }

    public required int Intents { get; init; }

    public required IdentifyProperties Properties { get; init; }

    public IReadOnlyList<int>? Shard { get; init; }

    public bool? Compress { get; init; }

    public int? LargeThreshold { get; init; }

    /// <summary>Without the token, which the generated ToString would print.</summary>
    public override string ToString() => $"IdentifyData {{ Intents = {Intents}, Shard = {(Shard is [var id, var count] ? $"[{id}, {count}]" : "none")}, Token = (hidden) }}";
}

internal sealed record IdentifyProperties
{
    public required string Os { get; init; }

    public required string Browser { get; init; }

    public required string Device { get; init; }
}

internal sealed record ResumeData
{
    public required string Token { get; init; }

    public required string SessionId { get; init; }

    public required int? Seq { get; init; }

    /// <summary>Without the token, which the generated ToString would print.</summary>
    public override string ToString() => $"ResumeData {{ SessionId = {SessionId}, Seq = {Seq}, Token = (hidden) }}";
}

internal sealed record ReadyData
{
    public int V { get; init; }

    public required User User { get; init; }

    public IReadOnlyList<UnavailableGuild> Guilds { get; init; } = [];

    public required string SessionId { get; init; }

    public required string ResumeGatewayUrl { get; init; }

    public IReadOnlyList<int>? Shard { get; init; }

    public required ReadyApplication Application { get; init; }
}

internal sealed record UnavailableGuild
{
    public required Snowflake Id { get; init; }

    public bool? Unavailable { get; init; }
}

internal sealed record ReadyApplication
{
    public required Snowflake Id { get; init; }

    public long? Flags { get; init; }
}

internal sealed record GuildCreateData
{
    public required Snowflake Id { get; init; }

    public string? Name { get; init; }

    public bool? Unavailable { get; init; }
}

/// <summary>Discord's JSON error body <c>{code, message, errors?}</c> and the 429 extras [OP] [RL].</summary>
internal sealed record DiscordErrorBody
{
    public int? Code { get; init; }

    public string? Message { get; init; }

    public JsonElement? Errors { get; init; }

    public double? RetryAfter { get; init; }

    public bool? Global { get; init; }
}
