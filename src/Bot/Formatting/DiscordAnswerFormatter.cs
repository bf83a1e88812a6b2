using System.Buffers;
using System.Globalization;
using System.Text;
using Bot.Search;
using Bot.Search.Answers;
using Bot.Search.Citations;

namespace Bot.Formatting;

/// <summary>
/// Turns the engine's answers into Discord message content: block-quoted passages with matched words in bold, each
/// cited (title linked to its URL in angle brackets so no preview floods the channel, publisher, paragraph), within
/// Discord's 2,000-character limit for any corpus.
/// </summary>
internal static class DiscordAnswerFormatter
{
    /// <summary>Discord's limit on message content, in characters.</summary>
    public const int ContentLimit = 2000;

    private const int QuestionEchoLimit = 200;
    private static readonly SearchValues<char> UrlBreakers = SearchValues.Create("<> \n\r\t`");
    private const int MinimumQuoteBudget = 120;
    private const string ShortenedNote = " · *excerpt: the full passage is one Cite away*";

    /// <summary>The opening of a reply whose passages discuss the topic but do not say what was asked.</summary>
    public const string RelatedNote = "The sources discuss this but don't say that. The closest passages they have:";

    /// <summary>The reply to a question: its passages; the closest ones, labelled, when the sources only discuss its topic; or the plain statement that nothing in them bears on it.</summary>
    public static string FormatAnswer(Answer answer, string? header = null)
    {
        var sb = new StringBuilder();
        sb.Append(header ?? "**Q:** ").Append(Truncate(DiscordMarkdown.Escape(answer.Question.Trim()), QuestionEchoLimit)).Append('\n');
        if (answer.Outcome == AnswerOutcome.Declined || answer.Quotes.Count == 0)
        {
            sb.Append('\n').Append(FormatDeclined(answer.CorpusTitles));
            return Fit(sb.ToString());
        }

        if (answer.Outcome == AnswerOutcome.Related)
        {
            sb.Append('\n').Append(RelatedNote).Append('\n');
        }

        AppendQuotes(sb, answer.Quotes);
        return sb.ToString();
    }

    /// <summary>The text of a declined question: says so plainly and names what the corpus covers.</summary>
    public static string FormatDeclined(IReadOnlyList<string> coverage)
    {
        var sb = new StringBuilder("Nothing in the sources I have bears on that, so I won't quote something unrelated.");
        if (coverage.Count > 0)
        {
            sb.Append(" They cover: ");
            var shown = 0;
            foreach (var title in coverage)
            {
                var item = "*" + DiscordMarkdown.Escape(title) + "*";
                if (sb.Length + item.Length > 1500)
                {
                    sb.Append(CultureInfo.InvariantCulture, $" and {coverage.Count - shown} more");
                    break;
                }

                sb.Append(shown == 0 ? string.Empty : "; ").Append(item);
                shown++;
            }

            sb.Append('.');
        }

        sb.Append(" Try other words, or `/search` and `/sources`.");
        return sb.ToString();
    }

    /// <summary>
    /// Appends block-quoted, cited passages so that the whole content stays within <see cref="ContentLimit"/>:
    /// each passage gets a fair share of what is left, and a share a passage does not need passes to the next.
    /// </summary>
    public static void AppendQuotes(StringBuilder sb, IReadOnlyList<Quote> quotes, Func<int, string>? label = null)
    {
        for (var i = 0; i < quotes.Count; i++)
        {
            var quote = quotes[i];
            var prefix = "\n" + (label?.Invoke(i) ?? string.Empty) + "> ";
            var citation = "\n" + FormatCitationLine(quote.Source);
            // The last 1 is the line break after the quote (found by the fuzz tests: one search page came to 2,001).
            var left = ContentLimit - sb.Length - prefix.Length - citation.Length - ShortenedNote.Length - 1;
            var share = left / (quotes.Count - i);
            if (share < MinimumQuoteBudget)
            {
                // Not even a sentence fits any more: fewer passages, each readable, beat many stubs.
                break;
            }

            var (markdown, shortened) = PassageRenderer.Render(quote.Text, quote.Highlights, share);
            sb.Append(prefix).Append(markdown).Append(citation);
            if (shortened)
            {
                sb.Append(ShortenedNote);
            }

            sb.Append('\n');
        }
    }

    /// <summary><c>— [Title](&lt;url&gt;) · Publisher · date · paragraph N[, part K]</c>, every part escaped.</summary>
    public static string FormatCitationLine(PassageSource source) =>
        "— " + CitationLine(source.Title, source.Publisher, source.Url, source.Date, source.Locator);

    private static string CitationLine(string title, string? publisher, string? url, string? date, string locator)
    {
        var sb = new StringBuilder();
        var escapedTitle = Truncate(DiscordMarkdown.Escape(title), 200);
        if (SafeUrl(url) is { } link)
        {
            sb.Append('[').Append(escapedTitle).Append("](<").Append(link).Append(">)");
        }
        else
        {
            sb.Append('*').Append(escapedTitle).Append('*');
        }

        if (!string.IsNullOrWhiteSpace(publisher))
        {
            sb.Append(" · ").Append(Truncate(DiscordMarkdown.Escape(publisher), 100));
        }

        if (!string.IsNullOrWhiteSpace(date))
        {
            sb.Append(" · ").Append(Truncate(DiscordMarkdown.Escape(date), 20));
        }

        return sb.Append(" · ").Append(locator).ToString();
    }

