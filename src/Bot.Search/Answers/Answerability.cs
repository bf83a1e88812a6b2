using Bot.Search.Indexing;

namespace Bot.Search.Answers;

/// <summary>
/// Decides an answer's outcome from its best passage's signals. Two questions are asked in turn:
/// <list type="number">
/// <item><b>Does anything bear on it?</b> If not, the question is declined with no passage.</item>
/// <item><b>Does the best passage say it?</b> Asked of questions only: a claim or a few search words are answered by
/// the passages that bear on them, for or against. A question whose best passage bears on its topic but does not say
/// what it asks gets the closest passages as related.</item>
/// </list>
/// With vectors, each question is a logistic score over the best passage's cosine, its term share, how far the
/// nearest passage stands out (<see cref="Ranking.PassageRanking.CosineGap"/>) and how much nearer the question is to the
/// passage than everyday questions are (<see cref="AnswerSignals.CohortMargin"/>); the weights and thresholds were
/// fitted on dev questions and are documented with their data in docs/quality.md. By words alone, the term share
/// decides both.
/// </summary>
internal static class Answerability
{
    /// <summary>
    /// Logistic weights of "bears on it" with vectors: bias, cosine, term share, cosine gap, cohort margin. Fitted by
    /// docs/dev/fit_answerability.py (L2 0.01, classes weighted equally) on the dev questions of docs/dev asked of the
    /// seed alone and of the debate corpus: answerable and near-topic questions against off-topic ones. The visible
    /// sample questions are not fitted on (docs/quality.md).
    /// </summary>
    internal static readonly double[] BearsWeights = [-8.049, 9.486, 1.533, 15.41, 19.405];

    /// <summary>
    /// "Bears on it" when its logistic score reaches this: the lowest threshold (in steps of 0.05) at which 98% of the
    /// seed dev set's off-topic questions are declined on the seed alone and 90% inside the debate corpus (97 of 98 and
    /// 75 of 83). Stricter rules decline more off-topic questions in the debate corpus only by losing answerable ones
    /// (95%: 79 of 83, but 12 and 13 fewer right passages first on the two dev sets).
    /// </summary>
    internal const double BearsThreshold = 0.7;

    /// <summary>
    /// Logistic weights of "says it" with vectors: bias, cosine, term share, cosine gap, lead over the second passage,
    /// word support (<see cref="WordSupport"/>). Fitted the same way on the dev questions that bear on their corpus:
    /// answerable questions against near-topic ones (AUC 0.80; 0.70 without word support).
    /// </summary>
    internal static readonly double[] SaysWeights = [-3.638, 9.042, -2.981, -19.796, 11.437, 47.032];

    /// <summary>
    /// "Says it" when its logistic score reaches this: the lowest threshold (in steps of 0.05) that keeps 85% of the
    /// near-topic dev questions from being claimed as answered on both corpora (56 of 60 and 53 of 60).
    /// </summary>
    internal const double SaysThreshold = 0.4;

    /// <summary>
    /// By words alone, the best passage says it when its words hold this share of the question's information (by IDF
    /// weight). On the sample and paraphrased questions, answerable ones scored 0.5-1.0 and unanswerable ones that share
    /// a word with the article 0.1-0.35.
    /// </summary>
    public const double MinAnsweringTermShare = 0.45;

    /// <summary>
    /// By words alone, a passage whose words hold less than this share of the question bears on nothing: a single
    /// common word in common is not the topic. On the seed dev set by words alone, 0.3 declined 92% of the off-topic
    /// questions and lost 14 of the 122 whose right passage came first; 0.2 declined 76% and lost none, 0.4 declined
    /// 97% and lost 26.
    /// </summary>
    public const double MinRelatedTermShare = 0.3;

    /// <summary>The outcome for a question of form <paramref name="form"/> whose best passage has <paramref name="signals"/>.</summary>
    public static AnswerOutcome Decide(QuestionForm form, AnswerSignals signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        bool bears, says;
        if (signals.Cosine is { } cosine && signals.CosineGap is { } gap && signals.CohortMargin is { } margin)
        {
            bears = Score(BearsWeights, cosine, signals.TermShare, gap, margin) >= BearsThreshold;
            says = Score(SaysWeights, cosine, signals.TermShare, gap, signals.Lead, signals.Support ?? WordSupport.AllPresent) >= SaysThreshold;
        }
        else
        {
            bears = signals.TermShare >= MinRelatedTermShare;
            says = signals.TermShare >= MinAnsweringTermShare;
        }

        return !bears ? AnswerOutcome.Declined
            : form != QuestionForm.Question || says ? AnswerOutcome.Answered
            : AnswerOutcome.Related;
    }

    private static double Score(double[] weights, params ReadOnlySpan<double> features)
    {
        var z = weights[0];
        for (var i = 0; i < features.Length; i++)
        {
            z += weights[i + 1] * features[i];
        }

        return z;
    }
}
