using Bot.Search.Ranking;

namespace Bot.Tests.Semantic;

/// <summary>
/// <see cref="PassageRanker.Scored"/> leaves out the term share of candidates that cannot reach the depth asked for;
/// the first passages must be exactly those of scoring every candidate.
/// </summary>
public sealed class TermShareBoundTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(50)]
    public void TheFirstPassagesAreThoseOfScoringEveryCandidate(int depth)
    {
        for (var seed = 0; seed < 200; seed++)
        {
            var random = new Random(seed);
            var count = random.Next(1, 1200);
            var docs = Enumerable.Range(0, count).Select(i => (i * 7) + random.Next(7)).OrderBy(_ => random.Next()).ToArray();

            // Coarse steps make ties in cosine, in score and in BM25 score, so the tie-breaks are exercised too; term
            // shares include both ends of their range.
            var cosines = docs.Select(_ => Math.Round((random.NextDouble() * 1.2) - 0.2, 2)).ToArray();
            var lexical = docs.Select(_ => random.Next(3) == 0 ? 0 : Math.Round(random.NextDouble() * 20, 1)).ToArray();
            var shares = docs.ToDictionary(d => d, _ => random.Next(4) switch { 0 => 0, 1 => 1, _ => Math.Round(random.NextDouble(), 2) });
            var asked = 0;
            Dictionary<int, double> TermShares(int[] subset)
            {
                asked += subset.Length;
                return subset.ToDictionary(d => d, d => shares[d]);
            }

            var all = PassageRanker.Scored(docs, lexical, cosines, int.MaxValue, TermShares);
            asked = 0;
            var bounded = PassageRanker.Scored(docs, lexical, cosines, depth, TermShares);

            Assert.Equal(all.Take(depth), bounded.Take(depth));
            Assert.True(asked <= count, $"seed {seed}: {asked} term shares for {count} candidates");
        }
    }

    [Fact]
    public void CandidatesFarBelowTheFirstAreNotScored()
    {
        int[] docs = [1, 2, 3, 4];
        double[] cosines = [0.9, 0.8, 0.5, 0.3];
        var asked = new List<int>();
        var ranked = PassageRanker.Scored(docs, [0, 0, 0, 0], cosines, 2, subset =>
        {
            asked.AddRange(subset);
            return subset.ToDictionary(d => d, _ => 0.0);
        });

        // The second best scores 0.8; 0.5 + 0.2 and 0.3 + 0.2 cannot reach it.
        Assert.Equal([1, 2], asked.Order());
        Assert.Equal([1, 2], ranked.Select(r => r.Doc));
    }
}
