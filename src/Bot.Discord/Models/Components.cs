using System.Text.Json.Serialization;

namespace Bot.Discord.Models;

/// <summary>A top-level action row holding up to 5 buttons [CR].</summary>
public sealed record ActionRow
{
    [JsonPropertyOrder(-1)]
    public ComponentType Type { get; init; } = ComponentType.ActionRow;

    public required IReadOnlyList<Button> Components { get; init; }

    public static ActionRow Of(params Button[] buttons) => new() { Components = buttons };
}

/// <summary>A button [CR]: interactive styles need a custom_id, Link needs a url.</summary>
public sealed record Button
{
    [JsonPropertyOrder(-1)]
    public ComponentType Type { get; init; } = ComponentType.Button;

    public required ButtonStyle Style { get; init; }

    /// <summary>Up to 80 characters.</summary>
    public string? Label { get; init; }

    /// <summary>1 to 100 characters; comes back as data.custom_id when clicked.</summary>
    public string? CustomId { get; init; }

    /// <summary>For Link buttons only.</summary>
    public string? Url { get; init; }

    public bool? Disabled { get; init; }

    public ComponentEmoji? Emoji { get; init; }

    public static Button Interactive(string customId, string label, ButtonStyle style = ButtonStyle.Secondary) =>
        new() { Style = style, CustomId = customId, Label = label };

    public static Button Link(string url, string label) => new() { Style = ButtonStyle.Link, Url = url, Label = label };
}

/// <summary>An emoji on a button: a unicode emoji by name, or a custom emoji by id.</summary>
public sealed record ComponentEmoji
{
    public Snowflake? Id { get; init; }

    public string? Name { get; init; }

    public bool? Animated { get; init; }
}
