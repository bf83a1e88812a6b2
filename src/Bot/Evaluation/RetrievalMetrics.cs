namespace Bot.Evaluation;

/// <summary>
/// Per-query retrieval metrics computed as trec_eval does. A document is relevant when its grade is above 0;
/// unjudged documents count as not relevant.
/// </summary>
public static class RetrievalMetrics
{
    /// <summary>
    /// nDCG@k (trec_eval <c>ndcg_cut.k</c>): DCG = sum over ranks r ≤ k of grade / log2(r + 1); the ideal DCG ranks all
    /// judged relevant documents by grade. 0 when the query has no relevant document.
    /// </summary>
    public static double NdcgAt(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> judgments, int k)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        ArgumentNullException.ThrowIfNull(judgments);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);

        var dcg = 0.0;
        for (var i = 0; i < Math.Min(k, ranking.Count); i++)
        {
            if (judgments.TryGetValue(ranking[i], out var grade) && grade > 0)
            {
                dcg += grade / Math.Log2(i + 2);
            }
        }

        var ideal = judgments.Values.Where(grade => grade > 0).OrderDescending().Take(k).ToArray();
        var idealDcg = 0.0;
        for (var i = 0; i < ideal.Length; i++)
        {
            idealDcg += ideal[i] / Math.Log2(i + 2);
        }

        return idealDcg > 0 ? dcg / idealDcg : 0;
    }

    /// <summary>Recall@k: the share of the query's relevant documents found in the first k. 0 when it has none.</summary>
    public static double RecallAt(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> judgments, int k)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        ArgumentNullException.ThrowIfNull(judgments);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);

        var relevant = judgments.Values.Count(grade => grade > 0);
        if (relevant == 0)
        {
            return 0;
        }

        var found = ranking.Take(k).Count(id => judgments.TryGetValue(id, out var grade) && grade > 0);
        return (double)found / relevant;
    }

    /// <summary>Reciprocal rank cut at k: 1 / rank of the first relevant document within the first k, else 0.</summary>
    public static double ReciprocalRankAt(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> judgments, int k)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        ArgumentNullException.ThrowIfNull(judgments);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);

        for (var i = 0; i < Math.Min(k, ranking.Count); i++)
        {
            if (judgments.TryGetValue(ranking[i], out var grade) && grade > 0)
            {
                return 1.0 / (i + 1);
            }
        }

        return 0;
    }
}
