using Bot.Search.Answers;
using Bot.Search.Ingestion;

namespace Bot.Search.Citations;

/// <summary>
/// The sentence of a passage that best answers the question, for a card's underline: the one holding the most
/// distinct words that matched the question (the answer's highlights), the first of them on a tie. Counting
/// distinct words keeps a sentence that repeats one term from beating one that holds several of the question's.
/// </summary>
public static class AnsweringSentence
{
    /// <summary>The sentence's span in <paramref name="text"/>, or null when no word matched.</summary>
    public static TextSpan? Find(string text, IReadOnlyList<TextSpan> highlights)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(highlights);
        TextSpan? best = null;
        var bestCount = 0;
        foreach (var (start, end) in Sentences.Spans(text))
        {
            var count = highlights
                .Where(h => h.Start >= start && h.End <= end)
                .Select(h => text.Substring(h.Start, h.Length).Trim().ToUpperInvariant())
                .Distinct(StringComparer.Ordinal)
                .Count();
            if (count > bestCount)
            {
                bestCount = count;
                best = new TextSpan(start, end - start);
            }
        }

        return best;
    }
}