    /// <summary>
    /// A citation in one style, ready to paste: a code block (so it copies as plain text, marks and all) after a line
    /// naming the style, within <see cref="ContentLimit"/> (a long card's text is cut, and the note says so).
    /// </summary>
    public static string FormatCitation(Citation citation)
    {
        ArgumentNullException.ThrowIfNull(citation);
        var header = "**" + CitationText.Label(citation.Style) + "**, ready to paste"
            + (citation.Style == CitationStyle.Card ? " (__underlined__: the sentence that answers; **bold**: the words that matched)" : string.Empty)
            + ":\n```\n";
        const string Close = "\n```";
        const string ShortNote = "\n*The card's text is cut here to fit a message; the .docx has it whole.*";
        var room = ContentLimit - header.Length - Close.Length - ShortNote.Length;
        var (text, shortened) = CitationText.Render(citation, room);
        var escaped = DiscordMarkdown.EscapeCodeBlock(text);
        while (escaped.Length > room && room > 0)
        {
            // Escaping backticks lengthens the text: render again with less room until it fits.
            room -= escaped.Length - room;
            (text, shortened) = CitationText.Render(citation, room);
            escaped = DiscordMarkdown.EscapeCodeBlock(text);
        }

        return header + escaped + Close + (shortened ? ShortNote : string.Empty);
    }

    /// <summary>One page of ranked search results, numbered by rank, each passage quoted (cut to fit) and cited.</summary>
    public static string FormatSearchPage(SearchPage page)
    {
        var sb = new StringBuilder("**Search:** ").Append(Truncate(DiscordMarkdown.Escape(page.Query.Trim()), QuestionEchoLimit));
        if (page.Hits.Count == 0)
        {
            sb.Append(page.Total == 0
                ? "\nNo passage matches those words. `/sources` lists the documents I quote from."
                : "\nNo more results.");
            return Fit(sb.ToString());
        }

        sb.Append(CultureInfo.InvariantCulture, $" — passages {page.Offset + 1}–{page.Offset + page.Hits.Count} of {page.Total}\n");
        AppendQuotes(sb, page.Hits, i => string.Create(CultureInfo.InvariantCulture, $"**{page.Offset + i + 1}.**\n"));
        return sb.ToString();
    }

    /// <summary>The documents of the corpus, each with its link, publisher, date and passage count.</summary>
    public static string FormatSources(IReadOnlyList<DocumentInfo> documents)
    {
        var passages = documents.Sum(d => d.PassageCount);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"**Sources:** {documents.Count} documents, {passages} passages\n");
        for (var i = 0; i < documents.Count; i++)
        {
            var document = documents[i];
            var locator = string.Create(CultureInfo.InvariantCulture, $"{document.PassageCount} passages");
            var line = string.Create(CultureInfo.InvariantCulture, $"{i + 1}\\. ")
                + CitationLine(document.Title, document.Publisher, document.Url, document.Date, locator) + "\n";
            var more = string.Create(CultureInfo.InvariantCulture, $"… and {documents.Count - i} more.");
            if (sb.Length + line.Length + more.Length > ContentLimit)
            {
                sb.Append(more);
                break;
            }

            sb.Append(line);
        }

        return sb.ToString();
    }

    /// <summary>The ephemeral reply to <c>/reindex</c>: what the build indexed and which files it skipped, or why it failed.</summary>
    public static string FormatReindex(IndexBuildResult? build, string? error)
    {
        if (build is null)
        {
            return Fit("**Reindex failed**; the previous index keeps serving: " + DiscordMarkdown.Escape(error ?? "unknown error"));
        }

        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"**Reindexed:** {build.Documents} documents, {build.Passages} passages in {build.Elapsed.TotalSeconds:0.0} s; now serving `{build.Generation}`.");
        if (build.Skipped.Count > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\n**Skipped {build.Skipped.Count} files:**");
            foreach (var skip in build.Skipped)
            {
                sb.Append("\n- ").Append(DiscordMarkdown.Escape(Path.GetFileName(skip.Path))).Append(": ").Append(DiscordMarkdown.Escape(skip.Reason));
            }
        }

        return Fit(sb.ToString());
    }

    /// <summary>
    /// An autocomplete label: the passage's locator and its text on one line, cut to Discord's 100 characters for a
    /// choice name (plain text: choice names are not rendered as markdown).
    /// </summary>
    public static string FormatSuggestion(Quote quote)
    {
        ArgumentNullException.ThrowIfNull(quote);
        var prefix = string.Create(CultureInfo.InvariantCulture, $"{(quote.Source.Page is { } page ? $"p.{page} " : string.Empty)}¶{quote.Source.Paragraph}{(quote.Source.Part is { } part ? $".{part}" : string.Empty)} ");
        var text = string.Join(' ', quote.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var room = Bot.Discord.Rest.DiscordLimits.ChoiceLength - prefix.Length;
        return prefix + (text.Length == 0 ? "(passage)" : text.Length <= room ? text : text[..(room - 1)].TrimEnd() + "…");
    }

    /// <summary>Only absolute http(s) URLs with nothing that could break out of <c>&lt;…&gt;</c> are linked.</summary>
    internal static string? SafeUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > 512
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return null;
        }

        var text = uri.AbsoluteUri;
        return text.AsSpan().IndexOfAny(UrlBreakers) >= 0 ? null : text;
    }

    internal static string Truncate(string text, int max) =>
        text.Length <= max ? text : CutAtWord(text, max - 2) + " " + PassageRenderer.Ellipsis;

    private static string CutAtWord(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', Math.Max(0, max));
        var result = cut > max / 2 ? text[..cut] : text[..Math.Max(0, max)];
        // Never leave a dangling escape backslash or half a surrogate pair at the cut.
        result = result.TrimEnd('\\');
        return result.Length > 0 && char.IsHighSurrogate(result[^1]) ? result[..^1] : result;
    }

    private static string Fit(string content) => content.Length <= ContentLimit ? content : Truncate(content, ContentLimit);
}
