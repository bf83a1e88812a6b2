namespace Bot.Embeddings;

/// <summary>What <see cref="SentenceEmbedder"/> needs from a sentence-embedding model (the seam tests fake).</summary>
/// <param name="Name">The model's name, part of <see cref="SentenceEmbedder.ModelId"/>.</param>
/// <param name="QueryInstruction">Text put before every query (empty for a symmetric model).</param>
/// <param name="Encode">Texts to unit vectors, one per text, in order.</param>
/// <param name="CountWordPieces">Word pieces the model's tokenizer makes of one space-free word.</param>
/// <param name="Lifetime">Released when the embedder is disposed.</param>
internal sealed record EmbeddingModel(
    string Name, string QueryInstruction, Func<string[], CancellationToken, float[][]> Encode, Func<string, int> CountWordPieces, IDisposable Lifetime);
