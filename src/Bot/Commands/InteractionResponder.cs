using Bot.Discord.Models;
using Bot.Discord.Rest;

namespace Bot.Commands;

/// <summary>
/// Answers one interaction: remembers whether it was acknowledged (deferred or answered) so that the final reply,
/// or the apology after a failure, goes to the right endpoint. Every message carries allowed_mentions that ping nobody.
/// Edits and followups are not attempted once the interaction token's 15 minutes are over: they would fail with 401
/// and count as invalid requests [RR] [RL].
/// </summary>
internal sealed class InteractionResponder(DiscordRestClient rest, Interaction interaction, TimeProvider timeProvider, long receivedTimestamp)
{
    /// <summary>
    /// The token dies 15 minutes after Discord created the interaction; the bot counts from receipt, later by the
    /// delivery delay. The initial response was accepted, so that delay was under Discord's 3 s: stop 5 s early.
    /// </summary>
    public static readonly TimeSpan TokenUsableFor = Interaction.TokenLifetime - TimeSpan.FromSeconds(5);

    private enum State
    {
        None,
        Deferred,
        DeferredUpdate,
        Responded,
    }

    private State _state;

    public Interaction Interaction => interaction;

    public bool Acknowledged => _state != State.None;

    /// <summary>What the handler made of the interaction (see <see cref="Commands.Outcome"/>), for its log line.</summary>
    public string Outcome { get; set; } = Commands.Outcome.Answered;

    /// <summary>Time since the interaction was received.</summary>
    public TimeSpan Age => timeProvider.GetElapsedTime(receivedTimestamp);

    /// <summary>Acknowledges at once with "thinking…" (type 5); the reply follows with <see cref="CompleteAsync"/>.</summary>
    public async Task DeferAsync(bool ephemeral, CancellationToken cancellationToken)
    {
        await rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, InteractionResponse.Deferred(ephemeral), cancellationToken)
            .ConfigureAwait(false);
        _state = State.Deferred;
    }

    /// <summary>Acknowledges a button click without a loading state (type 6); the message is edited next.</summary>
    public async Task DeferUpdateAsync(CancellationToken cancellationToken)
    {
        await rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, InteractionResponse.DeferredUpdate(), cancellationToken)
            .ConfigureAwait(false);
        _state = State.DeferredUpdate;
    }

    /// <summary>Replies with a message (type 4), or edits the deferred response into it.</summary>
    public async Task CompleteAsync(string content, IReadOnlyList<ActionRow>? components = null, bool ephemeral = false, CancellationToken cancellationToken = default)
    {
        switch (_state)
        {
            case State.None:
                var message = new InteractionMessage
                {
                    Content = content,
                    Components = components,
                    AllowedMentions = AllowedMentions.None,
                    Flags = ephemeral ? MessageFlags.Ephemeral : null,
                };
                await rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, InteractionResponse.Message(message), cancellationToken)
                    .ConfigureAwait(false);
                break;
            case State.Deferred or State.DeferredUpdate:
                ThrowIfTokenExpired();
                var edit = new MessageEdit { Content = content, Components = components ?? [], AllowedMentions = AllowedMentions.None };
                await rest.EditOriginalResponseAsync(interaction.ApplicationId, interaction.Token, edit, cancellationToken).ConfigureAwait(false);
                break;
            default:
                ThrowIfTokenExpired();
                await rest.CreateFollowupMessageAsync(
                    interaction.ApplicationId,
                    interaction.Token,
                    new InteractionMessage { Content = content, Components = components, AllowedMentions = AllowedMentions.None, Flags = ephemeral ? MessageFlags.Ephemeral : null },
                    cancellationToken).ConfigureAwait(false);
                break;
        }

        _state = State.Responded;
    }

    /// <summary>Answers autocomplete (type 8).</summary>
    public async Task SuggestAsync(IReadOnlyList<ApplicationCommandChoice> choices, CancellationToken cancellationToken)
    {
        await rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, InteractionResponse.Autocomplete(choices), cancellationToken)
            .ConfigureAwait(false);
        _state = State.Responded;
    }

    /// <summary>After a failure: a short apology to the user alone where Discord allows it, never silence.</summary>
    public Task ApologizeAsync(CancellationToken cancellationToken)
    {
        const string Apology = "Sorry, something went wrong while answering that. Please try again in a moment.";
        return _state switch
        {
            // A button click acknowledged with type 6 leaves the message as it was; the apology goes to the clicker alone.
            State.DeferredUpdate => FollowupAsync(Apology, cancellationToken),
            _ when interaction.Type == InteractionType.ApplicationCommandAutocomplete => SuggestAsync([], cancellationToken),
            _ => CompleteAsync(Apology, [], ephemeral: true, cancellationToken),
        };
    }

    private void ThrowIfTokenExpired()
    {
        if (Age >= TokenUsableFor)
        {
            throw new DiscordInteractionExpiredException(FormattableString.Invariant(
                $"the reply was ready {Age.TotalMinutes:0.0} min after the interaction, past its token's {Interaction.TokenLifetime.TotalMinutes:0} min"));
        }
    }

    /// <summary>
    /// A followup with a file, to the invoking member alone (ephemeral): after a button click acknowledged with type 6
    /// it is a message of its own, not an edit of the one the button is on. The file is checked against the
    /// interaction's <c>attachment_size_limit</c> before it is sent.
    /// </summary>
    public async Task FollowupFileAsync(string content, FileUpload file, CancellationToken cancellationToken)
    {
        ThrowIfTokenExpired();
        await rest.CreateFollowupMessageAsync(
            interaction.ApplicationId,
            interaction.Token,
            new InteractionMessage { Content = content, AllowedMentions = AllowedMentions.None, Flags = MessageFlags.Ephemeral },
            [file],
            interaction.AttachmentSizeLimit,
            cancellationToken).ConfigureAwait(false);
        _state = State.Responded;
    }

    /// <summary>A followup message to the invoking member alone (ephemeral).</summary>
    public async Task FollowupAsync(string content, CancellationToken cancellationToken)
    {
        ThrowIfTokenExpired();
        await rest.CreateFollowupMessageAsync(
            interaction.ApplicationId,
            interaction.Token,
            new InteractionMessage { Content = content, AllowedMentions = AllowedMentions.None, Flags = MessageFlags.Ephemeral },
            cancellationToken).ConfigureAwait(false);
        _state = State.Responded;
    }
}
