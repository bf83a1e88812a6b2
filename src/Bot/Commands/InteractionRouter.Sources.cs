using System.Globalization;
using System.Text;
using Bot.Discord.Models;
using Bot.Formatting;
using Bot.Sources;

namespace Bot.Commands;

/// <summary>/add-source and /remove-source: show what would change, change it when an admin confirms with a button.</summary>
internal sealed partial class InteractionRouter
{
    private const string SourcePrefix = "source:";
    private const string AddAction = "add";
    private const string ReplaceAction = "replace";
    private const string RemoveAction = "remove";
    private const string CancelAction = "cancel";

    /// <summary>Characters of the first passage shown in a preview: enough to recognise the document.</summary>
    private const int PreviewPassageLength = 600;

    private const string AdminsOnly = "Only members with the Manage Server permission can change the sources.";

    /// <summary>
    /// Discord shows the commands to members with Manage Server only (default_member_permissions), but server admins
    /// can change who sees them, so the member's permissions in the interaction are checked every time.
    /// </summary>
    internal static bool MayManageSources(Interaction interaction) =>
        interaction.GuildId is not null
        && ulong.TryParse(interaction.Member?.Permissions, NumberStyles.None, CultureInfo.InvariantCulture, out var permissions)
        && (permissions & (ulong)(CommandDefinitions.ManageGuildPermission | CommandDefinitions.AdministratorPermission)) != 0;

