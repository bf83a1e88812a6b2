namespace Bot.Search.Ingestion;

/// <summary>
/// Finds the body paragraphs of a text: blank-line-separated blocks that read as prose (enough words, with a sentence
/// in them). Section names, photo credits, headings and site navigation are short lines without a sentence, so they are
/// not passages. A block's trailing reference list (<see cref="ReferenceList"/>) is not part of its paragraph, and a
/// line starting with <c>Tags </c> lists the document's tags. <see cref="Cut"/> cuts a long paragraph into passages.
/// </summary>
public static class PassageSplitter
{
    /// <summary>A paragraph needs at least this many words to count as prose.</summary>
    public const int MinProseWords = 8;

    /// <summary>
    /// A paragraph of up to this many words is one passage; a longer one is cut between sentences. Retrieval works on
    /// paragraph-sized units (DPR retrieves 100-word passages of Wikipedia), and a reply quotes up to three passages
    /// in Discord's 2,000 characters, about 600 each after their citations: 120 words are about 730 characters of the
    /// debate corpus's prose (6.1 per word), so a passage is shown whole or nearly. The seed article's paragraphs
    /// (57 words at most) stay whole.
    /// </summary>
    public const int MaxPassageWords = 120;

    /// <summary>
    /// The length the pieces of a cut paragraph aim at (about 550 characters, within a quote's share): the middle of
    /// 60 to 120 words, so that a paragraph just over the limit becomes two halves rather than a full piece and a stub,
    /// and a 600-word one six or seven pieces.
    /// </summary>
    public const int TargetPassageWords = 90;

    private const int MinHeadlineWords = 3;
    private const int MaxHeadlineWords = 30;
    private const string TagsPrefix = "Tags ";

    /// <summary>Splits <paramref name="body"/> into paragraphs, the headline it opens with, and its tags line.</summary>
    public static SplitText Split(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var paragraphs = new List<string>();
        var tags = new List<string>();
        string? headline = null;
        string? firstLine = null;

        foreach (var block in Blocks(body))
        {
            var prose = new List<string>();
            foreach (var line in block)
            {
                var trimmed = TrimText(line);
                if (trimmed.Length == 0)
                {
                    continue;
                }

                firstLine ??= StripHeadingMarks(trimmed);
                if (trimmed.StartsWith(TagsPrefix, StringComparison.Ordinal) && !IsProse(trimmed))
                {
                    tags.AddRange(SplitTagsLine(trimmed[TagsPrefix.Length..]));
                    continue;
                }

                prose.Add(line);
            }

            if (prose.Count == 0)
            {
                continue;
            }

            var joined = string.Join('\n', prose);
            var text = TrimText(joined[..ReferenceList.Start(joined)]);
            if (IsProse(text))
            {
                paragraphs.Add(text);
            }
            else if (headline is null && paragraphs.Count == 0)
            {
                var candidate = StripHeadingMarks(TrimText(prose[0]));
                var words = CountWords(candidate, MaxHeadlineWords + 1);
                if (prose.Count == 1 && words >= MinHeadlineWords && words <= MaxHeadlineWords)
                {
                    headline = candidate;
                }
            }
        }

        return new SplitText(paragraphs, headline ?? firstLine, tags);
    }

    /// <summary>
    /// True when the text reads as prose: at least <see cref="MinProseWords"/> words that end in sentence punctuation
    /// (possibly followed by closing quotes, brackets or footnote marks), or such a run of sentences followed by
    /// more text without a final full stop ("… the ETS encourage. (See Carbon Trading Schemes").
    /// </summary>
    public static bool IsProse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = TrimText(text);
        if (Sentences.EndsLikeSentence(trimmed))
        {
            return CountWords(trimmed, MinProseWords) >= MinProseWords;
        }

