namespace Bot.Discord.Models;

/// <summary>Which mentions in the content may ping [MSG]. Use <see cref="None"/> for any user or generated text.</summary>
public sealed record AllowedMentions
{
    /// <summary>Mention types to parse from the content: "roles", "users", "everyone". Empty = none.</summary>
    public IReadOnlyList<string>? Parse { get; init; }

    public IReadOnlyList<Snowflake>? Users { get; init; }

    public IReadOnlyList<Snowflake>? Roles { get; init; }

    public bool? RepliedUser { get; init; }

    /// <summary><c>{"parse":[],"replied_user":false}</c>: pings nobody, not even the author of a replied-to message.</summary>
    public static AllowedMentions None { get; } = new() { Parse = [], RepliedUser = false };
}
