using System.Collections.Frozen;
using System.Text;

namespace Bot.Benchmarks.Engines;

/// <summary>
/// Turns a user's question into the words both engines search for: letter-or-digit runs, lower-cased, question and
/// stop words dropped, each word once, at most <see cref="MaxWords"/>.
/// </summary>
internal static class QueryWords
{
    /// <summary>Bounds the query well below Lucene's 1,024-clause limit and keeps the OR cheap.</summary>
    public const int MaxWords = 32;

    private static readonly FrozenSet<string> StopWords = FrozenSet.ToFrozenSet(
    [
        "a", "an", "the", "and", "or", "but", "not", "no", "of", "to", "in", "on", "at", "by", "for", "with", "about",
        "from", "as", "into", "than", "then", "so", "if", "is", "are", "was", "were", "be", "been", "being", "it",
        "its", "this", "that", "these", "those", "there", "what", "which", "who", "whom", "whose", "why", "how",
        "when", "where", "do", "does", "did", "can", "could", "would", "should", "will", "has", "have", "had",
        "i", "me", "my", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her", "they", "them",
        "their", "say", "says", "said", "tell",
    ], StringComparer.Ordinal);

    public static IReadOnlyList<string> Extract(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var words = new List<string>();
        var word = new StringBuilder();
        for (var i = 0; i <= question.Length && words.Count < MaxWords; i++)
        {
            if (i < question.Length && char.IsLetterOrDigit(question[i]))
            {
                word.Append(char.ToLowerInvariant(question[i]));
                continue;
            }

            if (word.Length > 0)
            {
                var w = word.ToString();
                word.Clear();
                if (!StopWords.Contains(w) && !words.Contains(w))
                {
                    words.Add(w);
                }
            }
        }

        return words;
    }

    /// <summary>
    /// An FTS5 MATCH expression ORing the words, each a quoted string so that no user text is read as FTS5 syntax
    /// (AND, NEAR, column filters, <c>*</c>, <c>^</c>); empty when there are no words.
    /// </summary>
    public static string ToFts5Match(IReadOnlyList<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        return string.Join(" OR ", words.Select(w => "\"" + w.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
    }
}
