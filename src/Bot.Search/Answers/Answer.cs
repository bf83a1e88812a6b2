using System.Globalization;
using Bot.Search.Indexing;

namespace Bot.Search.Answers;

/// <summary>What the documents do with a question.</summary>
public enum AnswerOutcome
{
    /// <summary>Passages say what was asked (or bear on the claim, for or against): they are quoted as the answer.</summary>
    Answered,

    /// <summary>The documents discuss the topic but do not say this: the closest passages are offered, labelled as such.</summary>
    Related,

    /// <summary>Nothing in the documents bears on it: no passage, and the reply names what the documents cover.</summary>
    Declined,
}

/// <summary>
/// The engine's reply to a question, free of any platform's markup: the passages that answer it (or the closest ones,
/// when the documents only discuss its topic), quoted verbatim, each with where it comes from. Formatters (console,
/// JSON, Discord) render it.
/// </summary>
/// <param name="Question">The question as it was asked.</param>
/// <param name="Outcome">Answered, related or declined; <see cref="Quotes"/> is empty when declined.</param>
/// <param name="Quotes">Up to three passages, best first.</param>
/// <param name="CorpusTitles">What the corpus covers (document titles), for the reply that declines or offers related passages.</param>
public sealed record Answer(string Question, AnswerOutcome Outcome, IReadOnlyList<Quote> Quotes, IReadOnlyList<string> CorpusTitles)
{
    /// <summary>True only when passages answer the question (<see cref="AnswerOutcome.Answered"/>).</summary>
    public bool Answered => Outcome == AnswerOutcome.Answered;

    /// <summary>Whether the text was read as a question, a claim or search words.</summary>
    public QuestionForm Form { get; init; } = QuestionForm.Question;

    /// <summary>What the outcome was decided on; null when no passage matched at all.</summary>
    public AnswerSignals? Signals { get; init; }
}

/// <summary>What an answer's outcome was decided on, for the best passage (see docs/quality.md).</summary>
/// <param name="TermShare">IDF-weighted share of the question's concepts that the best passage's words cover.</param>
/// <param name="Cosine">Cosine between the question and the best passage (null when ranked by words alone).</param>
/// <param name="CosineGap">How far the nearest passage stands out from the next ones (null by words alone).</param>
/// <param name="Lead">The best passage's ranking score minus the second's.</param>
public sealed record AnswerSignals(double TermShare, double? Cosine, double? CosineGap, double Lead)
{
    /// <summary>
    /// For a question ranked by meaning: how much the best passage carries the least-carried of the question's words
    /// it lacks (its cosine with the question minus its cosine without that word); null when not measured.
    /// </summary>
    public double? Support { get; init; }

    /// <summary>
    /// For a question ranked by meaning: its cosine with the best passage minus the cosine of the everyday question
    /// nearest that passage (<see cref="QuestionCohort"/>); null by words alone.
    /// </summary>
    public double? CohortMargin { get; init; }
}

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
    /// <summary>The document's authors as its metadata names them, in byline order; empty when it names none.</summary>
    public IReadOnlyList<string> Authors { get; init; } = [];

    /// <summary>The authors' qualifications, when the metadata gives them.</summary>
    public string? AuthorTitle { get; init; }

    /// <summary>When the online copy was read (<c>yyyy-MM-dd</c> or <c>yyyy-MM</c>), when the metadata gives it.</summary>
    public string? Accessed { get; init; }

    /// <summary>1-based page of a paged document (a PDF), whose paragraphs are numbered within the page; null otherwise.</summary>
    public int? Page { get; init; }

    /// <summary>
    /// Where the passage is in its document, as citations write it: "paragraph 3", "paragraph 3, part 2", or in a PDF
    /// "page 4, paragraph 2".
    /// </summary>
    public string Locator
    {
        get
        {
            var paragraph = Page is { } page
                ? string.Create(CultureInfo.InvariantCulture, $"page {page}, paragraph {Paragraph}")
                : string.Create(CultureInfo.InvariantCulture, $"paragraph {Paragraph}");
            return Part is { } part ? string.Create(CultureInfo.InvariantCulture, $"{paragraph}, part {part}") : paragraph;
        }
    }
}

/// <summary>A span of characters in a passage's text.</summary>
public readonly record struct TextSpan(int Start, int Length)
{
    public int End => Start + Length;
}
