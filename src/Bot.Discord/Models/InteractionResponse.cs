namespace Bot.Discord.Models;

/// <summary>Body of POST /interactions/{id}/{token}/callback [RR]. Build it with the factories.</summary>
public sealed record InteractionResponse
{
    public required InteractionCallbackType Type { get; init; }

    public InteractionCallbackData? Data { get; init; }

    /// <summary>Type 4: reply with a message now.</summary>
    public static InteractionResponse Message(InteractionMessage message) =>
        new() { Type = InteractionCallbackType.ChannelMessageWithSource, Data = InteractionCallbackData.From(message) };

    /// <summary>Type 5: "thinking..."; then edit the original response. Only the ephemeral flag is valid here.</summary>
    public static InteractionResponse Deferred(bool ephemeral = false) => new()
    {
        Type = InteractionCallbackType.DeferredChannelMessageWithSource,
        // The loading message becomes the answer: it carries allowed_mentions that ping nobody from the start.
        Data = new InteractionCallbackData { AllowedMentions = AllowedMentions.None, Flags = ephemeral ? MessageFlags.Ephemeral : null },
    };

    /// <summary>Type 6: acknowledge a component click silently; edit the message later.</summary>
    public static InteractionResponse DeferredUpdate() => new() { Type = InteractionCallbackType.DeferredUpdateMessage };

    /// <summary>Type 7: edit the message the clicked component is on.</summary>
    public static InteractionResponse UpdateMessage(InteractionMessage message) =>
        new() { Type = InteractionCallbackType.UpdateMessage, Data = InteractionCallbackData.From(message) };

    /// <summary>Type 8: autocomplete suggestions (at most 25).</summary>
    public static InteractionResponse Autocomplete(IReadOnlyList<ApplicationCommandChoice> choices) => new()
    {
        Type = InteractionCallbackType.ApplicationCommandAutocompleteResult,
        Data = new InteractionCallbackData { Choices = choices },
    };
}

/// <summary>The data of an interaction callback: message fields (types 4, 5, 7) or choices (type 8).</summary>
public sealed record InteractionCallbackData
{
    public bool? Tts { get; init; }

    public string? Content { get; init; }

    public IReadOnlyList<Embed>? Embeds { get; init; }

    public AllowedMentions? AllowedMentions { get; init; }

    public MessageFlags? Flags { get; init; }

    public IReadOnlyList<ActionRow>? Components { get; init; }

    public IReadOnlyList<ApplicationCommandChoice>? Choices { get; init; }

    public static InteractionCallbackData From(InteractionMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new()
        {
            Tts = message.Tts,
            Content = message.Content,
            Embeds = message.Embeds,
            AllowedMentions = message.AllowedMentions,
            Flags = message.Flags,
            Components = message.Components,
        };
    }
}
