using System.Text.RegularExpressions;
using Bot.Search.Indexing;
using Bot.Search.Semantic;

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

        var (hits, _) = searcher.Search(plan, 0, Candidates);
        return Compose(question, plan, hits, null, coverage);
    }

    /// <summary>
    /// Composes the answer from hits already ranked (best first). With <paramref name="cosines"/> (the re-ranked path:
    /// cosine between the question and each hit), the question is also answered when the best passage's cosine
    /// reaches <see cref="SemanticRanking.MinAnswerCosine"/>, for paraphrases that share few words with their passage.
    /// </summary>
    public static Answer Compose(string question, QueryPlan plan, IReadOnlyList<SearchHit> hits, IReadOnlyList<double>? cosines, IReadOnlyList<string> coverage)
    {
        var ranked = hits.Select((h, i) => (Hit: h, Cosine: cosines is null ? (double?)null : cosines[i])).ToList();
        if (DefinitionQuestionRegex().IsMatch(question))
        {
            ranked = [.. ranked
                .Select(r => Defines(r.Hit, plan.QuestionTerms) ? (r.Hit with { Quote = r.Hit.Quote with { Score = r.Hit.Quote.Score * DefinitionBonus } }, r.Cosine) : r)
                .OrderByDescending(r => r.Item1.Quote.Score)];
        }

        if (ranked.Count == 0)
        {
            return new Answer(question, false, [], coverage);
        }

        var signals = new AnswerSignals(ranked[0].Hit.Coverage, ranked[0].Cosine);
        if (!Answers(signals.Coverage, signals.Cosine))
        {
            return new Answer(question, false, [], coverage) { Signals = signals };
        }

        var best = ranked[0].Hit.Quote.Score;
        var quotes = ranked
            .Select(r => r.Hit)
            .Take(MaxQuotes)
            .Where(h => h.Quote.Score >= best * RelativeScoreFloor)
            .Select(h => h.Quote)
            .ToList();
        return new Answer(question, true, quotes, coverage) { Signals = signals };
    }

    /// <summary>True when <see cref="Compose(string, QueryPlan, IReadOnlyList{SearchHit}, IReadOnlyList{double}?, IReadOnlyList{string})"/> may reorder the candidates (a definition question), so all of them must be loaded.</summary>
    internal static bool MayReorder(string question) => DefinitionQuestionRegex().IsMatch(question);

    /// <summary>The answerability rule: enough lexical coverage, or (when re-ranked) a close enough meaning.</summary>
    internal static bool Answers(double coverage, double? cosine) =>
        coverage >= MinCoverage || (cosine is { } c && c >= SemanticRanking.MinAnswerCosine);

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
