namespace Bot.Discord.Models;

/// <summary>A received message (MESSAGE_CREATE, a context-menu target, a REST response) [MSG] [GE].</summary>
public sealed record Message
{
    public required Snowflake Id { get; init; }

    public required Snowflake ChannelId { get; init; }

    /// <summary>Set on MESSAGE_CREATE in guilds; absent in DMs and in most REST responses.</summary>
    public Snowflake? GuildId { get; init; }

    public required User Author { get; init; }

    /// <summary>The member of the author (MESSAGE_CREATE in guilds only, partial: no user).</summary>
    public GuildMember? Member { get; init; }

    /// <summary>Empty without the MESSAGE_CONTENT intent unless the bot is mentioned, in DMs, or the bot's own message.</summary>
    public string Content { get; init; } = "";

    public IReadOnlyList<User> Mentions { get; init; } = [];

    public IReadOnlyList<Snowflake> MentionRoles { get; init; } = [];

    public bool MentionEveryone { get; init; }

    /// <summary>Set when a webhook sent the message.</summary>
    public Snowflake? WebhookId { get; init; }

    public Snowflake? ApplicationId { get; init; }

    /// <summary>Message type: 0 DEFAULT, 19 REPLY, 20 CHAT_INPUT_COMMAND, 23 CONTEXT_MENU_COMMAND... [MSG].</summary>
    public int Type { get; init; }

    public int? Flags { get; init; }

    public DateTimeOffset? Timestamp { get; init; }

    public MessageReference? MessageReference { get; init; }

    /// <summary>True if the message mentions the given user (by the mentions array, not by text).</summary>
    public bool Mentioned(Snowflake userId) => Mentions.Any(user => user.Id == userId);
}

/// <summary>A reference to another message; sent in MessageCreate to make a reply [MSG].</summary>
public sealed record MessageReference
{
    public Snowflake? MessageId { get; init; }

    public Snowflake? ChannelId { get; init; }

    public Snowflake? GuildId { get; init; }

    /// <summary>When false, the message is sent even if the referenced one no longer exists (default true).</summary>
    public bool? FailIfNotExists { get; init; }

    /// <summary>A reply to the given message that still sends if the message has been deleted.</summary>
    public static MessageReference ReplyTo(Snowflake messageId, Snowflake? channelId = null, Snowflake? guildId = null) =>
        new() { MessageId = messageId, ChannelId = channelId, GuildId = guildId, FailIfNotExists = false };
}
