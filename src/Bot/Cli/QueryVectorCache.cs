using System.Collections.Concurrent;

namespace Bot.Cli;

/// <summary>
/// Query vectors of one collection kept between <c>bot eval</c> runs, keyed by the query text (so a changed topic file
/// cannot reuse a stale vector): a count, then per query its text and its float components.
/// </summary>
internal sealed class QueryVectorCache
{
    private readonly string _path;
    private readonly ConcurrentDictionary<string, float[]> _vectors;
    private readonly int _loaded;

    private QueryVectorCache(string path, ConcurrentDictionary<string, float[]> vectors)
    {
        _path = path;
        _vectors = vectors;
        _loaded = vectors.Count;
    }

    public int Count => _vectors.Count;

    /// <summary>Reads the cache at <paramref name="path"/>, or starts an empty one when there is none.</summary>
    public static QueryVectorCache Load(string path)
    {
        var vectors = new ConcurrentDictionary<string, float[]>(StringComparer.Ordinal);
        if (File.Exists(path))
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            var count = reader.ReadInt32();
            for (var i = 0; i < count; i++)
            {
                var text = reader.ReadString();
                var vector = new float[reader.ReadInt32()];
                for (var j = 0; j < vector.Length; j++)
                {
                    vector[j] = reader.ReadSingle();
                }

                vectors[text] = vector;
            }
        }

        return new QueryVectorCache(path, vectors);
    }

    /// <summary>The cached vector of <paramref name="text"/>, embedding it the first time.</summary>
    public float[] GetOrAdd(string text, Func<string, float[]> embed) => _vectors.GetOrAdd(text, embed);

    /// <summary>Writes the cache (to a temporary file, then moved in) when queries were embedded since it was read.</summary>
    public void SaveIfChanged()
    {
        if (_vectors.Count == _loaded)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(_path)) ?? ".");
        var temp = _path + ".tmp";
        using (var writer = new BinaryWriter(File.Create(temp)))
        {
            var entries = _vectors.ToArray();
            writer.Write(entries.Length);
            foreach (var (text, vector) in entries)
            {
                writer.Write(text);
                writer.Write(vector.Length);
                foreach (var value in vector)
                {
                    writer.Write(value);
                }
            }
        }

        File.Move(temp, _path, overwrite: true);
    }
}

/// <summary>An embedder whose query vectors come from a <see cref="QueryVectorCache"/> (passages are embedded as usual).</summary>
internal sealed class CachedQueryEmbedder(Bot.Search.Semantic.ITextEmbedder inner, QueryVectorCache cache) : Bot.Search.Semantic.ITextEmbedder
{
    public string ModelId => inner.ModelId;

    public int Dimensions => inner.Dimensions;

    public float[] EmbedQuery(string text, CancellationToken cancellationToken = default) =>
        cache.GetOrAdd(text, t => inner.EmbedQuery(t, cancellationToken));

    public float[][] EmbedQueries(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        [.. texts.Select(t => EmbedQuery(t, cancellationToken))];

    public float[][] EmbedPassages(IReadOnlyList<string> texts, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        inner.EmbedPassages(texts, progress, cancellationToken);
}
