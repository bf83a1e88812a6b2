using System.IO.Hashing;
using System.Text;
using Bot.Benchmarks.Corpus;
using Bot.Search.Semantic;

namespace Bot.Benchmarks.Engines;

/// <summary>
/// Passage vectors without running the model over every passage, for corpora too large to embed (the model embeds
/// ~20 passages/s on 2 cores: 1M passages would take days). Each passage's vector is a pseudo-random unit vector
/// seeded by its text (the same text gives the same vector on every run), except the passages named in
/// <paramref name="modelPassages"/> (the benchmark's questions' source passages), which the real model embeds, so that
/// a question still finds its passage by meaning and the answer path takes the decisions it takes with real vectors:
/// quoting, and the model call that probes the question's missing words. Questions are always embedded by the real
/// model, on every answer. The vectors carry their own model id, so they are never mixed with the model's own.
/// </summary>
/// <param name="model">The real model: every query, and the passages of <paramref name="modelPassages"/>.</param>
/// <param name="modelPassages">Passage texts the model embeds (compared with white space collapsed).</param>
internal sealed class PseudoVectorEmbedder(ITextEmbedder model, IEnumerable<string> modelPassages) : ITextEmbedder
{
    /// <summary>Prefix of the model id of vector files this embedder writes.</summary>
    public const string ModelIdPrefix = "bench-pseudo-vectors-v1+";

    private readonly HashSet<string> _modelPassages = [.. modelPassages.Select(Normalise)];
    private int _modelEmbedded;

    public string ModelId => ModelIdPrefix + model.ModelId;

    public int Dimensions => model.Dimensions;

    /// <summary>Passages the real model embedded so far.</summary>
    public int ModelEmbedded => Volatile.Read(ref _modelEmbedded);

    public float[] EmbedQuery(string text, CancellationToken cancellationToken = default) => model.EmbedQuery(text, cancellationToken);

    public float[][] EmbedQueries(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) => model.EmbedQueries(texts, cancellationToken);

    public float[][] EmbedPassages(IReadOnlyList<string> texts, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var vectors = new float[texts.Count][];
        var real = new List<int>();
        for (var i = 0; i < texts.Count; i++)
        {
            if (_modelPassages.Contains(Normalise(texts[i])))
            {
                real.Add(i);
            }
            else
            {
                vectors[i] = Vector(texts[i], Dimensions);
            }
        }

        if (real.Count > 0)
        {
            var embedded = model.EmbedPassages([.. real.Select(i => texts[i])], progress: null, cancellationToken);
            for (var j = 0; j < real.Count; j++)
            {
                vectors[real[j]] = embedded[j];
            }

            Interlocked.Add(ref _modelEmbedded, real.Count);
        }

        progress?.Report(texts.Count);
        return vectors;
    }

    /// <summary>A unit vector of <paramref name="dimensions"/> roughly normal components, seeded by the text's XXH64.</summary>
    public static float[] Vector(string text, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(text);
        var random = new SeedRandom(XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(text)));
        var vector = new float[dimensions];
        double norm = 0;
        for (var i = 0; i < dimensions; i++)
        {
            var value = random.NextGaussian(0, 1);
            vector[i] = (float)value;
            norm += value * value;
        }

        var scale = (float)(1 / Math.Sqrt(norm));
        for (var i = 0; i < dimensions; i++)
        {
            vector[i] *= scale;
        }

        return vector;
    }

    private static string Normalise(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
