namespace Bot.Search.Semantic;

/// <summary>
/// The settings of the re-ranked answer path (see docs/quality.md for the measurements behind each): BM25 candidates,
/// plus on small corpora the passages nearest the question by cosine, re-scored by <see cref="HybridReranker"/>.
/// </summary>
public static class SemanticRanking
{
    /// <summary>BM25 candidates re-scored per question (the probe's best depth on ArguAna and SciFact).</summary>
    public const int LexicalCandidates = 1000;

    /// <summary>
    /// Corpora up to this many passages also get the nearest passages by brute-force cosine as candidates, so that a
    /// paraphrase sharing no word with its passage can still find it (about 1-2 ms per 10k passages on 2 cores).
    /// </summary>
    public const int DenseCandidateCorpusLimit = 20_000;

    /// <summary>How many nearest passages by cosine join the candidates on a small corpus.</summary>
    public const int DenseCandidates = 100;

    /// <summary>w in w × normalised BM25 + (1 − w) × cosine.</summary>
    public const double LexicalWeight = 0.3;

    /// <summary>
    /// The re-ranked path also answers when the best passage's cosine with the question reaches this. Calibrated on
    /// docs/quality-dev-questions.jsonl: answerable paraphrases score 0.07-0.60, unanswerable questions that share
    /// words with the article 0.06-0.49, and the one question above 0.55 was answered with the wrong passage; so the
    /// threshold sits above both, and only a very close paraphrase is answered on its cosine alone.
    /// </summary>
    public const double MinAnswerCosine = 0.65;
}
