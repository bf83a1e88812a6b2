using System.Text.RegularExpressions;

namespace Bot.Search.Indexing;

/// <summary>What a member's text is: a question, a claim to find sources for, or a few search words.</summary>
public enum QuestionForm
{
    /// <summary>Asks for something: ends with a question mark, or opens with a question word or a request ("explain").</summary>
    Question,

    /// <summary>States something (a sentence that is not a question): the passages that bear on it, for or against, answer it.</summary>
    Claim,

    /// <summary>A few words with no sentence around them ("Mayorkas testimony"): the passages that hold them answer it.</summary>
    Keywords,
}

/// <summary>Tells the <see cref="QuestionForm"/> of a text from its shape alone.</summary>
internal static partial class QuestionForms
{
    /// <summary>
    /// At most this many words with no sentence punctuation read as search words rather than a claim; a claim of three
    /// words ("Detainers are unconstitutional") has a verb, but telling verbs apart needs a tagger the bot does not have,
    /// and such a claim is answered the same way (the passages that bear on it).
    /// </summary>
    private const int MaxKeywordWords = 4;

    public static QuestionForm Of(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0 || trimmed.Contains('?', StringComparison.Ordinal) || QuestionOpeningRegex().IsMatch(trimmed) || QuestionWordAnywhereRegex().IsMatch(trimmed))
        {
            return QuestionForm.Question;
        }

        var words = WordRegex().Count(trimmed);
        return words <= MaxKeywordWords && !SentenceEndRegex().IsMatch(trimmed) ? QuestionForm.Keywords : QuestionForm.Claim;
    }

    /// <summary>Interrogatives, auxiliaries that open a yes/no question, and requests for an explanation.</summary>
    [GeneratedRegex(@"^\W*(who|whom|whose|what|what's|whats|which|when|where|why|how|is|are|was|were|do|does|did|can|could|will|would|should|shall|has|have|had|may|might|must|isn't|aren't|doesn't|don't|didn't|explain|define|describe|tell\s+me|show\s+me|give\s+me|list|summari[sz]e|any)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuestionOpeningRegex();

    /// <summary>A question word after chat lead-ins ("so is biden gonna end 287(g)", "deputies lawsuits why").</summary>
    [GeneratedRegex(@"\b(who|what|whats|what's|which|when|where|why|how)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuestionWordAnywhereRegex();

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordRegex();

    [GeneratedRegex(@"[.!]\W*$")]
    private static partial Regex SentenceEndRegex();
}
