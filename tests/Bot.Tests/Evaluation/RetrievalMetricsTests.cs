using Bot.Evaluation;
using Bot.Search;

namespace Bot.Tests.Evaluation;

/// <summary>
/// A collection made here, scored by hand. Judgments (grade 0 = judged not relevant):
/// <code>
/// q1: d1 = 2, d3 = 1, d5 = 0, d6 = 1
/// q2: d4 = 1
/// q3: d2 = 0                      (no relevant document: left out of the averages)
/// q5: d2 = 1                      (relevant document, but the run has no ranking for q5: scores 0)
/// </code>
/// Run: q1 → d3, d2, d1, d5 (d6 never retrieved); q2 → d1, d2, d4; q3 → d2.
/// </summary>
public sealed class RetrievalMetricsTests
{
    private const double Tolerance = 1e-9;

    private static readonly RelevanceJudgments Judgments = BuildJudgments();

    [Fact]
    public void NdcgUsesGradeAsGainAndLogTwoOfRankPlusOneAsDiscount()
    {
        // DCG  = d3 (grade 1) at rank 1: 1 / log2(2) = 1
        //      + d2 unjudged at rank 2: 0
        //      + d1 (grade 2) at rank 3: 2 / log2(4) = 1
        //      + d5 (grade 0) at rank 4: 0                              = 2
        // IDCG = grades 2, 1, 1 in the best order: 2 / log2(2) + 1 / log2(3) + 1 / log2(4)
        //      = 2 + 0.6309297536 + 0.5                                  = 3.1309297536
        // nDCG = 2 / 3.1309297536                                        = 0.6387878865
        var ndcg = RetrievalMetrics.NdcgAt(["d3", "d2", "d1", "d5"], Judgments.For("q1"), 10);

        Assert.Equal(0.6387878864795979, ndcg, Tolerance);
    }

    [Fact]
    public void NdcgOfSingleRelevantDocumentAtRankThreeIsOneHalf()
    {
        // DCG = 1 / log2(3 + 1) = 0.5; IDCG = 1 / log2(2) = 1.
        Assert.Equal(0.5, RetrievalMetrics.NdcgAt(["d1", "d2", "d4"], Judgments.For("q2"), 10), Tolerance);
    }

    [Fact]
    public void NdcgIgnoresDocumentsBelowTheCut()
    {
        var ranking = Enumerable.Range(0, 10).Select(i => $"x{i}").Append("d4").ToArray(); // d4 at rank 11

        Assert.Equal(0, RetrievalMetrics.NdcgAt(ranking, Judgments.For("q2"), 10));
        Assert.Equal(1.0 / Math.Log2(12), RetrievalMetrics.NdcgAt(ranking, Judgments.For("q2"), 11), Tolerance);
    }

    [Fact]
    public void RecallCountsRelevantDocumentsFoundOverAllRelevantJudged()
    {
        // Relevant (grade > 0): d1, d3, d6. Found: d3, d1. Recall = 2 / 3.
        Assert.Equal(2.0 / 3, RetrievalMetrics.RecallAt(["d3", "d2", "d1", "d5"], Judgments.For("q1"), 100), Tolerance);
    }

    [Fact]
    public void RecallAtHundredMissesDocumentAtRankHundredAndOne()
    {
        var ranking = Enumerable.Range(0, 100).Select(i => $"x{i}").Append("d4").ToArray();

        Assert.Equal(0, RetrievalMetrics.RecallAt(ranking, Judgments.For("q2"), 100));
        Assert.Equal(1, RetrievalMetrics.RecallAt(ranking, Judgments.For("q2"), 101));
    }

    [Fact]
    public void ReciprocalRankIsOneOverRankOfFirstRelevantWithinTen()
    {
        // q2: d4 is the first relevant, at rank 3: 1 / 3. Past rank 10 it counts 0.
        Assert.Equal(1.0 / 3, RetrievalMetrics.ReciprocalRankAt(["d1", "d2", "d4"], Judgments.For("q2"), 10), Tolerance);
        var late = Enumerable.Range(0, 10).Select(i => $"x{i}").Append("d4").ToArray();
        Assert.Equal(0, RetrievalMetrics.ReciprocalRankAt(late, Judgments.For("q2"), 10));
    }

    [Fact]
    public void EvaluateAveragesOverQueriesWithARelevantJudgmentCountingMissingRunsAsZero()
    {
        var run = new Dictionary<string, IReadOnlyList<RankedDocument>>
        {
            ["q1"] = Ranked("d3", "d2", "d1", "d5"),
            ["q2"] = Ranked("d1", "d2", "d4"),
            ["q3"] = Ranked("d2"),
        };

        var summary = RunEvaluator.Evaluate(run, Judgments);

        // Averaged over q1, q2, q5 (q3 has no relevant document; q5 is not in the run and scores 0):
        // nDCG@10    = (0.6387878865 + 0.5 + 0) / 3 = 0.3795959622
        // Recall@100 = (2/3 + 1 + 0) / 3            = 5/9 = 0.5555555556
        // MRR@10     = (1/1 + 1/3 + 0) / 3          = 4/9 = 0.4444444444
        Assert.Equal(3, summary.QueryCount);
        Assert.Equal(["q1", "q2", "q5"], summary.PerQuery.Select(q => q.QueryId));
        Assert.Equal(0.37959596215986596, summary.NdcgAt10, Tolerance);
        Assert.Equal(5.0 / 9, summary.RecallAt100, Tolerance);
        Assert.Equal(4.0 / 9, summary.MrrAt10, Tolerance);
    }

    [Fact]
    public void PrepareRankingDropsHitsWhoseIdIsTheQueryId()
    {
        // ArguAna: the query argument is itself in the corpus and ranks first; BEIR drops it.
        var hits = Ranked("q2", "d4", "d1");

        var kept = RunEvaluator.PrepareRanking("q2", hits, dropQueryIdHits: true);
        var all = RunEvaluator.PrepareRanking("q2", hits, dropQueryIdHits: false);

        Assert.Equal(["d4", "d1"], kept.Select(h => h.Id));
        Assert.Equal(["q2", "d4", "d1"], all.Select(h => h.Id));
        Assert.Equal(1.0, RetrievalMetrics.ReciprocalRankAt(kept.Select(h => h.Id).ToArray(), Judgments.For("q2"), 10));
    }

    [Fact]
    public void PrepareRankingOrdersAsTrecEvalDoesAndCutsAtDepth()
    {
        // trec_eval sorts by score descending, then document id descending; a repeated document keeps its first hit.
        RankedDocument[] hits = [new("a", 1), new("c", 2), new("b", 2), new("c", 0.5), new("d", 0.1)];

        var ranking = RunEvaluator.PrepareRanking("q", hits, dropQueryIdHits: false, depth: 3);

        Assert.Equal(["c", "b", "a"], ranking.Select(h => h.Id));
        Assert.Equal(2, ranking[0].Score);
    }

    private static RankedDocument[] Ranked(params string[] ids) =>
        ids.Select((id, i) => new RankedDocument(id, ids.Length - i)).ToArray();

    private static RelevanceJudgments BuildJudgments()
    {
        var judgments = new RelevanceJudgments();
        judgments.Add("q1", "d1", 2);
        judgments.Add("q1", "d3", 1);
        judgments.Add("q1", "d5", 0);
        judgments.Add("q1", "d6", 1);
        judgments.Add("q2", "d4", 1);
        judgments.Add("q3", "d2", 0);
        judgments.Add("q5", "d2", 1);
        return judgments;
    }
}
