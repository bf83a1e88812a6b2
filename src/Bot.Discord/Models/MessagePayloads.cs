namespace Bot.Discord.Models;

/// <summary>Body of POST /channels/{channel.id}/messages [MSG]. Set <see cref="MessageReference"/> to reply.</summary>
public sealed record MessageCreate
{
    public string? Content { get; init; }

    public IReadOnlyList<Embed>? Embeds { get; init; }

    public IReadOnlyList<ActionRow>? Components { get; init; }

    /// <summary>Defaults to pinging nobody; override deliberately.</summary>
    public AllowedMentions? AllowedMentions { get; init; } = AllowedMentions.None;

    public MessageReference? MessageReference { get; init; }

    public MessageFlags? Flags { get; init; }

    public bool? Tts { get; init; }

    /// <summary>Up to 25 characters; with <see cref="EnforceNonce"/> Discord deduplicates retries.</summary>
    public string? Nonce { get; init; }

    public bool? EnforceNonce { get; init; }
}

/// <summary>A message sent through an interaction: callback types 4 and 7, and followups [RR].</summary>
public sealed record InteractionMessage
{
    public string? Content { get; init; }

    public IReadOnlyList<Embed>? Embeds { get; init; }

    public IReadOnlyList<ActionRow>? Components { get; init; }

    /// <summary>Defaults to pinging nobody; override deliberately.</summary>
    public AllowedMentions? AllowedMentions { get; init; } = AllowedMentions.None;

    /// <summary><see cref="MessageFlags.Ephemeral"/> makes it visible to the invoking user only.</summary>
    public MessageFlags? Flags { get; init; }

    public bool? Tts { get; init; }

    /// <summary>Files attached with the message; the REST client fills it in from the files it uploads.</summary>
    public IReadOnlyList<AttachmentRequest>? Attachments { get; init; }
}

/// <summary>Body of an edit (PATCH webhooks/.../messages/@original) [RR] [WH]. Null fields are left unchanged.</summary>
public sealed record MessageEdit
{
    public string? Content { get; init; }

    /// <summary>An empty list removes all embeds.</summary>
    public IReadOnlyList<Embed>? Embeds { get; init; }

    /// <summary>An empty list removes all components.</summary>
    public IReadOnlyList<ActionRow>? Components { get; init; }

    public AllowedMentions? AllowedMentions { get; init; } = AllowedMentions.None;

    public MessageFlags? Flags { get; init; }

    /// <summary>The attachments the message keeps: only those listed stay [REF "Editing Message Attachments"].</summary>
    public IReadOnlyList<AttachmentRequest>? Attachments { get; init; }
}
