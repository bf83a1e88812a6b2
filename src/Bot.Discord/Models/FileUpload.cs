namespace Bot.Discord.Models;

/// <summary>A file to attach to a message, sent as <c>files[n]</c> of a multipart/form-data body [REF "Uploading Files"].</summary>
/// <param name="FileName">The name Discord shows and links; it must be unique within the message.</param>
/// <param name="ContentType">The file's media type.</param>
/// <param name="Content">The file's bytes.</param>
/// <param name="Description">Alt text (at most 1,024 characters).</param>
public sealed record FileUpload(string FileName, string ContentType, ReadOnlyMemory<byte> Content, string? Description = null);

/// <summary>
/// Metadata of an attachment in a message's JSON (<c>attachments</c>) [MSG "Attachment Request Structure"]: for a
/// new file, <see cref="Id"/> is the <c>n</c> of its <c>files[n]</c> part.
/// </summary>
public sealed record AttachmentRequest
{
    /// <summary>A snowflake, or the placeholder index of a new file (sent as a string, as the spec's snowflake type is).</summary>
    public required string Id { get; init; }

    public string? Filename { get; init; }

    public string? Description { get; init; }
}
