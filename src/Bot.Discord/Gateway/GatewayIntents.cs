using System.Diagnostics.CodeAnalysis;

namespace Bot.Discord.Gateway;

/// <summary>Gateway intents [GW]. A Q&amp;A bot needs <see cref="Default"/>; MESSAGE_CONTENT is privileged.</summary>
[Flags]
[SuppressMessage("Design", "CA1008:Enums should have zero value", Justification = "No intents is a valid bitmask, named None.")]
public enum GatewayIntents
{
    None = 0,
    Guilds = 1 << 0,
    GuildMessages = 1 << 9,
    DirectMessages = 1 << 12,

    /// <summary>Privileged: must be switched on in the Developer Portal, else close 4014.</summary>
    MessageContent = 1 << 15,

    /// <summary>GUILDS | GUILD_MESSAGES | DIRECT_MESSAGES = 4609.</summary>
    Default = Guilds | GuildMessages | DirectMessages,
}

/// <summary>Gateway opcodes [OP].</summary>
internal enum GatewayOpcode
{
    Dispatch = 0,
    Heartbeat = 1,
    Identify = 2,
    PresenceUpdate = 3,
    Resume = 6,
    Reconnect = 7,
    InvalidSession = 9,
    Hello = 10,
    HeartbeatAck = 11,
}
