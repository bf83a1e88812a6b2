namespace Bot.Discord.Models;

/// <summary>A Discord user (the fields a bot needs) [MSG] [RR].</summary>
public sealed record User
{
    public required Snowflake Id { get; init; }

    public string Username { get; init; } = "";

    public string? GlobalName { get; init; }

    /// <summary>True for bot accounts; absent (false) for people.</summary>
    public bool Bot { get; init; }
}

/// <summary>A partial guild member as sent with interactions and messages [RR].</summary>
public sealed record GuildMember
{
    /// <summary>The user; present on interaction members, absent on members nested in MESSAGE_CREATE.</summary>
    public User? User { get; init; }

    public string? Nick { get; init; }

    /// <summary>Total permissions of the member in the channel (string bitset), on interactions only.</summary>
    public string? Permissions { get; init; }
}
