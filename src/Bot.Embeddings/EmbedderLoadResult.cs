using System.Diagnostics.CodeAnalysis;

namespace Bot.Embeddings;

/// <summary>The outcome of loading the sentence-embedding model: the embedder, or why there is none.</summary>
public sealed class EmbedderLoadResult
{
    private EmbedderLoadResult(SentenceEmbedder? embedder, string? failure)
    {
        Embedder = embedder;
        Failure = failure;
    }

    /// <summary>The loaded embedder, when <see cref="Loaded"/>; the caller owns and disposes it.</summary>
    public SentenceEmbedder? Embedder { get; }

    /// <summary>Why the model did not load (exception type and message), when it did not.</summary>
    public string? Failure { get; }

    [MemberNotNullWhen(true, nameof(Embedder))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool Loaded => Embedder is not null;

    internal static EmbedderLoadResult Success(SentenceEmbedder embedder) => new(embedder, null);

    internal static EmbedderLoadResult Failed(string failure) => new(null, failure);
}
