using System.Text.Json;
using Bot.Discord.Models;

namespace Bot.Discord.Gateway;

/// <summary>An event handed out by <see cref="GatewayClient.ReadEventsAsync"/>.</summary>
public abstract record GatewayEvent
{
    /// <summary>The dispatch sequence number (<c>s</c>).</summary>
    public int? Sequence { get; init; }

    /// <summary>When the client received the event (<see cref="TimeProvider.GetTimestamp"/>): measure the 3 s interaction deadline from here.</summary>
    public long ReceivedTimestamp { get; init; }
}

/// <summary>READY: a new session [GE].</summary>
public sealed record ReadyEvent(
    string SessionId,
    string ResumeGatewayUrl,
    User BotUser,
    Snowflake ApplicationId,
    IReadOnlyList<Snowflake> GuildIds,
    IReadOnlyList<int>? Shard) : GatewayEvent
{
    public Snowflake BotUserId => BotUser.Id;
}

/// <summary>RESUMED: a resume succeeded and missed events have been replayed [GE].</summary>
public sealed record ResumedEvent : GatewayEvent;

/// <summary>GUILD_CREATE: a guild became available or the bot joined one; <see cref="Data"/> is the full guild object.</summary>
public sealed record GuildCreateEvent(Snowflake GuildId, string? Name, bool Unavailable, JsonElement Data) : GatewayEvent;

/// <summary>INTERACTION_CREATE: respond within 3 seconds.</summary>
public sealed record InteractionCreateEvent(Interaction Interaction) : GatewayEvent;

/// <summary>MESSAGE_CREATE.</summary>
public sealed record MessageCreateEvent(Message Message) : GatewayEvent;

/// <summary>Any other dispatch, passed through raw.</summary>
public sealed record RawDispatchEvent(string Name, JsonElement Data) : GatewayEvent;