        // Without a final full stop, the complete sentences before the unfinished tail must be prose on their own, so
        // a navigation line with one stop in it ("Sign in. Subscribe now Get 50% off today") is still not prose.
        var spans = Sentences.Spans(trimmed);
        return spans.Count > 1 && CountWords(trimmed.AsSpan(0, spans[^2].End), MinProseWords) >= MinProseWords;
    }

    /// <summary>
    /// Cuts a paragraph longer than <see cref="MaxPassageWords"/> into runs of whole sentences, each a substring of
    /// <paramref name="paragraph"/>: the runs are chosen together so that their lengths stay as close to
    /// <see cref="TargetPassageWords"/> as the sentences allow, none longer than <see cref="MaxPassageWords"/> unless it
    /// is one sentence (a sentence is never cut). A paragraph within the limit is returned whole.
    /// </summary>
    public static IReadOnlyList<string> Cut(string paragraph)
    {
        ArgumentNullException.ThrowIfNull(paragraph);
        if (CountWords(paragraph, MaxPassageWords + 1) <= MaxPassageWords)
        {
            return [paragraph];
        }

        var sentences = Sentences.Spans(paragraph);
        var words = sentences.Select(s => CountWords(paragraph.AsSpan(s.Start, s.End - s.Start), int.MaxValue)).ToArray();
        // cost[k]: the least sum of squared distances from the target over the first k sentences; from[k]: where the
        // last run of that best cut starts. A run holds at most MaxPassageWords sentences (each has a word, but for
        // stray punctuation), which keeps the search linear in the paragraph's length.
        var cost = new long[sentences.Count + 1];
        var from = new int[sentences.Count + 1];
        for (var k = 1; k <= sentences.Count; k++)
        {
            cost[k] = long.MaxValue;
            var length = 0L;
            for (var j = k - 1; j >= Math.Max(0, k - MaxPassageWords); j--)
            {
                length += words[j];
                if (length > MaxPassageWords && j < k - 1)
                {
                    break;
                }

                var candidate = cost[j] + ((length - TargetPassageWords) * (length - TargetPassageWords));
                if (candidate < cost[k])
                {
                    cost[k] = candidate;
                    from[k] = j;
                }
            }
        }

        var pieces = new List<string>();
        for (var k = sentences.Count; k > 0; k = from[k])
        {
            var start = sentences[from[k]].Start;
            pieces.Add(paragraph[start..sentences[k - 1].End]);
        }

        pieces.Reverse();
        return pieces;
    }

    /// <summary>Trims whitespace including no-break spaces (which <see cref="string.Trim()"/> also treats as white space).</summary>
    public static string TrimText(string text) => text.Trim();

    /// <summary>
    /// Counts the words (runs of non-white-space characters with a letter or digit in them) of
    /// <paramref name="text"/>, up to <paramref name="stopAt"/>: most callers only compare the count with a bound, and
    /// every paragraph of every document is counted while indexing.
    /// </summary>
    private static int CountWords(ReadOnlySpan<char> text, int stopAt)
    {
        var count = 0;
        var inWord = false;
        var wordCounted = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                inWord = false;
                continue;
            }

            if (!inWord)
            {
                inWord = true;
                wordCounted = false;
            }

            if (!wordCounted && char.IsLetterOrDigit(c))
            {
                wordCounted = true;
                if (++count >= stopAt)
                {
                    return count;
                }
            }
        }

        return count;
    }

    private static string StripHeadingMarks(string line) => line.TrimStart('#', ' ', '\t').Trim();

    private static string[] SplitTagsLine(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.Length == 0)
        {
            return [];
        }

        // A comma-separated list gives individual tags; a space-separated list (a saved web page loses the link
        // boundaries) is kept whole rather than guessed apart.
        return trimmed.Contains(',', StringComparison.Ordinal)
            ? trimmed.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : [trimmed];
    }

    private static IEnumerable<List<string>> Blocks(string body)
    {
        var block = new List<string>();
        using var reader = new StringReader(body);
        while (reader.ReadLine() is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                if (block.Count > 0)
                {
                    yield return block;
                    block = [];
                }

                continue;
            }

            block.Add(line);
        }

        if (block.Count > 0)
        {
            yield return block;
        }
    }
}

/// <summary>The structure found in a document's text.</summary>
/// <param name="Paragraphs">Body paragraphs in order, verbatim and trimmed.</param>
/// <param name="Headline">The first title-like line before the body, else the first line; null for an empty text.</param>
/// <param name="Tags">Tags from a <c>Tags</c> line.</param>
public sealed record SplitText(IReadOnlyList<string> Paragraphs, string? Headline, IReadOnlyList<string> Tags);
