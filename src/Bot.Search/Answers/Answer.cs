using System.Globalization;

namespace Bot.Search.Answers;

/// <summary>
/// The engine's reply to a question, free of any platform's markup: the passages that answer it, quoted verbatim,
/// each with where it comes from. Formatters (console, JSON, Discord) render it.
/// </summary>
/// <param name="Question">The question as it was asked.</param>
/// <param name="Answered">False when nothing in the corpus answers the question; <see cref="Quotes"/> is then empty.</param>
/// <param name="Quotes">Up to three passages, best first.</param>
/// <param name="Coverage">What the corpus covers (document titles), for the reply that says the corpus does not answer.</param>
public sealed record Answer(string Question, bool Answered, IReadOnlyList<Quote> Quotes, IReadOnlyList<string> Coverage)
{
    /// <summary>What answerability was judged on: the best passage's lexical coverage of the question and (re-ranked path) its cosine; null when no passage matched.</summary>
    public AnswerSignals? Signals { get; init; }
}

/// <summary>The best passage's share of the question's terms (IDF-weighted) and, on the re-ranked path, its cosine with the question.</summary>
public sealed record AnswerSignals(double Coverage, double? Cosine);

/// <summary>One passage quoted whole, with the spans of it that matched the question.</summary>
/// <param name="PassageId">Stable id, <c>&lt;file name&gt;#&lt;paragraph&gt;</c> (<c>.&lt;part&gt;</c> after it for a part of a cut paragraph).</param>
/// <param name="Text">The passage exactly as it stands in the document, with no markup.</param>
/// <param name="Score">Retrieval score (higher is better); comparable only within one answer.</param>
/// <param name="Source">Where the passage comes from.</param>
/// <param name="Highlights">Character spans of <see cref="Text"/> that matched the question, in order, not overlapping.</param>
public sealed record Quote(string PassageId, string Text, double Score, PassageSource Source, IReadOnlyList<TextSpan> Highlights);

/// <summary>The citation of a passage.</summary>
/// <param name="Title">Document title (never empty: front matter, headline, first line or file name).</param>
/// <param name="Publisher">Publisher, when known.</param>
/// <param name="Url">Canonical link, when known.</param>
/// <param name="File">Path of the document relative to the repository root (for example <c>seeds/article.txt</c>).</param>
/// <param name="Paragraph">1-based paragraph number within the document's body.</param>
/// <param name="Date">Publication date as the metadata gives it (ISO <c>yyyy-MM-dd</c> or <c>yyyy-MM</c>), when known.</param>
/// <param name="Part">1-based part of a long paragraph cut into several passages; null for a whole paragraph.</param>
public sealed record PassageSource(string Title, string? Publisher, string? Url, string File, int Paragraph, string? Date, int? Part = null)
{
    /// <summary>Where the passage is in its document, as citations write it: "paragraph 3", or "paragraph 3, part 2".</summary>
    public string Locator => Part is { } part
        ? string.Create(CultureInfo.InvariantCulture, $"paragraph {Paragraph}, part {part}")
        : string.Create(CultureInfo.InvariantCulture, $"paragraph {Paragraph}");
}

/// <summary>A span of characters in a passage's text.</summary>
public readonly record struct TextSpan(int Start, int Length)
{
    public int End => Start + Length;
}
