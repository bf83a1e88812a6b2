using System.Globalization;
using System.Text.RegularExpressions;
using Bot.Discord.Models;

namespace Bot.Discord.Rest;

/// <summary>
/// Discord's documented limits, checked before sending so that callers get a clear
/// <see cref="DiscordValidationException"/> instead of Discord's 400 [MSG] [CR] [AC].
/// </summary>
public static partial class DiscordLimits
{
    public const int ContentLength = 2000;
    public const int EmbedsPerMessage = 10;
    public const int EmbedTitleLength = 256;
    public const int EmbedDescriptionLength = 4096;
    public const int EmbedFields = 25;
    public const int EmbedFieldNameLength = 256;
    public const int EmbedFieldValueLength = 1024;
    public const int EmbedFooterLength = 2048;
    public const int EmbedAuthorNameLength = 256;
    public const int EmbedTotalLength = 6000;
    public const int ActionRows = 5;
    public const int ButtonsPerRow = 5;
    public const int CustomIdLength = 100;
    public const int ButtonLabelLength = 80;
    public const int Choices = 25;
    public const int ChoiceLength = 100;
    public const int CommandNameLength = 32;
    public const int CommandDescriptionLength = 100;
    public const int CommandOptions = 25;
    public const int BulkCommands = 130;

    /// <summary>Files per message [MSG].</summary>
    public const int FilesPerMessage = 10;

    /// <summary>Each file's size when the interaction does not say (<c>attachment_size_limit</c>): 10 MiB [REF].</summary>
    public const long DefaultAttachmentSizeLimit = 10 * 1024 * 1024;

    /// <summary>A whole request with its files: 25 MiB [MSG].</summary>
    public const long RequestSizeLimit = 25 * 1024 * 1024;

    public const int AttachmentDescriptionLength = 1024;

