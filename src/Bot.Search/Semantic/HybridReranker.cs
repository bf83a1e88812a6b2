namespace Bot.Search.Semantic;

/// <summary>A lexical (BM25) candidate to re-rank: its passage id and score.</summary>
public readonly record struct RerankCandidate(string Id, double Score);

/// <summary>A re-ranked passage: the combined score, and the two parts it was made from.</summary>
/// <param name="Id">Passage id.</param>
/// <param name="Score">w × normalised lexical score + (1 − w) × cosine.</param>
/// <param name="LexicalScore">The candidate's original (BM25) score.</param>
/// <param name="Cosine">Cosine between question and passage vectors; 0 when the passage has no stored vector.</param>
public readonly record struct RerankedPassage(string Id, double Score, double LexicalScore, double Cosine);

/// <summary>
/// Re-scores BM25 candidates with sentence-embedding similarity:
/// <c>score = w × (bm25 − min) / (max − min) + (1 − w) × cosine</c>, min and max taken over the candidates
/// (every normalised BM25 score is 1 when they are all equal). Ties keep the candidates' original order.
/// </summary>
public static class HybridReranker
{
    /// <summary>
    /// Re-ranks <paramref name="candidates"/> (best first) for a question whose vector is <paramref name="queryVector"/>,
    /// reading passage vectors from <paramref name="vectors"/>. A candidate without a stored vector gets cosine 0.
    /// </summary>
    public static IReadOnlyList<RerankedPassage> Rerank(
        IReadOnlyList<RerankCandidate> candidates, ReadOnlySpan<float> queryVector, PassageVectorStore vectors, double lexicalWeight)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(vectors);
        var cosines = new double[candidates.Count];
        for (var i = 0; i < candidates.Count; i++)
        {
            cosines[i] = vectors.TryGetOrdinal(candidates[i].Id, out var ordinal) ? vectors.Cosine(ordinal, queryVector) : 0;
        }

        return Combine(candidates, cosines, lexicalWeight);
    }

    /// <summary>Combines each candidate's lexical score with its cosine (<paramref name="cosines"/>[i] for candidate i).</summary>
    public static IReadOnlyList<RerankedPassage> Combine(
        IReadOnlyList<RerankCandidate> candidates, IReadOnlyList<double> cosines, double lexicalWeight)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(cosines);
        if (cosines.Count != candidates.Count)
        {
            throw new ArgumentException($"{candidates.Count} candidates but {cosines.Count} cosines.", nameof(cosines));
        }

        if (!(lexicalWeight is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(lexicalWeight), lexicalWeight, "The lexical weight is between 0 and 1.");
        }

        if (candidates.Count == 0)
        {
            return [];
        }

        var min = candidates.Min(c => c.Score);
        var max = candidates.Max(c => c.Score);
        var range = max - min;
        return candidates
            .Select((candidate, i) =>
            {
                var lexical = range > 0 ? (candidate.Score - min) / range : 1;
                var score = (lexicalWeight * lexical) + ((1 - lexicalWeight) * cosines[i]);
                return new RerankedPassage(candidate.Id, score, candidate.Score, cosines[i]);
            })
            .OrderByDescending(passage => passage.Score) // OrderBy is stable: ties keep the original order
            .ToArray();
    }
}