    private async Task AddSourceAsync(InteractionResponder responder, CancellationToken cancellationToken)
    {
        var interaction = responder.Interaction;
        if (!await PassSourceAdminAsync(responder, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var attachmentId = StringOption(interaction, CommandDefinitions.FileOption);
        var link = StringOption(interaction, CommandDefinitions.LinkOption);
        Attachment? attachment = null;
        if (attachmentId is not null && Snowflake.TryParse(attachmentId, out var id))
        {
            interaction.Data?.Resolved?.Attachments?.TryGetValue(id, out attachment);
        }

        if ((attachment is null) == string.IsNullOrWhiteSpace(link))
        {
            await responder.CompleteAsync("Attach a file or give a link (one of the two).", ephemeral: true, cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        Search.Ingestion.DocumentMetadata given;
        try
        {
            given = SourceLibrary.Given(
                StringOption(interaction, CommandDefinitions.TitleOption),
                StringOption(interaction, CommandDefinitions.AuthorOption),
                StringOption(interaction, CommandDefinitions.DateOption));
        }
        catch (SourceRefusedException ex)
        {
            await responder.CompleteAsync("**Not added:** " + DiscordMarkdown.Escape(ex.Message), ephemeral: true, cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        await responder.DeferAsync(ephemeral: true, cancellationToken).ConfigureAwait(false);
        SourcePreview preview;
        try
        {
            preview = attachment is not null
                ? await desk.PrepareAttachmentAsync(attachment.Url, attachment.Filename, attachment.Size, given, cancellationToken).ConfigureAwait(false)
                : await desk.PrepareLinkAsync(link ?? string.Empty, given, cancellationToken).ConfigureAwait(false);
        }
        catch (SourceRefusedException ex)
        {
            await responder.CompleteAsync("**Not added:** " + DiscordAnswerFormatter.Truncate(DiscordMarkdown.Escape(ex.Message), 1500), cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        var key = desk.Hold(preview, null, interaction.InvokingUser?.Id.Value ?? 0);
        Button[] buttons = preview.Existing is null
            ? [Button.Interactive(SourcePrefix + AddAction + ":" + key, "Add", ButtonStyle.Primary), CancelButton(key)]
            : [Button.Interactive(SourcePrefix + ReplaceAction + ":" + key, "Replace", ButtonStyle.Danger), CancelButton(key)];
        await responder.CompleteAsync(FormatPreview(preview), [ActionRow.Of(buttons)], cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private async Task RemoveSourceAsync(InteractionResponder responder, CancellationToken cancellationToken)
    {
        if (!await PassSourceAdminAsync(responder, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        string name;
        try
        {
            name = desk.Library.Resolve(StringOption(responder.Interaction, CommandDefinitions.FileOption) ?? string.Empty);
        }
        catch (SourceRefusedException ex)
        {
            await responder.CompleteAsync(DiscordMarkdown.Escape(ex.Message), ephemeral: true, cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        var key = desk.Hold(null, name, responder.Interaction.InvokingUser?.Id.Value ?? 0);
        await responder.CompleteAsync(
            "Remove `" + name.Replace('`', '\'') + "` from the sources? Its passages will no longer be quoted.",
            [ActionRow.Of([Button.Interactive(SourcePrefix + RemoveAction + ":" + key, "Remove", ButtonStyle.Danger), CancelButton(key)])],
            ephemeral: true,
            cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private async Task ConfirmSourceAsync(InteractionResponder responder, string state, CancellationToken cancellationToken)
    {
        if (!await PassSourceAdminAsync(responder, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var colon = state.IndexOf(':', StringComparison.Ordinal);
        var action = colon < 0 ? state : state[..colon];
        var change = colon < 0 ? null : desk.Take(state[(colon + 1)..]);
        if (change is null)
        {
            await responder.CompleteAsync("That request has expired or was already answered: nothing changed. Run the command again.", ephemeral: true, cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        await responder.DeferUpdateAsync(cancellationToken).ConfigureAwait(false);
        if (action == CancelAction)
        {
            await responder.CompleteAsync("Cancelled: nothing changed.", [], cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        var user = responder.Interaction.InvokingUser;
        IReadOnlyList<string> changes;
        try
        {
            changes = desk.Apply(change, replace: action == ReplaceAction, user?.Id.Value ?? 0, user?.Username ?? string.Empty);
        }
        catch (SourceRefusedException ex)
        {
            await responder.CompleteAsync("**Nothing changed:** " + DiscordMarkdown.Escape(ex.Message), [], cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        var reload = await reloader.ReloadAsync(force: true, cancellationToken).ConfigureAwait(false);
        var sb = new StringBuilder();
        foreach (var line in changes)
        {
            sb.Append("- ").Append(DiscordMarkdown.Escape(line)).Append('\n');
        }

        sb.Append(DiscordAnswerFormatter.FormatReindex(reload.Build, reload.Error));
        await responder.CompleteAsync(DiscordAnswerFormatter.Truncate(sb.ToString(), Bot.Discord.Rest.DiscordLimits.ContentLength), [], cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static Button CancelButton(string key) => Button.Interactive(SourcePrefix + CancelAction + ":" + key, "Cancel", ButtonStyle.Secondary);

    private static async Task<bool> PassSourceAdminAsync(InteractionResponder responder, CancellationToken cancellationToken)
    {
        if (MayManageSources(responder.Interaction))
        {
            return true;
        }

        await responder.CompleteAsync(
            responder.Interaction.GuildId is null ? "Sources can be changed in a server only." : AdminsOnly,
            ephemeral: true,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return false;
    }

    /// <summary>What was read from a document, for the admin to check before it is added.</summary>
    internal static string FormatPreview(SourcePreview preview)
    {
        var document = preview.Document;
        var metadata = document.Metadata;
        var first = document.Passages[0].Text.ReplaceLineEndings(" ");
        var sb = new StringBuilder();
        sb.Append("**Read from** `").Append(preview.Name.Replace('`', '\'')).Append("`:\n");
        sb.Append("**Title:** ").Append(DiscordAnswerFormatter.Truncate(DiscordMarkdown.Escape(document.Title), 300)).Append('\n');
        sb.Append("**Author:** ").Append(metadata.Authors.Count == 0 ? "none found" : DiscordAnswerFormatter.Truncate(DiscordMarkdown.Escape(string.Join("; ", metadata.Authors)), 300)).Append('\n');
        sb.Append("**Date:** ").Append(metadata.Date ?? "none found").Append('\n');
        sb.Append(CultureInfo.InvariantCulture, $"**Passages found:** {document.Passages.Count}\n");
        sb.Append("**First passage:**\n> ").Append(DiscordAnswerFormatter.Truncate(DiscordMarkdown.Escape(first), PreviewPassageLength)).Append('\n');
        sb.Append(preview.Existing is { } existing
            ? "`" + existing.Replace('`', '\'') + "` is already this source. Replace it?"
            : "Add it to the sources?");
        return sb.ToString();
    }
}
