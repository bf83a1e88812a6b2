using Bot.Search;

namespace Bot.Evaluation;

/// <summary>The scores of one query.</summary>
public sealed record QueryScores(string QueryId, double NdcgAt10, double RecallAt100, double ReciprocalRankAt10);

/// <summary>Scores averaged over the queries that have at least one relevant judgment.</summary>
/// <param name="NdcgAt10">Mean nDCG@10.</param>
/// <param name="RecallAt100">Mean Recall@100.</param>
/// <param name="MrrAt10">Mean reciprocal rank cut at 10.</param>
/// <param name="QueryCount">Queries averaged over (those with a relevant judgment; a query the run lacks scores 0).</param>
/// <param name="PerQuery">Each averaged query's scores, in judgment order.</param>
public sealed record EvaluationSummary(
    double NdcgAt10, double RecallAt100, double MrrAt10, int QueryCount, IReadOnlyList<QueryScores> PerQuery);

/// <summary>Turns rankings into what trec_eval would score, and scores them.</summary>
public static class RunEvaluator
{
    /// <summary>How deep a run is kept and written: Recall@100 needs 100 per query.</summary>
    public const int DefaultDepth = 100;

    /// <summary>
    /// Puts one query's hits in the order trec_eval scores a run file in (score descending, ties by document id
    /// descending), keeps the first hit of a document seen twice, optionally drops hits whose id equals the query id
    /// (BEIR's protocol for ArguAna, whose queries are themselves in the corpus), and keeps the first <paramref name="depth"/>.
    /// </summary>
    public static IReadOnlyList<RankedDocument> PrepareRanking(
        string queryId, IEnumerable<RankedDocument> hits, bool dropQueryIdHits, int depth = DefaultDepth)
    {
        ArgumentNullException.ThrowIfNull(queryId);
        ArgumentNullException.ThrowIfNull(hits);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(depth);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        return hits
            .Where(hit => !(dropQueryIdHits && string.Equals(hit.Id, queryId, StringComparison.Ordinal)))
            .Where(hit => seen.Add(hit.Id))
            .OrderByDescending(hit => hit.Score)
            .ThenByDescending(hit => hit.Id, StringComparer.Ordinal)
            .Take(depth)
            .ToArray();
    }

    /// <summary>
    /// Scores a run (query id to ranking, best first, as given) against <paramref name="judgments"/>: nDCG@10,
    /// Recall@100 and MRR@10, averaged over every judged query with at least one relevant document
    /// (trec_eval <c>-c</c>: a query missing from the run counts as 0). Queries without judgments are ignored.
    /// </summary>
    public static EvaluationSummary Evaluate(
        IReadOnlyDictionary<string, IReadOnlyList<RankedDocument>> run, RelevanceJudgments judgments)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(judgments);

        var perQuery = new List<QueryScores>();
        foreach (var queryId in judgments.QueryIds)
        {
            if (!judgments.HasRelevant(queryId))
            {
                continue;
            }

            var judged = judgments.For(queryId);
            var ranking = run.TryGetValue(queryId, out var hits) ? hits.Select(hit => hit.Id).ToArray() : [];
            perQuery.Add(new QueryScores(
                queryId,
                RetrievalMetrics.NdcgAt(ranking, judged, 10),
                RetrievalMetrics.RecallAt(ranking, judged, 100),
                RetrievalMetrics.ReciprocalRankAt(ranking, judged, 10)));
        }

        return perQuery.Count == 0
            ? new EvaluationSummary(0, 0, 0, 0, perQuery)
            : new EvaluationSummary(
                perQuery.Average(q => q.NdcgAt10),
                perQuery.Average(q => q.RecallAt100),
                perQuery.Average(q => q.ReciprocalRankAt10),
                perQuery.Count,
                perQuery);
    }
}
