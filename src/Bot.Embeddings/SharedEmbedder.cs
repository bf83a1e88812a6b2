using Microsoft.Extensions.Logging;

namespace Bot.Embeddings;

/// <summary>
/// The sentence-embedding model, loaded at most once per process (about 1.5 s and ~450 MB) on first use and shared by
/// every caller; null (after one warning from <see cref="SentenceEmbedder.TryLoad(ILogger, EmbedderOptions?)"/>)
/// when it cannot load. Never disposed: it lives as long as the process.
/// </summary>
public static class SharedEmbedder
{
    private static readonly Lock Gate = new();
    private static EmbedderLoadResult? _result;

    /// <summary>The shared embedder, loading it on the first call; null when the model cannot load.</summary>
    public static SentenceEmbedder? Get(ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        lock (Gate)
        {
            _result ??= SentenceEmbedder.TryLoad(logger);
            return _result.Embedder;
        }
    }
}
