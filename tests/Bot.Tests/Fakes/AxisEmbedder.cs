using Bot.Search.Semantic;

namespace Bot.Tests.Fakes;

/// <summary>
/// A deterministic stand-in for the sentence-embedding model: a passage's vector is a unit vector along the axis that
/// <see cref="PassageAxis"/> gives for its text, a query's along <see cref="QueryAxis"/>, so what the vectors say is
/// known exactly. Counts the passages it embeds.
/// </summary>
internal sealed class AxisEmbedder : ITextEmbedder
{
    private int _embedded;

    public string ModelId { get; init; } = "axis-test-model";

    public int Dimensions => 384;

    /// <summary>The axis of a passage's vector (default: 0, all passages alike).</summary>
    public Func<string, int> PassageAxis { get; init; } = _ => 0;

    /// <summary>The axis of a query's vector.</summary>
    public Func<string, int> QueryAxis { get; set; } = _ => 0;

    /// <summary>Passages embedded so far.</summary>
    public int Embedded => Volatile.Read(ref _embedded);

    public float[] EmbedQuery(string text, CancellationToken cancellationToken = default) => Axis(QueryAxis(text));

    public float[][] EmbedQueries(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) => [.. texts.Select(t => EmbedQuery(t, cancellationToken))];

    public float[][] EmbedPassages(IReadOnlyList<string> texts, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Add(ref _embedded, texts.Count);
        progress?.Report(texts.Count);
        return [.. texts.Select(t => Axis(PassageAxis(t)))];
    }

    public float[] Axis(int axis)
    {
        var vector = new float[Dimensions];
        vector[axis] = 1;
        return vector;
    }
}
