using System.Text.RegularExpressions;
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
/// Ranking: BM25 with coordination and phrase rewards (see <see cref="QuestionQueryBuilder"/>), then, for a
/// definition question ("What is X?"), passages that define X (an apposition "X, or …", "X, under which …", a
/// copula "X is …", or X in parentheses after its long form) get <see cref="DefinitionBonus"/>.
/// </para>
/// <para>
/// Selection: up to <see cref="MaxQuotes"/> passages, best first, dropping those scoring below
/// <see cref="RelativeScoreFloor"/> of the best one.
/// </para>
/// </summary>
internal static partial class AnswerComposer
{
    public const int MaxQuotes = 3;

    /// <summary>
    /// The best passage must hold this share of the question's information (by IDF weight). On the sample and
    /// paraphrased questions, answerable ones scored 0.5-1.0 and unanswerable ones that share a word with the
    /// article 0.1-0.35.
    /// </summary>
    public const double MinCoverage = 0.45;

    /// <summary>Trailing passages scoring below this share of the best passage's score are not quoted.</summary>
    public const double RelativeScoreFloor = 0.4;

    /// <summary>Score factor for a passage that defines what a definition question asks about.</summary>
    public const double DefinitionBonus = 1.2;

    private const int Candidates = 10;

    public static Answer Compose(string question, PassageSearcher searcher, IReadOnlyList<string> coverage)
    {
        var plan = searcher.Plan(question);
        if (plan.IsEmpty)
        {
            return new Answer(question, false, [], coverage);
        }

        // Loading and analysing a passage costs more than ranking it: only a definition question, which may reorder
        // the candidates, needs all of them; otherwise only the ones that can be quoted (the best one's coverage
        // decides answerability).
        var (ranked, _) = searcher.Rank(plan, 0, Candidates);
        List<SearchHit> hits;
        if (DefinitionQuestionRegex().IsMatch(question))
        {
            hits = [.. ranked
                .Select(r => searcher.Hit(plan, r))
                .Select(h => Defines(h, plan.QuestionTerms) ? h with { Quote = h.Quote with { Score = h.Quote.Score * DefinitionBonus } } : h)
                .OrderByDescending(h => h.Quote.Score)];
        }
        else
        {
            hits = [.. ranked.Take(MaxQuotes).Select(r => searcher.Hit(plan, r))];
        }

        if (hits.Count == 0 || hits[0].Coverage < MinCoverage)
        {
            return new Answer(question, false, [], coverage);
        }

        var best = hits[0].Quote.Score;
        var quotes = hits
            .Take(MaxQuotes)
            .Where(h => h.Quote.Score >= best * RelativeScoreFloor)
            .Select(h => h.Quote)
            .ToList();
        return new Answer(question, true, quotes, coverage);
    }

    /// <summary>True when the passage has the question's terms in a row followed by a defining clause, or in parentheses.</summary>
    private static bool Defines(SearchHit hit, IReadOnlyList<string> subject)
    {
        if (subject.Count == 0)
        {
            return false;
        }

        var tokens = hit.Tokens;
        var text = hit.Quote.Text;
        for (var start = 0; start + subject.Count <= tokens.Count; start++)
        {
            var match = true;
            for (var i = 0; i < subject.Count && match; i++)
            {
                match = tokens[start + i].Term == subject[i];
            }

            if (!match)
            {
                continue;
            }

            var first = tokens[start];
            var last = tokens[start + subject.Count - 1];
            var after = text[last.End..Math.Min(text.Length, last.End + 40)];
            var parenthesised = first.Start > 0 && text[first.Start - 1] == '(' && after.StartsWith(')');
            if (parenthesised || DefiningClauseRegex().IsMatch(after))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"^\W*(what|who)\s+(is|are|was|were)\b|^\W*what\b.*\b(mean|stands?\s+for)\W*$|^\W*define\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DefinitionQuestionRegex();

    [GeneratedRegex(@"^(\s*,\s*(or|which|who|under which|in which|whereby|where|meaning|i\.e\.|that is|a|an)\b|\s+(is|are|was|were|means|refers to)\s+(a|an|the)\b|\s*[\u2014\u2013:]\s)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DefiningClauseRegex();
}
