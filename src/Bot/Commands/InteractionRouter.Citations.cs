using System.Buffers;
using System.Globalization;
using Bot.Discord.Models;
using Bot.Discord.Rest;
using Bot.Formatting;
using Bot.Search.Answers;
using Bot.Search.Citations;
using Microsoft.Extensions.Logging;

namespace Bot.Commands;

/// <summary>
/// Citations in Discord: <c>/cite</c> in a chosen style, the Cite button under a passage (the member picks a style,
/// the citation comes back to them alone), and the "Download cards (.docx)" button under answers and search pages.
/// </summary>
internal sealed partial class InteractionRouter
{
    /// <summary>Label of the button that attaches the cards as a Word file.</summary>
    public const string CardsLabel = "Download cards (.docx)";

    /// <summary>Name of the attached Word file.</summary>
    public const string CardsFileName = "cards.docx";

    /// <summary>
    /// The style of <c>/cite</c> without one: a card, because the bot serves a policy-debate server, whose members cut
    /// cards, and because a card is the one style that carries the passage itself, as a citation to paste into a
    /// discussion needs; MLA, APA and Chicago are one pick away.
    /// </summary>
    public const CitationStyle DefaultStyle = CitationStyle.Card;

    // cite:<question hash or ->:<passage id>, citeas:<style>:<question hash or ->:<passage id>, docx:a<question key> or
    // docx:s<offset><query key>. The hash lets the citation underline what answers the question the passage was
    // quoted for; a forgotten one only costs the underline.
    private const string CitePrefix = "cite:";
    private const string CiteAsPrefix = "citeas:";
    private const string CardsPrefix = "docx:";
    private const string NoQuestion = "-";

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789ABCDEF");

    private static readonly string[] StyleLabels = ["Card", "MLA", "APA", "Chicago"];

    /// <summary>
    /// Under an answer: a Cite button for each quoted passage (up to four, its id and the question's hash in the
    /// custom_id when they fit) and the button that attaches all of them as cards.
    /// </summary>
    internal static IReadOnlyList<ActionRow> AnswerButtons(IReadOnlyList<Quote> quotes, string question, ButtonTexts texts)
    {
        ArgumentNullException.ThrowIfNull(quotes);
        ArgumentNullException.ThrowIfNull(texts);
        if (quotes.Count == 0)
        {
            return [];
        }

        var hash = texts.Hash(question);
        var cites = quotes
            .Select((q, i) => (Id: CiteId(hash, q.PassageId), Label: string.Create(CultureInfo.InvariantCulture, $"Cite {i + 1}")))
            .Where(b => b.Id is not null)
            .DistinctBy(b => b.Id)
            .Take(DiscordLimits.ButtonsPerRow - 1)
            .Select(b => Button.Interactive(b.Id!, b.Label));
        var cards = CardsButton("a" + texts.Key(question, DiscordLimits.CustomIdLength - CardsPrefix.Length - 1));
        return [ActionRow.Of([.. cites, cards])];
    }

    private static Button CardsButton(string state) => Button.Interactive(CardsPrefix + state, CardsLabel, ButtonStyle.Primary);

    /// <summary><c>cite:&lt;hash&gt;:&lt;id&gt;</c>, without the hash when that is too long; null when even the id is.</summary>
    private static string? CiteId(string hash, string passageId) =>
        new[] { CitePrefix + hash + ":" + passageId, CitePrefix + NoQuestion + ":" + passageId }.FirstOrDefault(id => id.Length <= DiscordLimits.CustomIdLength);