    /// <summary>
    /// Checks files before they are sent: at most <see cref="FilesPerMessage"/>, each named uniquely and within
    /// <paramref name="sizeLimit"/> bytes, all together within <see cref="RequestSizeLimit"/>.
    /// </summary>
    public static void Validate(IReadOnlyList<FileUpload> files, long sizeLimit)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count is 0 or > FilesPerMessage)
        {
            throw new DiscordValidationException($"A message takes 1 to {FilesPerMessage} files, not {files.Count}.");
        }

        long total = 0;
        foreach (var file in files)
        {
            if (string.IsNullOrWhiteSpace(file.FileName) || file.FileName.Length > 1024 || file.FileName.IndexOfAny(['"', '\\', '/', '\r', '\n']) >= 0)
            {
                throw new DiscordValidationException("Each file needs a plain file name (no quotes, slashes or line breaks).");
            }

            if (file.Content.Length > sizeLimit)
            {
                throw new DiscordValidationException($"The file '{file.FileName}' is {file.Content.Length} bytes; Discord takes at most {sizeLimit} here.");
            }

            if (file.Description is { Length: > AttachmentDescriptionLength })
            {
                throw new DiscordValidationException($"A file's description is longer than {AttachmentDescriptionLength} characters.");
            }

            total += file.Content.Length;
        }

        if (files.Select(f => f.FileName).Distinct(StringComparer.Ordinal).Count() != files.Count)
        {
            throw new DiscordValidationException("Two files of one message have the same name.");
        }

        if (total > RequestSizeLimit)
        {
            throw new DiscordValidationException($"The files come to {total} bytes; Discord takes at most {RequestSizeLimit} in one request.");
        }
    }

    public static void Validate(MessageCreate message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ValidateMessage(message.Content, message.Embeds, message.Components);
        if (string.IsNullOrEmpty(message.Content) && message.Embeds is not { Count: > 0 } && message.Components is not { Count: > 0 })
        {
            throw new DiscordValidationException("A message needs content, embeds or components.");
        }

        if (message.Nonce is { Length: > 25 })
        {
            throw new DiscordValidationException("The nonce is longer than 25 characters.");
        }
    }

    public static void Validate(InteractionMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ValidateMessage(message.Content, message.Embeds, message.Components);
    }

    public static void Validate(MessageEdit edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        ValidateMessage(edit.Content, edit.Embeds, edit.Components);
    }

    public static void Validate(InteractionResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Data is not { } data)
        {
            if (response.Type is InteractionCallbackType.ChannelMessageWithSource or InteractionCallbackType.UpdateMessage
                or InteractionCallbackType.ApplicationCommandAutocompleteResult)
            {
                throw new DiscordValidationException($"Interaction callback type {(int)response.Type} needs data.");
            }

            return;
        }

        ValidateMessage(data.Content, data.Embeds, data.Components);
        if (data.Choices is { } choices)
        {
            ValidateChoices(choices, "autocomplete result");
        }
    }

    public static void Validate(IReadOnlyList<ApplicationCommand> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        if (commands.Count > BulkCommands)
        {
            throw new DiscordValidationException($"A bulk overwrite takes at most {BulkCommands} commands, not {commands.Count}.");
        }

        foreach (var command in commands)
        {
            Validate(command);
        }
    }

    public static void Validate(ApplicationCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var what = $"Command '{command.Name}'";
        if (command.Type == ApplicationCommandType.ChatInput)
        {
            ValidateChatInputName(command.Name, what);
            ValidateDescription(command.Description, what);
        }
        else
        {
            if (command.Name.Length is < 1 or > CommandNameLength)
            {
                throw new DiscordValidationException($"{what}: a context-menu command name must be 1-{CommandNameLength} characters.");
            }

            if (command.Description.Length != 0)
            {
                throw new DiscordValidationException($"{what}: context-menu commands must have an empty description.");
            }

            if (command.Options is { Count: > 0 })
            {
                throw new DiscordValidationException($"{what}: only slash commands take options.");
            }
        }

        ValidateOptions(command.Options, what);
    }

    private static void ValidateOptions(IReadOnlyList<ApplicationCommandOption>? options, string what)
    {
        if (options is null)
        {
            return;
        }

        if (options.Count > CommandOptions)
        {
            throw new DiscordValidationException($"{what}: at most {CommandOptions} options, not {options.Count}.");
        }

        var seenOptional = false;
        foreach (var option in options)
        {
            var optionWhat = $"{what}, option '{option.Name}'";
            ValidateChatInputName(option.Name, optionWhat);
            ValidateDescription(option.Description, optionWhat);
            if (option.Choices is { } choices)
            {
                if (option.Autocomplete == true)
                {
                    throw new DiscordValidationException($"{optionWhat}: autocomplete cannot be combined with choices.");
                }

                ValidateChoices(choices, optionWhat);
            }

            if (option.Type is ApplicationCommandOptionType.SubCommand or ApplicationCommandOptionType.SubCommandGroup)
            {
                ValidateOptions(option.Options, optionWhat);
            }
            else if (option.Required == true && seenOptional)
            {
                throw new DiscordValidationException($"{optionWhat}: required options must come before optional ones.");
            }
            else if (option.Required != true)
            {
                seenOptional = true;
            }
        }
    }

    private static void ValidateChoices(IReadOnlyList<ApplicationCommandChoice> choices, string what)
    {
        if (choices.Count > Choices)
        {
            throw new DiscordValidationException($"{what}: at most {Choices} choices, not {choices.Count}.");
        }

        foreach (var choice in choices)
        {
            if (choice.Name.Length is < 1 or > ChoiceLength)
            {
                throw new DiscordValidationException($"{what}: a choice name must be 1-{ChoiceLength} characters.");
            }

            if (choice.Value.ValueKind == System.Text.Json.JsonValueKind.String && choice.ValueText.Length > ChoiceLength)
            {
                throw new DiscordValidationException($"{what}: a choice value must be at most {ChoiceLength} characters.");
            }
        }
    }

    private static void ValidateChatInputName(string name, string what)
    {
        if (!ChatInputName().IsMatch(name))
        {
            throw new DiscordValidationException(
                $"{what}: a name must be 1-{CommandNameLength} letters, digits, '-', '_' or '\\''.");
        }

        if (!string.Equals(name, name.ToLower(CultureInfo.InvariantCulture), StringComparison.Ordinal))
        {
            throw new DiscordValidationException($"{what}: slash command and option names must be lowercase.");
        }
    }

    private static void ValidateDescription(string? description, string what)
    {
        if (description is null || description.Length is < 1 or > CommandDescriptionLength)
        {
            throw new DiscordValidationException($"{what}: the description must be 1-{CommandDescriptionLength} characters.");
        }
    }

    private static void ValidateMessage(string? content, IReadOnlyList<Embed>? embeds, IReadOnlyList<ActionRow>? components)
    {
        if (content is { Length: > ContentLength })
        {
            throw new DiscordValidationException($"Message content is {content.Length} characters; Discord allows {ContentLength}.");
        }

        if (embeds is not null)
        {
            ValidateEmbeds(embeds);
        }

        if (components is not null)
        {
            ValidateComponents(components);
        }
    }

    private static void ValidateEmbeds(IReadOnlyList<Embed> embeds)
    {
        if (embeds.Count > EmbedsPerMessage)
        {
            throw new DiscordValidationException($"A message has at most {EmbedsPerMessage} embeds, not {embeds.Count}.");
        }

        var total = 0;
        foreach (var embed in embeds)
        {
            total += Check(embed.Title, EmbedTitleLength, "embed title");
            total += Check(embed.Description, EmbedDescriptionLength, "embed description");
            total += Check(embed.Footer?.Text, EmbedFooterLength, "embed footer text");
            total += Check(embed.Author?.Name, EmbedAuthorNameLength, "embed author name");
            if (embed.Color is < 0 or > 0xFFFFFF)
            {
                throw new DiscordValidationException("An embed color must be between 0 and 0xFFFFFF.");
            }

            if (embed.Fields is { } fields)
            {
                if (fields.Count > EmbedFields)
                {
                    throw new DiscordValidationException($"An embed has at most {EmbedFields} fields, not {fields.Count}.");
                }

                foreach (var field in fields)
                {
                    total += Check(field.Name, EmbedFieldNameLength, "embed field name");
                    total += Check(field.Value, EmbedFieldValueLength, "embed field value");
                }
            }
        }

        if (total > EmbedTotalLength)
        {
            throw new DiscordValidationException(
                $"The embeds hold {total} characters of text; Discord allows {EmbedTotalLength} per message.");
        }
    }

    private static int Check(string? text, int limit, string what)
    {
        // Discord measures embed text after trimming leading and trailing whitespace [MSG].
        var length = text?.Trim().Length ?? 0;
        if (length > limit)
        {
            throw new DiscordValidationException($"The {what} is {length} characters; Discord allows {limit}.");
        }

        return length;
    }

    private static void ValidateComponents(IReadOnlyList<ActionRow> rows)
    {
        if (rows.Count > ActionRows)
        {
            throw new DiscordValidationException($"A message has at most {ActionRows} action rows, not {rows.Count}.");
        }

        var customIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row.Components.Count is < 1 or > ButtonsPerRow)
            {
                throw new DiscordValidationException($"An action row holds 1-{ButtonsPerRow} buttons, not {row.Components.Count}.");
            }

            foreach (var button in row.Components)
            {
                if (button.Label is { Length: > ButtonLabelLength })
                {
                    throw new DiscordValidationException($"A button label is at most {ButtonLabelLength} characters.");
                }

                if (button.Style == ButtonStyle.Link)
                {
                    if (string.IsNullOrEmpty(button.Url) || button.CustomId is not null)
                    {
                        throw new DiscordValidationException("A link button needs a url and no custom_id.");
                    }

                    continue;
                }

                if (button.CustomId is not { Length: >= 1 and <= CustomIdLength } customId)
                {
                    throw new DiscordValidationException($"A button custom_id must be 1-{CustomIdLength} characters.");
                }

                if (!customIds.Add(customId))
                {
                    throw new DiscordValidationException($"The custom_id '{customId}' is used twice in one message.");
                }
            }
        }
    }

    [GeneratedRegex(@"^[-_'\p{L}\p{N}\p{IsDevanagari}\p{IsThai}]{1,32}$")]
    private static partial Regex ChatInputName();
}
