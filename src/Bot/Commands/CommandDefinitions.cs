using Bot.Discord.Models;

namespace Bot.Commands;

/// <summary>Every command the bot registers, in one place; <c>serve</c> registers them with one bulk overwrite.</summary>
internal static class CommandDefinitions
{
    public const string Ask = "ask";
    public const string Search = "search";
    public const string Sources = "sources";
    public const string Cite = "cite";
    public const string FindSources = "Find sources";
    public const string Reindex = "reindex";
    public const string AddSource = "add-source";
    public const string RemoveSource = "remove-source";

    /// <summary>MANAGE_GUILD: only members who may manage the server see <c>/reindex</c> (server admins can change that).</summary>
    public const long ManageGuildPermission = 32;

    public const string QuestionOption = "question";
    public const string PrivateOption = "private";
    public const string QueryOption = "query";
    public const string PassageOption = "passage";
    public const string StyleOption = "style";
    public const string FileOption = "file";
    public const string LinkOption = "link";
    public const string TitleOption = "title";
    public const string AuthorOption = "author";
    public const string DateOption = "date";

    /// <summary>ADMINISTRATOR, which implies every permission (MANAGE_GUILD included).</summary>
    public const long AdministratorPermission = 8;

    /// <summary>Longest question or query accepted from a slash command (Discord allows up to 6,000).</summary>
    public const int MaxQuestionLength = 500;

    public static IReadOnlyList<ApplicationCommand> All { get; } =
    [
        ApplicationCommand.ChatInput(
            Ask,
            "Ask a question; the answer quotes the sources word for word, with citations.",
            ApplicationCommandOption.StringOption(QuestionOption, "What you want to know", required: true, maxLength: MaxQuestionLength),
            new ApplicationCommandOption
            {
                Type = ApplicationCommandOptionType.Boolean,
                Name = PrivateOption,
                Description = "Show the answer to you alone",
            }),
        ApplicationCommand.ChatInput(
            Search,
            "List the passages that best match your words, ranked.",
            ApplicationCommandOption.StringOption(QueryOption, "Words to look for", required: true, maxLength: MaxQuestionLength)),
        ApplicationCommand.ChatInput(Sources, "List the documents the bot quotes from."),
        ApplicationCommand.ChatInput(
            Cite,
            "Get a citation of a passage, ready to paste: a debate card, MLA, APA or Chicago.",
            ApplicationCommandOption.StringOption(PassageOption, "Start typing words from the passage", required: true, autocomplete: true, maxLength: 100),
            ApplicationCommandOption.StringOption(StyleOption, "Citation style (a debate card if you leave it out)") with
            {
                Choices =
                [
                    ApplicationCommandChoice.FromString("Debate card", "card"),
                    ApplicationCommandChoice.FromString("MLA 9", "mla"),
                    ApplicationCommandChoice.FromString("APA 7", "apa"),
                    ApplicationCommandChoice.FromString("Chicago 17", "chicago"),
                ],
            }),
        ApplicationCommand.MessageContextMenu(FindSources),
        ApplicationCommand.ChatInput(Reindex, "Admins: rebuild the index from the documents folder now.") with
        {
            DefaultMemberPermissions = ManageGuildPermission,
            Contexts = [InteractionContextType.Guild],
        },
        ApplicationCommand.ChatInput(
            AddSource,
            "Admins: add a document (PDF, Word, web page, Markdown, text) from a file or a link.",
            new ApplicationCommandOption { Type = ApplicationCommandOptionType.Attachment, Name = FileOption, Description = "The document" },
            ApplicationCommandOption.StringOption(LinkOption, "Or a link to it (http or https)", maxLength: 2000),
            ApplicationCommandOption.StringOption(TitleOption, "Its title, if the document's own is wrong", maxLength: 500),
            ApplicationCommandOption.StringOption(AuthorOption, "Its authors, separated by ';'", maxLength: 500),
            ApplicationCommandOption.StringOption(DateOption, "When it was published: YYYY-MM-DD or YYYY-MM", maxLength: 10)) with
        {
            DefaultMemberPermissions = ManageGuildPermission,
            Contexts = [InteractionContextType.Guild],
        },
        ApplicationCommand.ChatInput(
            RemoveSource,
            "Admins: remove a document the bot quotes from.",
            ApplicationCommandOption.StringOption(FileOption, "Its file name, as /sources lists it", required: true, maxLength: 200)) with
        {
            DefaultMemberPermissions = ManageGuildPermission,
            Contexts = [InteractionContextType.Guild],
        },
    ];
}
