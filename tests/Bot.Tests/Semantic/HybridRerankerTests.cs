using Bot.Search.Semantic;

namespace Bot.Tests.Semantic;

public sealed class HybridRerankerTests
{
    // BM25 10, 6, 2 normalise (min-max) to 1, 0.5, 0.
    private static readonly RerankCandidate[] Candidates = [new("A", 10), new("B", 6), new("C", 2)];
    private static readonly double[] Cosines = [0.1, 0.9, 0.5];

    [Fact]
    public void CombinesMinMaxBm25WithCosine()
    {
        // w = 0.3:  A = 0.3 * 1   + 0.7 * 0.1 = 0.37
        //           B = 0.3 * 0.5 + 0.7 * 0.9 = 0.78
        //           C = 0.3 * 0   + 0.7 * 0.5 = 0.35
        var reranked = HybridReranker.Combine(Candidates, Cosines, lexicalWeight: 0.3);

        Assert.Equal(["B", "A", "C"], reranked.Select(p => p.Id));
        Assert.Equal([0.78, 0.37, 0.35], reranked.Select(p => Math.Round(p.Score, 10)));
        Assert.Equal([6.0, 10.0, 2.0], reranked.Select(p => p.LexicalScore));
        Assert.Equal([0.9, 0.1, 0.5], reranked.Select(p => p.Cosine));
    }

    [Theory]
    [InlineData(1.0, new[] { "A", "B", "C" })] // BM25 alone
    [InlineData(0.0, new[] { "B", "C", "A" })] // cosine alone
    public void WeightsAtTheEndsGiveOneSignalAlone(double weight, string[] expected)
    {
        Assert.Equal(expected, HybridReranker.Combine(Candidates, Cosines, weight).Select(p => p.Id));
    }

    [Fact]
    public void EqualBm25ScoresNormaliseToOneAndTiesKeepOriginalOrder()
    {
        RerankCandidate[] candidates = [new("X", 3), new("Y", 3), new("Z", 3)];

        var reranked = HybridReranker.Combine(candidates, [0.2, 0.2, 0.4], lexicalWeight: 0.5);

        // X = Y = 0.5 + 0.5 * 0.2 = 0.6; Z = 0.5 + 0.5 * 0.4 = 0.7.
        Assert.Equal(["Z", "X", "Y"], reranked.Select(p => p.Id));
        Assert.Equal(0.6, reranked[1].Score, 1e-12);
    }

    [Fact]
    public void RejectsWeightOutsideZeroToOneAndMismatchedCosines()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => HybridReranker.Combine(Candidates, Cosines, 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => HybridReranker.Combine(Candidates, Cosines, double.NaN));
        Assert.Throws<ArgumentException>(() => HybridReranker.Combine(Candidates, [0.1], 0.5));
        Assert.Empty(HybridReranker.Combine([], [], 0.5));
    }

    [Fact]
    public void RerankReadsCosinesFromStoreAndGivesMissingPassageZero()
    {
        var folder = Directory.CreateTempSubdirectory("rerank-");
        try
        {
            var path = Path.Combine(folder.FullName, "v.pvec");
            PassageVectorStore.Write(path, ["A", "B"], [[0f, 1f, 0f], [1f, 0f, 0f]]);
            using var store = PassageVectorStore.Open(path);

            // Query (1, 0, 0): cos A = 0, cos B = 1, C has no vector (0). BM25 1, 0.5, 0 as above.
            // w = 0.2: A = 0.2, B = 0.1 + 0.8 = 0.9, C = 0.
            var reranked = HybridReranker.Rerank(Candidates, [1f, 0f, 0f], store, lexicalWeight: 0.2);

            Assert.Equal(["B", "A", "C"], reranked.Select(p => p.Id));
            Assert.Equal([0.9, 0.2, 0.0], reranked.Select(p => Math.Round(p.Score, 6)));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
