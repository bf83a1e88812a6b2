namespace Bot.Search.Semantic;

/// <summary>What <see cref="PassageEmbedder"/> needs from a sentence-embedding model (the seam tests fake).</summary>
/// <param name="Encode">Texts to unit vectors, one per text, in order.</param>
/// <param name="CountWordPieces">Word pieces the model's tokenizer makes of one space-free word.</param>
/// <param name="Lifetime">Released when the embedder is disposed.</param>
internal sealed record EmbeddingModel(
    Func<string[], CancellationToken, float[][]> Encode, Func<string, int> CountWordPieces, IDisposable Lifetime);