    private async Task CiteCommandAsync(InteractionResponder responder, CancellationToken cancellationToken)
    {
        var value = StringOption(responder.Interaction, CommandDefinitions.PassageOption) ?? string.Empty;
        var style = DefaultStyle;
        if (StringOption(responder.Interaction, CommandDefinitions.StyleOption) is { } styleName && !CitationFormatter.TryParseStyle(styleName, out style))
        {
            await responder.CompleteAsync(UnknownStyle(styleName), ephemeral: true, cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        // The value is a passage id picked from autocomplete, or words typed without picking: take the best match then.
        var quote = engine.GetPassage(value) ?? (engine.Suggest(value, 1) is [var best, ..] ? engine.GetPassage(best.PassageId) : null);
        if (quote is null)
        {
            await responder.CompleteAsync(PassageGone, ephemeral: true, cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        await responder.CompleteAsync(DiscordAnswerFormatter.FormatCitation(CitationFormatter.Format(style, quote)), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>The Cite button: asks the clicker, alone, which style they want, with a button for each.</summary>
    private Task PickCitationStyleAsync(InteractionResponder responder, string state, CancellationToken cancellationToken)
    {
        var (hash, passageId) = SplitCiteState(state);
        var quote = engine.GetPassage(passageId);
        if (quote is null)
        {
            return responder.CompleteAsync(PassageGone, ephemeral: true, cancellationToken: cancellationToken);
        }

        var buttons = CitationFormatter.StyleNames
            .Select((name, i) => (Id: CiteAsPrefix + name + ":" + hash + ":" + passageId, Label: StyleLabels[i]))
            .Select(b => b.Id.Length <= DiscordLimits.CustomIdLength ? b : (Id: b.Id.Replace(":" + hash + ":", ":" + NoQuestion + ":", StringComparison.Ordinal), b.Label))
            .Where(b => b.Id.Length <= DiscordLimits.CustomIdLength)
            .Select(b => Button.Interactive(b.Id, b.Label))
            .ToArray();
        var content = "Cite " + quote.Source.Locator + " of *" + DiscordAnswerFormatter.Truncate(DiscordMarkdown.Escape(quote.Source.Title), 200) + "* as:";
        return responder.CompleteAsync(content, buttons.Length == 0 ? [] : [ActionRow.Of(buttons)], ephemeral: true, cancellationToken: cancellationToken);
    }

    /// <summary>A style button: the citation in that style, to the clicker alone, in a code block.</summary>
    private Task CiteInStyleAsync(InteractionResponder responder, string state, CancellationToken cancellationToken)
    {
        var colon = state.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !CitationFormatter.TryParseStyle(state[..colon], out var style))
        {
            return responder.CompleteAsync(UnknownStyle(colon < 0 ? state : state[..colon]), ephemeral: true, cancellationToken: cancellationToken);
        }

        var (hash, passageId) = SplitCiteState(state[(colon + 1)..]);
        var question = hash == NoQuestion ? null : texts.Lookup(hash);
        var quote = engine.GetPassage(passageId, question);
        if (quote is null)
        {
            return responder.CompleteAsync(PassageGone, ephemeral: true, cancellationToken: cancellationToken);
        }

        return responder.CompleteAsync(
            DiscordAnswerFormatter.FormatCitation(CitationFormatter.Format(style, quote, question)), ephemeral: true, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// The cards button: the passages of the answer (asked again) or of the search page, one card each, attached as a
    /// Word file to a followup that the clicker alone sees.
    /// </summary>
    private async Task CardsFileAsync(InteractionResponder responder, string state, CancellationToken cancellationToken)
    {
        var (text, offset, isAnswer) = ParseCardsState(state);
        if (text is null)
        {
            await responder.CompleteAsync("These passages have expired. Ask again to get their cards.", ephemeral: true, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            return;
        }

        await responder.DeferUpdateAsync(cancellationToken).ConfigureAwait(false);
        var quotes = isAnswer ? engine.Ask(text).Quotes : engine.Search(text, offset, SearchPageSize).Hits;
        if (quotes.Count == 0)
        {
            await responder.FollowupAsync("Those passages are no longer in the sources, so there are no cards to make.", cancellationToken).ConfigureAwait(false);
            return;
        }

        var tagQuestion = isAnswer ? text : null;
        var bytes = CardDocument.Build(
            "Cards from the debate sources",
            isAnswer ? text : "Search: " + text,
            [.. quotes.Select(q => CitationFormatter.Format(CitationStyle.Card, q, tagQuestion))],
            [.. quotes.Select(q => CitationFormatter.Format(CitationStyle.Mla, q))]);
        var file = new FileUpload(CardsFileName, CardDocument.ContentType, bytes, DiscordAnswerFormatter.Truncate("Debate cards: " + text, DiscordLimits.AttachmentDescriptionLength));
        var content = string.Create(CultureInfo.InvariantCulture, $"**{quotes.Count} {(quotes.Count == 1 ? "card" : "cards")}** for: ")
            + DiscordAnswerFormatter.Truncate(DiscordMarkdown.Escape(text), 300)
            + "\nIn Verbatim's structure: tags in Tag (Heading 4), \u201CLast YY\u201D in Cite, the answering sentence underlined, matched words bold; MLA entries at the end.";
        try
        {
            await responder.FollowupFileAsync(content, file, cancellationToken).ConfigureAwait(false);
        }
        catch (DiscordValidationException ex)
        {
            // Checked before sending: nothing went out, so the member hears why instead of a generic apology.
            LogCardsRefused(responder.Interaction.Id.Value, ex.Message);
            await responder.FollowupAsync("The Word file is larger than Discord takes here, so I can't attach it. `bot cite --docx` writes it from the command line.", cancellationToken)
                .ConfigureAwait(false);
        }
    }

    /// <summary><c>a&lt;key&gt;</c> (an answer's question) or <c>s&lt;offset&gt;&lt;key&gt;</c> (a search page).</summary>
    private (string? Text, int Offset, bool IsAnswer) ParseCardsState(string state)
    {
        if (state.StartsWith('a'))
        {
            return (texts.Resolve(state[1..]), 0, true);
        }

        var cut = state.AsSpan().IndexOfAny(':', '#');
        return state.StartsWith('s') && cut > 1 && int.TryParse(state.AsSpan(1, cut - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            ? (texts.Resolve(state[cut..]), offset, false)
            : (null, 0, false);
    }

    /// <summary><c>&lt;hash&gt;:&lt;id&gt;</c> or <c>-:&lt;id&gt;</c>; a bare id is a Cite button posted before styles existed.</summary>
    private static (string Hash, string PassageId) SplitCiteState(string state)
    {
        var colon = state.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && (state[..colon] == NoQuestion || (colon == ButtonTexts.HashLength && !state.AsSpan(0, colon).ContainsAnyExcept(HexDigits))))
        {
            return (state[..colon], state[(colon + 1)..]);
        }

        return (NoQuestion, state);
    }

    private const string PassageGone = "I can't find that passage any more. Use `/cite` and pick one from the list.";

    private static string UnknownStyle(string name) =>
        "I don't know the citation style \u201C" + DiscordAnswerFormatter.Truncate(DiscordMarkdown.Escape(name), 40) + "\u201D. Pick one of: "
        + string.Join(", ", CitationFormatter.StyleNames.Select(n => "`" + n + "`")) + ".";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Interaction {InteractionId}: the cards file was not sent: {Reason}")]
    private partial void LogCardsRefused(ulong interactionId, string reason);
}
