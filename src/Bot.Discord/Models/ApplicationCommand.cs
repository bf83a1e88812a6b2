using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bot.Discord.Models;

/// <summary>An application command definition (bulk overwrite body item) and, with ids set, a registered command [AC].</summary>
public sealed record ApplicationCommand
{
    /// <summary>Set on commands returned by Discord.</summary>
    public Snowflake? Id { get; init; }

    /// <summary>Set on commands returned by Discord.</summary>
    public Snowflake? ApplicationId { get; init; }

    /// <summary>Set on commands returned by Discord (a snowflake that changes on each update).</summary>
    public Snowflake? Version { get; init; }

    public ApplicationCommandType Type { get; init; } = ApplicationCommandType.ChatInput;

    /// <summary>CHAT_INPUT: 1-32 of <c>[-_'\p{L}\p{N}]</c>, lowercase. USER/MESSAGE: 1-32, any case, spaces allowed.</summary>
    public required string Name { get; init; }

    /// <summary>CHAT_INPUT: 1-100 characters. USER/MESSAGE: must be empty.</summary>
    public string Description { get; init; } = "";

    public IReadOnlyList<ApplicationCommandOption>? Options { get; init; }

    /// <summary>
    /// Permission bitset (0 = administrators only); null = everyone [AC]. Discord's OpenAPI wants an integer in
    /// requests and returns a string, so it is written as a number and read from either.
    /// </summary>
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public long? DefaultMemberPermissions { get; init; }

    public IReadOnlyList<InteractionContextType>? Contexts { get; init; }

    public IReadOnlyList<ApplicationIntegrationType>? IntegrationTypes { get; init; }

    public bool? Nsfw { get; init; }

    /// <summary>A slash command.</summary>
    public static ApplicationCommand ChatInput(string name, string description, params ApplicationCommandOption[] options) =>
        new() { Type = ApplicationCommandType.ChatInput, Name = name, Description = description, Options = options };

    /// <summary>A message context-menu command (right-click a message, Apps).</summary>
    public static ApplicationCommand MessageContextMenu(string name) =>
        new() { Type = ApplicationCommandType.Message, Name = name };
}

/// <summary>An option of a slash command [AC].</summary>
public sealed record ApplicationCommandOption
{
    public required ApplicationCommandOptionType Type { get; init; }

    /// <summary>1-32 characters, same rule as CHAT_INPUT command names.</summary>
    public required string Name { get; init; }

    /// <summary>1-100 characters.</summary>
    public required string Description { get; init; }

    public bool? Required { get; init; }

    /// <summary>Not together with <see cref="Choices"/>.</summary>
    public bool? Autocomplete { get; init; }

    public IReadOnlyList<ApplicationCommandChoice>? Choices { get; init; }

    /// <summary>Sub-command and sub-command group options.</summary>
    public IReadOnlyList<ApplicationCommandOption>? Options { get; init; }

    public int? MinLength { get; init; }

    public int? MaxLength { get; init; }

    public double? MinValue { get; init; }

    public double? MaxValue { get; init; }

    public static ApplicationCommandOption StringOption(
        string name, string description, bool required = false, bool autocomplete = false, int? maxLength = null) => new()
    {
        Type = ApplicationCommandOptionType.String,
        Name = name,
        Description = description,
        Required = required ? true : null,
        Autocomplete = autocomplete ? true : null,
        MaxLength = maxLength,
    };

    public static ApplicationCommandOption IntegerOption(
        string name, string description, bool required = false, int? minValue = null, int? maxValue = null) => new()
    {
        Type = ApplicationCommandOptionType.Integer,
        Name = name,
        Description = description,
        Required = required ? true : null,
        MinValue = minValue,
        MaxValue = maxValue,
    };
}

/// <summary>A choice of a command option, or an autocomplete suggestion [AC].</summary>
public sealed record ApplicationCommandChoice
{
    /// <summary>1-100 characters, shown to the user.</summary>
    public required string Name { get; init; }

    /// <summary>A string (up to 100 characters), integer or number.</summary>
    public required JsonElement Value { get; init; }

    public static ApplicationCommandChoice FromString(string name, string value) =>
        new() { Name = name, Value = JsonSerializer.SerializeToElement(value, DiscordJsonContext.Default.String) };

    public static ApplicationCommandChoice FromInteger(string name, long value) =>
        new() { Name = name, Value = JsonSerializer.SerializeToElement(value, DiscordJsonContext.Default.Int64) };

    public static ApplicationCommandChoice FromNumber(string name, double value) =>
        new() { Name = name, Value = JsonSerializer.SerializeToElement(value, DiscordJsonContext.Default.Double) };

    /// <summary>The value as text (for length checks and display).</summary>
    public string ValueText => Value.ValueKind == JsonValueKind.String
        ? Value.GetString() ?? ""
        : Value.GetRawText();
}
