using System.Globalization;
using System.Text.Json;

namespace Bot.Discord.Models;

/// <summary>An interaction as received in INTERACTION_CREATE [RR].</summary>
public sealed record Interaction
{
    public required Snowflake Id { get; init; }

    public required Snowflake ApplicationId { get; init; }

    public required InteractionType Type { get; init; }

    public InteractionData? Data { get; init; }

    public Snowflake? GuildId { get; init; }

    public Snowflake? ChannelId { get; init; }

    /// <summary>The invoking member, in guilds.</summary>
    public GuildMember? Member { get; init; }

    /// <summary>The invoking user, in DMs.</summary>
    public User? User { get; init; }

    /// <summary>The interaction token: a secret, valid 15 minutes; never log it.</summary>
    public required string Token { get; init; }

    public int Version { get; init; } = 1;

    /// <summary>For component interactions, the message the component is on.</summary>
    public Message? Message { get; init; }

    public string? Locale { get; init; }

    public string? GuildLocale { get; init; }

    /// <summary>The largest file, in bytes, that may be attached in a reply to this interaction [RR] [REF].</summary>
    public long? AttachmentSizeLimit { get; init; }

    /// <summary>0 GUILD, 1 BOT_DM, 2 PRIVATE_CHANNEL.</summary>
    public InteractionContextType? Context { get; init; }

    /// <summary>Who invoked the interaction: member.user in guilds, user in DMs.</summary>
    public User? InvokingUser => Member?.User ?? User;

    /// <summary>How long <see cref="Token"/> works for edits and followups, from Discord's creation of the interaction [RR].</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(15);

    /// <summary>The ids and kind, without <see cref="Token"/> (a record's generated ToString would print it).</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"Interaction {{ Id = {Id}, ApplicationId = {ApplicationId}, Type = {Type}, Name = {Data?.Name ?? Data?.CustomId}, GuildId = {GuildId}, ChannelId = {ChannelId}, User = {InvokingUser?.Id}, Token = (hidden) }}");
}

/// <summary>Interaction data: command name/options, component custom_id, context-menu target [RR].</summary>
public sealed record InteractionData
{
    /// <summary>Command id (application commands).</summary>
    public Snowflake? Id { get; init; }

    /// <summary>Command name (application commands).</summary>
    public string? Name { get; init; }

    /// <summary>Command type (application commands).</summary>
    public ApplicationCommandType? Type { get; init; }

    public IReadOnlyList<InteractionDataOption>? Options { get; init; }

    public Snowflake? GuildId { get; init; }

    /// <summary>Target user or message of a context-menu command.</summary>
    public Snowflake? TargetId { get; init; }

    public InteractionResolvedData? Resolved { get; init; }

    /// <summary>Component interactions: the custom_id given to the component.</summary>
    public string? CustomId { get; init; }

    /// <summary>Component interactions: the component type.</summary>
    public ComponentType? ComponentType { get; init; }

    /// <summary>Select menus: the chosen values.</summary>
    public IReadOnlyList<string>? Values { get; init; }

    /// <summary>The focused option of an autocomplete interaction, searched through sub-commands.</summary>
    public InteractionDataOption? FocusedOption => InteractionDataOption.FindFocused(Options);
}

/// <summary>A command option value, or a sub-command with nested options [RR].</summary>
public sealed record InteractionDataOption
{
    public required string Name { get; init; }

    public required ApplicationCommandOptionType Type { get; init; }

    /// <summary>String, integer, number or boolean value; absent for sub-commands.</summary>
    public JsonElement? Value { get; init; }

    public IReadOnlyList<InteractionDataOption>? Options { get; init; }

    /// <summary>True on the option the user is typing in an autocomplete interaction.</summary>
    public bool Focused { get; init; }

    /// <summary>The value as a string when it is a JSON string (or the raw text of other values).</summary>
    public string? StringValue => Value switch
    {
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
        { } value => value.GetRawText(),
        null => null,
    };

    internal static InteractionDataOption? FindFocused(IReadOnlyList<InteractionDataOption>? options)
    {
        if (options is null)
        {
            return null;
        }

        foreach (var option in options)
        {
            if (option.Focused)
            {
                return option;
            }

            if (FindFocused(option.Options) is { } nested)
            {
                return nested;
            }
        }

        return null;
    }
}

/// <summary>Resolved objects of an interaction, keyed by id [RR].</summary>
public sealed record InteractionResolvedData
{
    public IReadOnlyDictionary<Snowflake, User>? Users { get; init; }

    public IReadOnlyDictionary<Snowflake, GuildMember>? Members { get; init; }

    public IReadOnlyDictionary<Snowflake, Message>? Messages { get; init; }

    /// <summary>Files given to attachment options, keyed by the id the option's value holds.</summary>
    public IReadOnlyDictionary<Snowflake, Attachment>? Attachments { get; init; }
}

/// <summary>A file uploaded to Discord [MSG "Attachment Object"]; <see cref="Url"/> is on Discord's CDN and expires.</summary>
public sealed record Attachment
{
    public required Snowflake Id { get; init; }

    public required string Filename { get; init; }

    /// <summary>Size in bytes, as Discord reports it (the download is limited anyway).</summary>
    public long Size { get; init; }

    public required string Url { get; init; }

    public string? ContentType { get; init; }
}
