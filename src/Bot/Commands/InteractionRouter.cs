using System.Globalization;
using Bot.Discord.Models;
using Bot.Discord.Rest;
using Bot.Formatting;
using Bot.Hosting;
using Bot.Search;
using Bot.Sources;
using Microsoft.Extensions.Logging;

namespace Bot.Commands;

/// <summary>
/// Handles every interaction: /ask, /search (with paging buttons), /sources, /cite (with autocomplete), the
/// "Find sources" message command and the Cite buttons under answers. Each is acknowledged within Discord's 3 seconds
/// (deferred first when a search runs) and a failure becomes a short apology, never silence.
/// </summary>
internal sealed partial class InteractionRouter(
    DiscordRestClient rest,
    SearchEngine engine,
    CorpusReloader reloader,
    SourceDesk desk,
    UserCooldown cooldown,
    ButtonTexts texts,
    TimeProvider timeProvider,
    ILogger<InteractionRouter> logger)
{
    /// <summary>Passages per /search page.</summary>
    public const int SearchPageSize = 5;

    private const string SearchPrefix = "search:";

    /// <summary>Answers one interaction received at <paramref name="receivedTimestamp"/> (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public async Task HandleAsync(Interaction interaction, long receivedTimestamp, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var responder = new InteractionResponder(rest, interaction, timeProvider, receivedTimestamp);
        var what = Describe(interaction);
        try
        {
            await DispatchAsync(responder, cancellationToken).ConfigureAwait(false);
            var elapsedMs = timeProvider.GetElapsedTime(started).TotalMilliseconds;
            LogInteraction(interaction.Id.Value, what, responder.Outcome, elapsedMs);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (DiscordInteractionExpiredException ex)
        {
            // The interaction's token, not the bot's: an apology would use the same dead token, so none is sent.
            var ageSeconds = responder.Age.TotalSeconds;
            LogExpired(interaction.Id.Value, what, ageSeconds, ex.Message);
            var elapsedMs = timeProvider.GetElapsedTime(started).TotalMilliseconds;
            LogInteraction(interaction.Id.Value, what, Outcome.Expired, elapsedMs);
        }
        catch (DiscordRequestRefusedException ex)
        {
            // Sent nothing (a Cloudflare ban, or the invalid-request budget): an apology would be refused the same way.
            LogNotSent(interaction.Id.Value, what, ex.Message);
            var elapsedMs = timeProvider.GetElapsedTime(started).TotalMilliseconds;
            LogInteraction(interaction.Id.Value, what, Outcome.NotSent, elapsedMs);
        }
        catch (Exception ex)
        {
            LogHandlerFailed(ex, what, interaction.Id.Value);
            await TrySendAsync(() => responder.ApologizeAsync(cancellationToken), "apology", interaction.Id.Value).ConfigureAwait(false);

            var elapsedMs = timeProvider.GetElapsedTime(started).TotalMilliseconds;
            LogInteraction(interaction.Id.Value, what, Outcome.Failed, elapsedMs);
        }
    }

    /// <summary>Too many interactions in flight: tells the member at once (ephemeral, type 4) instead of queueing it.</summary>
    public async Task RejectBusyAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        if (interaction.Type == InteractionType.Ping)
        {
            return;
        }

        var started = timeProvider.GetTimestamp();
        var responder = new InteractionResponder(rest, interaction, timeProvider, started);
        var sent = await TrySendAsync(
            () => interaction.Type == InteractionType.ApplicationCommandAutocomplete
                ? responder.SuggestAsync([], cancellationToken)
                : responder.CompleteAsync(BusyMessage, ephemeral: true, cancellationToken: cancellationToken),
            "busy reply",
            interaction.Id.Value).ConfigureAwait(false);
        if (sent)
        {
            var what = Describe(interaction);
            var elapsedMs = timeProvider.GetElapsedTime(started).TotalMilliseconds;
            LogInteraction(interaction.Id.Value, what, Outcome.Busy, elapsedMs);
        }
    }

    /// <summary>
    /// Sends a busy reply or an apology; false when it could not be sent. The REST client has already retried what
    /// Discord failed on its side (5xx, network) for the requests that may be repeated.
    /// </summary>
    private async Task<bool> TrySendAsync(Func<Task> send, string reply, ulong interactionId)
    {
        try
        {
            await send().ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is DiscordRestException or HttpRequestException or DiscordValidationException)
        {
            LogReplyFailed(ex, reply, interactionId);
            return false;
        }
    }

    /// <summary>The reply when too many questions are being answered at once.</summary>
    public const string BusyMessage = "I'm answering a lot of questions right now. Please ask again in a moment.";

    private Task DispatchAsync(InteractionResponder responder, CancellationToken cancellationToken)
    {
        var interaction = responder.Interaction;
        var data = interaction.Data;
        return (interaction.Type, data?.Name) switch
        {
            (InteractionType.Ping, _) => Task.CompletedTask,
            (InteractionType.ApplicationCommand, CommandDefinitions.Ask) => AskAsync(responder, cancellationToken),
            (InteractionType.ApplicationCommand, CommandDefinitions.Search) => SearchAsync(responder, cancellationToken),
            (InteractionType.ApplicationCommand, CommandDefinitions.Sources) =>
                responder.CompleteAsync(DiscordAnswerFormatter.FormatSources(engine.Sources()), cancellationToken: cancellationToken),
            (InteractionType.ApplicationCommand, CommandDefinitions.Cite) => CiteCommandAsync(responder, cancellationToken),
            (InteractionType.ApplicationCommand, CommandDefinitions.FindSources) => FindSourcesAsync(responder, cancellationToken),
            (InteractionType.ApplicationCommand, CommandDefinitions.Reindex) => ReindexAsync(responder, cancellationToken),
            (InteractionType.ApplicationCommand, CommandDefinitions.AddSource) => AddSourceAsync(responder, cancellationToken),
            (InteractionType.ApplicationCommand, CommandDefinitions.RemoveSource) => RemoveSourceAsync(responder, cancellationToken),
            (InteractionType.ApplicationCommandAutocomplete, _) => AutocompleteAsync(responder, cancellationToken),
            (InteractionType.MessageComponent, _) when data?.CustomId is { } id && id.StartsWith(SearchPrefix, StringComparison.Ordinal) =>
                SearchPageAsync(responder, id[SearchPrefix.Length..], cancellationToken),
            (InteractionType.MessageComponent, _) when data?.CustomId is { } id && id.StartsWith(CitePrefix, StringComparison.Ordinal) =>
                PickCitationStyleAsync(responder, id[CitePrefix.Length..], cancellationToken),
            (InteractionType.MessageComponent, _) when data?.CustomId is { } id && id.StartsWith(CiteAsPrefix, StringComparison.Ordinal) =>
                CiteInStyleAsync(responder, id[CiteAsPrefix.Length..], cancellationToken),
            (InteractionType.MessageComponent, _) when data?.CustomId is { } id && id.StartsWith(SourcePrefix, StringComparison.Ordinal) =>
                ConfirmSourceAsync(responder, id[SourcePrefix.Length..], cancellationToken),
            (InteractionType.MessageComponent, _) when data?.CustomId is { } id && id.StartsWith(CardsPrefix, StringComparison.Ordinal) =>
                CardsFileAsync(responder, id[CardsPrefix.Length..], cancellationToken),
            _ => responder.CompleteAsync("I don't know that command. Try `/ask`, `/search`, `/sources` or `/cite`.", ephemeral: true, cancellationToken: cancellationToken),
        };
    }

    private async Task AskAsync(InteractionResponder responder, CancellationToken cancellationToken)
    {
        var question = ChatText.Clean(StringOption(responder.Interaction, CommandDefinitions.QuestionOption) ?? string.Empty);
        var ephemeral = BoolOption(responder.Interaction, CommandDefinitions.PrivateOption);
        if (question.Length == 0)
        {
            // Only mentions, emoji or a greeting: the same help a mention with no question gets, to the asker alone.
            await responder.CompleteAsync(MentionHandler.Help, ephemeral: true, cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!await PassCooldownAsync(responder, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        await responder.DeferAsync(ephemeral, cancellationToken).ConfigureAwait(false);
        var answer = engine.Ask(question);
        responder.Outcome = Outcome.Of(answer);
        await responder.CompleteAsync(DiscordAnswerFormatter.FormatAnswer(answer), AnswerButtons(answer.Quotes, question, texts), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task ReindexAsync(InteractionResponder responder, CancellationToken cancellationToken)
    {
        // Discord shows /reindex only to members with MANAGE_GUILD (default_member_permissions) and only in guilds.
        if (responder.Interaction.GuildId is null)
        {
            await responder.CompleteAsync("`/reindex` works in a server only.", ephemeral: true, cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        await responder.DeferAsync(ephemeral: true, cancellationToken).ConfigureAwait(false);
        var reload = await reloader.ReloadAsync(force: true, cancellationToken).ConfigureAwait(false);
        await responder.CompleteAsync(DiscordAnswerFormatter.FormatReindex(reload.Build, reload.Error), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private async Task FindSourcesAsync(InteractionResponder responder, CancellationToken cancellationToken)
    {
        var data = responder.Interaction.Data;
        Message? target = null;
        if (data?.TargetId is { } targetId)
        {
            data.Resolved?.Messages?.TryGetValue(targetId, out target);
        }

        var claim = ChatText.Clean(target?.Content ?? string.Empty);
        if (claim.Length == 0)
        {
            await responder.CompleteAsync("That message has no text I can look up.", ephemeral: true, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            return;
        }

        if (!await PassCooldownAsync(responder, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        await responder.DeferAsync(ephemeral: false, cancellationToken).ConfigureAwait(false);
        var answer = engine.Ask(claim);
        responder.Outcome = Outcome.Of(answer);
        var content = DiscordAnswerFormatter.FormatAnswer(answer, header: "**Sources on:** ");
        await responder.CompleteAsync(content, AnswerButtons(answer.Quotes, claim, texts), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private async Task SearchAsync(InteractionResponder responder, CancellationToken cancellationToken)
    {
        // Cleaned once here: the paging buttons carry the cleaned query.
        var query = ChatText.Clean(StringOption(responder.Interaction, CommandDefinitions.QueryOption) ?? string.Empty);
        if (!await PassCooldownAsync(responder, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        await responder.DeferAsync(ephemeral: false, cancellationToken).ConfigureAwait(false);
        await responder.CompleteAsync(RenderSearch(query, 0, out var buttons), buttons, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private async Task SearchPageAsync(InteractionResponder responder, string state, CancellationToken cancellationToken)
    {
        // state is "<offset>:<query>" or "<offset>#<hash>" for a query remembered here.
        var cut = state.AsSpan().IndexOfAny(':', '#');
        string? query = null;
        if (cut > 0 && int.TryParse(state.AsSpan(0, cut), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            query = texts.Resolve(state[cut..]);
        }
        else
        {
            offset = 0;
        }

        if (query is null)
        {
            await responder.CompleteAsync("This result list has expired. Run `/search` again.", ephemeral: true, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            return;
        }

        await responder.DeferUpdateAsync(cancellationToken).ConfigureAwait(false);
        await responder.CompleteAsync(RenderSearch(query, offset, out var buttons), buttons, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private string RenderSearch(string query, int offset, out IReadOnlyList<ActionRow> buttons)
    {
        var page = engine.Search(query, Math.Clamp(offset, 0, 10_000), SearchPageSize);
        var key = QueryKey(query);
        var previous = Math.Max(0, page.Offset - SearchPageSize);
        var next = page.Offset + SearchPageSize;
        var row = new List<Button>();
        if (page.Total > SearchPageSize || page.Offset > 0)
        {
            row.Add(Button.Interactive(PageId(previous, key), "Previous") with { Disabled = page.Offset == 0 });
            row.Add(Button.Interactive(PageId(next, key), "Next") with { Disabled = next >= page.Total });
        }

        if (page.Hits.Count > 0)
        {
            row.Add(CardsButton(string.Create(CultureInfo.InvariantCulture, $"s{page.Offset}{key}")));
        }

        buttons = row.Count == 0 ? [] : [ActionRow.Of([.. row])];
        return DiscordAnswerFormatter.FormatSearchPage(page);
    }

    /// <summary><c>search:&lt;offset&gt;&lt;key&gt;</c>; Previous and Next always differ by a page, so ids stay unique.</summary>
    private static string PageId(int offset, string key) =>
        string.Create(CultureInfo.InvariantCulture, $"{SearchPrefix}{offset}{key}");

    /// <summary><c>:query</c> when it fits in a custom_id beside the prefix and a page offset, else <c>#hash</c> of a remembered query.</summary>
    private string QueryKey(string query) => texts.Key(query, DiscordLimits.CustomIdLength - SearchPrefix.Length - 6);

    private Task AutocompleteAsync(InteractionResponder responder, CancellationToken cancellationToken)
    {
        var focused = responder.Interaction.Data?.FocusedOption;
        IReadOnlyList<ApplicationCommandChoice> choices = [];
        if (responder.Interaction.Data?.Name == CommandDefinitions.Cite && focused?.Name == CommandDefinitions.PassageOption)
        {
            choices =
            [
                .. engine.Suggest(focused.StringValue ?? string.Empty, DiscordLimits.Choices)
                    .Where(q => q.PassageId.Length <= DiscordLimits.ChoiceLength)
                    .Select(q => ApplicationCommandChoice.FromString(DiscordAnswerFormatter.FormatSuggestion(q), q.PassageId)),
            ];
        }

        return responder.SuggestAsync(choices, cancellationToken);
    }

    private async Task<bool> PassCooldownAsync(InteractionResponder responder, CancellationToken cancellationToken)
    {
        var user = responder.Interaction.InvokingUser?.Id.Value ?? 0;
        if (cooldown.TryEnter(user, out var wait))
        {
            return true;
        }

        responder.Outcome = Outcome.Cooldown;
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        await responder.CompleteAsync(
            string.Create(CultureInfo.InvariantCulture, $"You're asking faster than I answer: try again in {seconds} s."),
            ephemeral: true,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return false;
    }

    private static string? StringOption(Interaction interaction, string name) =>
        interaction.Data?.Options?.FirstOrDefault(o => o.Name == name)?.StringValue;

    private static bool BoolOption(Interaction interaction, string name) =>
        interaction.Data?.Options?.FirstOrDefault(o => o.Name == name)?.Value is { ValueKind: System.Text.Json.JsonValueKind.True };

    private static string Describe(Interaction interaction) => interaction.Type switch
    {
        InteractionType.ApplicationCommand => "/" + interaction.Data?.Name,
        InteractionType.ApplicationCommandAutocomplete => "autocomplete /" + interaction.Data?.Name,
        InteractionType.MessageComponent => "button " + (interaction.Data?.CustomId?.Split(':')[0] ?? "?"),
        _ => interaction.Type.ToString(),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Interaction {InteractionId} {What}: {Outcome} in {ElapsedMs:0.0} ms")]
    private partial void LogInteraction(ulong interactionId, string what, string outcome, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling {What} (interaction {InteractionId}) failed; apologising")]
    private partial void LogHandlerFailed(Exception exception, string what, ulong interactionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Interaction {InteractionId} {What} expired after {AgeSeconds:0.0} s, so nothing more was sent (an interaction token works 15 minutes; the bot token is fine): {Reason}")]
    private partial void LogExpired(ulong interactionId, string what, double ageSeconds, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Interaction {InteractionId} {What} was not answered: {Reason}")]
    private partial void LogNotSent(ulong interactionId, string what, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send the {Reply} for interaction {InteractionId}")]
    private partial void LogReplyFailed(Exception exception, string reply, ulong interactionId);
}
