namespace Bot.Discord.Models;

/// <summary>A rich embed to send [MSG]. Limits are checked before sending (see DiscordLimits).</summary>
public sealed record Embed
{
    public string? Title { get; init; }

    public string? Description { get; init; }

    public string? Url { get; init; }

    /// <summary>RGB colour, 0 to 0xFFFFFF.</summary>
    public int? Color { get; init; }

    public DateTimeOffset? Timestamp { get; init; }

    public EmbedFooter? Footer { get; init; }

    public EmbedAuthor? Author { get; init; }

    public EmbedMedia? Thumbnail { get; init; }

    public EmbedMedia? Image { get; init; }

    public IReadOnlyList<EmbedField>? Fields { get; init; }
}

public sealed record EmbedField
{
    public required string Name { get; init; }

    public required string Value { get; init; }

    public bool? Inline { get; init; }
}

public sealed record EmbedFooter
{
    public required string Text { get; init; }

    public string? IconUrl { get; init; }
}

public sealed record EmbedAuthor
{
    public required string Name { get; init; }

    public string? Url { get; init; }

    public string? IconUrl { get; init; }
}

public sealed record EmbedMedia
{
    public required string Url { get; init; }
}
