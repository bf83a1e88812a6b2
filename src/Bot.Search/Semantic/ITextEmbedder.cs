namespace Bot.Search.Semantic;

/// <summary>
/// The seam between the search library and a sentence-embedding model: the ranker and the index builder take any
/// implementation (the bot's is in <c>Bot.Embeddings</c>; tests pass deterministic fakes), and the library itself
/// never loads a model or its runtime. Implementations are thread-safe.
/// </summary>
public interface ITextEmbedder
{
    /// <summary>
    /// Names the model and how it prepares text (cut, prefixes). Passage vectors are reused from an earlier build only
    /// when it was written by the same <see cref="ModelId"/>, so vectors of two models are never compared.
    /// </summary>
    string ModelId { get; }

    /// <summary>Length of every vector.</summary>
    int Dimensions { get; }

    /// <summary>Embeds a question or claim as a unit vector.</summary>
    float[] EmbedQuery(string text, CancellationToken cancellationToken = default);

    /// <summary>Embeds several questions in one model call (cheaper than one call each), in the order given.</summary>
    float[][] EmbedQueries(IReadOnlyList<string> texts, CancellationToken cancellationToken = default);

    /// <summary>Embeds passages as unit vectors, in the order given; <paramref name="progress"/> gets the count done.</summary>
    float[][] EmbedPassages(IReadOnlyList<string> texts, IProgress<int>? progress = null, CancellationToken cancellationToken = default);
}
