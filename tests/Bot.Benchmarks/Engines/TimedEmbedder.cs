using System.Diagnostics;
using Bot.Search.Semantic;

namespace Bot.Benchmarks.Engines;

/// <summary>What the model did for the answers of one thread: calls, texts embedded and wall time inside the model.</summary>
internal readonly record struct ModelUse(int Calls, int Texts, double Milliseconds);

/// <summary>
/// The serving engine's model, timed: each thread adds up its own query-embedding calls, so the harness can say how much
/// of an answer's time was the model's (the question's embedding, and the second call that probes its missing words).
/// Passes everything through unchanged, the model id included (so the index's vectors still match).
/// </summary>
internal sealed class TimedEmbedder(ITextEmbedder inner) : ITextEmbedder
{
    [ThreadStatic]
    private static int _calls;

    [ThreadStatic]
    private static int _texts;

    [ThreadStatic]
    private static long _ticks;

    public string ModelId => inner.ModelId;

    public int Dimensions => inner.Dimensions;

    /// <summary>The current thread's model use since its last call to this method.</summary>
    public static ModelUse Take()
    {
        var use = new ModelUse(_calls, _texts, Stopwatch.GetElapsedTime(0, _ticks).TotalMilliseconds);
        _calls = 0;
        _texts = 0;
        _ticks = 0;
        return use;
    }

    public float[] EmbedQuery(string text, CancellationToken cancellationToken = default)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return inner.EmbedQuery(text, cancellationToken);
        }
        finally
        {
            Add(1, start);
        }
    }

    public float[][] EmbedQueries(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var start = Stopwatch.GetTimestamp();
        try
        {
            return inner.EmbedQueries(texts, cancellationToken);
        }
        finally
        {
            Add(texts.Count, start);
        }
    }

    public float[][] EmbedPassages(IReadOnlyList<string> texts, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        inner.EmbedPassages(texts, progress, cancellationToken);

    private static void Add(int texts, long start)
    {
        _calls++;
        _texts += texts;
        _ticks += Stopwatch.GetTimestamp() - start;
    }
}
