using System.Globalization;
using Bot.Discord.Models;
using Bot.Discord.Rest;
using Bot.Formatting;
using Bot.Search;
using Microsoft.Extensions.Logging;

namespace Bot.Commands;

/// <summary>
/// Answers a message that mentions the bot, or any message in a DM with it, as a reply to that message. Messages
/// from bots (the bot itself included) and webhooks get nothing. Needs no privileged intent: Discord sends the text
/// of messages that mention the app and of DMs to it. In a channel where the bot may read but not send, the first
/// refused reply puts the channel on the REST client's cool-down: no apology follows, and later mentions there
/// cost no request.
/// </summary>
internal sealed partial class MentionHandler(
    DiscordRestClient rest,
    SearchEngine engine,
    UserCooldown cooldown,
    ButtonTexts texts,
    TimeProvider timeProvider,
    ILogger<MentionHandler> logger)
{
    /// <summary>The reply to a message with no question left once mentions, emoji and greetings are gone.</summary>
    public const string Help = "Ask me about the sources, for example: who said crimes go unsolved? I quote the passages that answer, with citations.";

    // One "slow down" notice per cooldown period and user, so a burst of mentions gets one notice, not a flood.
    private readonly UserCooldown _notices = new(cooldown.Period, timeProvider);

    /// <summary>True when the message is one the bot answers.</summary>
    public static bool IsForBot(Message message, Snowflake botUserId) =>
        !message.Author.Bot
        && message.Author.Id != botUserId
        && message.WebhookId is null
        && message.Type is 0 or 19
        && (message.GuildId is null || message.Mentioned(botUserId));

    public async Task HandleAsync(Message message, Snowflake botUserId, CancellationToken cancellationToken)
    {
        if (!IsForBot(message, botUserId))
        {
            return;
        }

        var started = timeProvider.GetTimestamp();
        try
        {
            var question = ChatText.Clean(message.Content);
            string content;
            var outcome = Outcome.Answered;
            var priority = RequestPriority.Normal;
            IReadOnlyList<ActionRow>? components = null;
            if (question.Length == 0)
            {
                content = Help;
            }
            else if (!cooldown.TryEnter(message.Author.Id.Value, out var wait))
            {
                if (!_notices.TryEnter(message.Author.Id.Value, out _))
                {
                    return;
                }

                outcome = Outcome.Cooldown;
                priority = RequestPriority.Optional;
                content = string.Create(CultureInfo.InvariantCulture, $"You're asking faster than I answer: try again in {Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} s.");
            }
            else
            {
                var answer = engine.Ask(question);
                outcome = Outcome.Of(answer);
                content = DiscordAnswerFormatter.FormatAnswer(answer);
                components = InteractionRouter.AnswerButtons(answer.Quotes, question, texts);
            }

            await ReplyAsync(message, content, components, priority, cancellationToken).ConfigureAwait(false);
            var elapsedMs = timeProvider.GetElapsedTime(started).TotalMilliseconds;
            LogMention(message.Id.Value, outcome, elapsedMs);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (DiscordRestException ex) when (IsRefusal(ex))
        {
            // An apology would go to the same channel and be refused the same way.
            LogNotSent(message.Id.Value, message.ChannelId.Value, ex.Message);
            var elapsedMs = timeProvider.GetElapsedTime(started).TotalMilliseconds;
            LogMention(message.Id.Value, Outcome.NotSent, elapsedMs);
        }
        catch (Exception ex)
        {
            LogFailed(ex, message.Id.Value);
            try
            {
                await ReplyAsync(message, "Sorry, something went wrong while answering that. Please try again in a moment.", null, RequestPriority.Optional, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (Exception apologyFailure) when (apologyFailure is DiscordRestException or HttpRequestException)
            {
                LogApologyFailed(apologyFailure, message.Id.Value);
            }

            var elapsedMs = timeProvider.GetElapsedTime(started).TotalMilliseconds;
            LogMention(message.Id.Value, Outcome.Failed, elapsedMs);
        }
    }

    /// <summary>
    /// Tells the author of a mention that arrived while the bot was at its bound that it is busy: at most one notice
    /// per user and cooldown period, so that a flood does not become a flood of replies.
    /// </summary>
    public async Task RejectBusyAsync(Message message, Snowflake botUserId, CancellationToken cancellationToken)
    {
        if (!IsForBot(message, botUserId) || !_notices.TryEnter(message.Author.Id.Value, out _))
        {
            LogMention(message.Id.Value, Outcome.Busy, 0);
            return;
        }

        var started = timeProvider.GetTimestamp();
        try
        {
            await ReplyAsync(message, InteractionRouter.BusyMessage, null, RequestPriority.Optional, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DiscordRestException or HttpRequestException)
        {
            LogApologyFailed(ex, message.Id.Value);
        }

        var elapsedMs = timeProvider.GetElapsedTime(started).TotalMilliseconds;
        LogMention(message.Id.Value, Outcome.Busy, elapsedMs);
    }

    /// <summary>
    /// The channel refuses the bot (Missing Access or Permissions, Unknown Channel), or the REST client held the reply
    /// back (that channel's cool-down, the invalid-request budget, a Cloudflare ban).
    /// </summary>
    private static bool IsRefusal(DiscordRestException ex) =>
        ex is DiscordRequestRefusedException || ex.ErrorCode is 50001 or 50013 or 10003;

    private Task<Message> ReplyAsync(Message message, string content, IReadOnlyList<ActionRow>? components, RequestPriority priority, CancellationToken cancellationToken) =>
        rest.CreateMessageAsync(
            message.ChannelId,
            new MessageCreate
            {
                Content = content,
                Components = components is { Count: > 0 } ? components : null,
                AllowedMentions = AllowedMentions.None,
                MessageReference = MessageReference.ReplyTo(message.Id, message.ChannelId, message.GuildId),
            },
            priority,
            cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Mention {MessageId}: {Outcome} in {ElapsedMs:0.0} ms")]
    private partial void LogMention(ulong messageId, string outcome, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Answering mention (message {MessageId}) failed; apologising")]
    private partial void LogFailed(Exception exception, ulong messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mention {MessageId} in channel {ChannelId} was not answered: {Reason}")]
    private partial void LogNotSent(ulong messageId, ulong channelId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send the apology or busy notice for message {MessageId}")]
    private partial void LogApologyFailed(Exception exception, ulong messageId);
}
