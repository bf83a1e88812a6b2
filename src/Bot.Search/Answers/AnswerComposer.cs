using Bot.Search.Indexing;

namespace Bot.Search.Answers;

/// <summary>
/// Decides whether the corpus answers a question and picks the passages that do.
/// <para>
/// Answerability: the best passage must cover at least <see cref="MinCoverage"/> of the question's content,
/// measured as the IDF-weighted share of its content terms found in the passage (a term the corpus never uses
/// counts with the maximal IDF, so a question about something the corpus never mentions cannot be answered by a
/// passage that merely shares one common word with it). Acronym expansions count as the term; fuzzy matches count
/// in proportion to their similarity.
/// </para>
/// <para>
/// Selection: up to <see cref="MaxQuotes"/> passages, best first, dropping those scoring below
/// <see cref="RelativeScoreFloor"/> of the best one.
/// </para>
/// </summary>
internal static class AnswerComposer
{
    public const int MaxQuotes = 3;

    /// <summary>More than half of the question's information (by IDF weight) must be in the best passage.</summary>
    public const double MinCoverage = 0.5;

    /// <summary>Trailing passages scoring below this share of the best passage's score are not quoted.</summary>
    public const double RelativeScoreFloor = 0.4;

    public static Answer Compose(string question, PassageSearcher searcher, IReadOnlyList<string> coverage)
    {
        var plan = searcher.Plan(question);
        if (plan.IsEmpty)
        {
            return new Answer(question, false, [], coverage);
        }

        var (hits, _) = searcher.Search(plan, 0, MaxQuotes);
        if (hits.Count == 0 || hits[0].Coverage < MinCoverage)
        {
            return new Answer(question, false, [], coverage);
        }

        var best = hits[0].Quote.Score;
        var quotes = hits
            .Where(h => h.Quote.Score >= best * RelativeScoreFloor)
            .Select(h => h.Quote)
            .ToList();
        return new Answer(question, true, quotes, coverage);
    }
}
