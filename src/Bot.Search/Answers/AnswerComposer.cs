using System.Text.RegularExpressions;
using Bot.Search.Indexing;
using Bot.Search.Ranking;
using Bot.Search.Semantic;

namespace Bot.Search.Answers;

/// <summary>
/// Turns a question's ranking into an answer: decides the outcome (<see cref="Answerability"/>) and picks the passages
/// to quote, up to <see cref="MaxQuotes"/>, best first, leaving out those far behind the best one.
/// <para>
/// Ranked by words alone (no vectors), a definition question ("What is X?") also moves up the passages that define X
/// (an apposition "X, or …", "X, under which …", a copula "X is …", or X in parentheses after its long form), by
/// <see cref="DefinitionBonus"/>: BM25 cannot tell a definition from a mention. With vectors the cosine already does.
/// </para>
/// </summary>
internal static partial class AnswerComposer
{
    public const int MaxQuotes = 3;

    /// <summary>
    /// Candidates the composer reads: the quotable ones, and on the words-alone path the definition bonus may lift one of
    /// the next few.
    /// </summary>
    public const int Candidates = 10;

    /// <summary>By words alone, trailing passages scoring below this share of the best passage's BM25 score are not quoted.</summary>
    public const double RelativeScoreFloor = 0.4;

    /// <summary>
    /// With vectors, trailing passages more than this far below the best one's <c>cosine + w × coverage</c> are not
    /// quoted: about the spread between the expected passage and the second or third one that also bears on the
    /// question on the dev set (docs/quality.md), where a wider margin only added passages about something else.
    /// </summary>
    public const double SemanticScoreMargin = 0.1;

    /// <summary>By words alone, the score factor for a passage that defines what a definition question asks about.</summary>
    public const double DefinitionBonus = 1.2;

    /// <summary>
    /// The answer to <paramref name="question"/> from its ranking in <paramref name="snapshot"/>. With
    /// <paramref name="embedder"/> (the ranking used vectors), a question whose best passage bears on it but lacks some of
    /// its words is also checked for <see cref="WordSupport"/> before it is called answered.
    /// </summary>
    public static Answer Compose(string question, QueryPlan plan, PassageRanking ranking, IndexSnapshot snapshot, ITextEmbedder? embedder, QuestionCohort? cohort)
    {
        var passages = snapshot.Passages;
        var declined = new Answer(question, AnswerOutcome.Declined, [], snapshot.Titles) { Form = plan.Form };
        if (ranking.Passages.Count == 0)
        {
            return declined;
        }

        var ranked = ranking.Semantic ? [.. ranking.Passages] : WithDefinitionBonus(question, plan, ranking.Passages, passages);
        var best = ranked[0];
        var signals = new AnswerSignals(
            best.Coverage,
            ranking.Semantic ? best.Cosine : null,
            ranking.Semantic ? ranking.CosineGap : null,
            ranked.Count > 1 ? best.Score - ranked[1].Score : best.Score)
        {
            CohortMargin = ranking.Semantic && cohort is not null && snapshot.Vectors is { } vectors && snapshot.OrdinalOf(best.Doc) is var ordinal and >= 0
                ? cohort.Margin(vectors, ordinal, best.Cosine, snapshot.CohortVectors)
                : null,
        };
        var outcome = Answerability.Decide(plan.Form, signals);
        if (outcome == AnswerOutcome.Declined)
        {
            return declined with { Signals = signals };
        }

        if (plan.Form == QuestionForm.Question && ranking.Semantic && embedder is not null)
        {
            signals = signals with { Support = WordSupport.Weakest(snapshot, plan, best.Doc, best.Cosine, embedder) };
            outcome = Answerability.Decide(plan.Form, signals);
        }

        var quotes = ranked
            .Take(MaxQuotes)
            .Where(r => ranking.Semantic ? r.Score >= best.Score - SemanticScoreMargin : r.Score >= best.Score * RelativeScoreFloor)
            .Select(r => passages.Quote(r.Doc, plan, r.Score))
            .ToList();
        return new Answer(question, outcome, quotes, snapshot.Titles) { Form = plan.Form, Signals = signals };
    }

    /// <summary>For a definition question, BM25's candidates with the passages that define its subject moved up.</summary>
    private static List<RankedPassage> WithDefinitionBonus(string question, QueryPlan plan, IReadOnlyList<RankedPassage> ranked, PassageReader passages)
    {
        if (!DefinitionQuestionRegex().IsMatch(question))
        {
            return [.. ranked];
        }

        return [.. ranked
            .Select(r => Defines(passages.Load(r.Doc), plan.QuestionTerms) ? r with { Score = r.Score * DefinitionBonus } : r)
            .OrderByDescending(r => r.Score)];
    }

    /// <summary>True when the passage has the question's terms in a row followed by a defining clause, or in parentheses.</summary>
    private static bool Defines(LoadedPassage passage, IReadOnlyList<string> subject)
    {
        if (subject.Count == 0)
        {
            return false;
        }

        var tokens = passage.Tokens;
        var text = passage.Quote.Text;
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
