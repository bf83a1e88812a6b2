using System.Text.Json;
using Bot.Discord.Models;

namespace Bot.Discord.Gateway;

/// <summary>Decodes a dispatch (op 0) into its <see cref="GatewayEvent"/>: the events a Q&amp;A bot reads, the rest raw [GE].</summary>
internal static class GatewayDispatch
{
    /// <summary>The event for dispatch <paramref name="name"/>; throws <see cref="JsonException"/> when the data does not fit its shape.</summary>
    public static GatewayEvent Decode(string name, JsonElement data) => name switch
    {
        "READY" => Ready(data),
        "RESUMED" => new ResumedEvent(),
        "GUILD_CREATE" => data.Deserialize(DiscordJsonContext.Default.GuildCreateData) is { } guild
            ? new GuildCreateEvent(guild.Id, guild.Name, guild.Unavailable == true, data)
            : new RawDispatchEvent(name, data),
        "INTERACTION_CREATE" => data.Deserialize(DiscordJsonContext.Default.Interaction) is { } interaction
            ? new InteractionCreateEvent(interaction)
            : new RawDispatchEvent(name, data),
        "MESSAGE_CREATE" => data.Deserialize(DiscordJsonContext.Default.Message) is { } message
            ? new MessageCreateEvent(message)
            : new RawDispatchEvent(name, data),
        _ => new RawDispatchEvent(name, data),
    };

    /// <summary>
    /// Events that are never dropped: the session's own (READY, RESUMED), interactions (Discord shows "did not
    /// respond" after 3 s), and messages for the bot (DMs, mentions of <paramref name="botUserId"/>).
    /// </summary>
    public static bool IsEssential(GatewayEvent gatewayEvent, Snowflake botUserId) => gatewayEvent switch
    {
        ReadyEvent or ResumedEvent or InteractionCreateEvent => true,
        MessageCreateEvent { Message: var message } => message.GuildId is null || message.Mentioned(botUserId),
        _ => false,
    };

    private static ReadyEvent Ready(JsonElement data)
    {
        var ready = data.Deserialize(DiscordJsonContext.Default.ReadyData) ?? throw new JsonException("READY without data");
        return new ReadyEvent(
            ready.SessionId,
            ready.ResumeGatewayUrl,
            ready.User,
            ready.Application.Id,
            [.. ready.Guilds.Select(guild => guild.Id)],
            ready.Shard);
    }
}
