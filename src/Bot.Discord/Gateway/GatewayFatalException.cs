namespace Bot.Discord.Gateway;

/// <summary>
/// Discord closed the gateway with a code that must not be retried (4004, 4010-4014) [OP]. The client has stopped;
/// the operator has to fix the configuration. The message never contains the token.
/// </summary>
public sealed class GatewayFatalException : Exception
{
    public GatewayFatalException()
        : this(0)
    {
    }

    public GatewayFatalException(string message)
        : base(message)
    {
    }

    public GatewayFatalException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public GatewayFatalException(int closeCode)
        : base(Describe(closeCode))
    {
        CloseCode = closeCode;
    }

    /// <summary>The WebSocket close code Discord sent.</summary>
    public int CloseCode { get; }

    /// <summary>True for the close codes after which Discord says not to reconnect.</summary>
    public static bool IsFatal(int closeCode) => closeCode is 4004 or (>= 4010 and <= 4014);

    internal static string Describe(int closeCode) => closeCode switch
    {
        4004 => "Discord rejected the bot token (gateway close 4004, authentication failed). "
            + "Set a valid token (Discord:Token / DISCORD_TOKEN); the gateway will not reconnect.",
        4010 => "Discord rejected the shard id (gateway close 4010, invalid shard). Check ShardId and ShardCount.",
        4011 => "Discord requires sharding for this bot (gateway close 4011, sharding required). Run with ShardCount > 1.",
        4012 => "Discord rejected the gateway API version (gateway close 4012, invalid API version).",
        4013 => "Discord rejected the intents bitmask (gateway close 4013, invalid intents).",
        4014 => "Discord refused a privileged intent (gateway close 4014, disallowed intents). "
            + "Enable it on the Bot page of the Developer Portal or remove it from the intents.",
        _ => $"The gateway stopped with close code {closeCode}.",
    };
}
