using System.Globalization;
using Bot.Search.Semantic;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Microsoft.Extensions.Logging;

namespace Bot.Search.Indexing;

/// <summary>
/// One index generation, opened: its reader and searchers, manifest, query planner, passage vectors and the passages
/// read so far. Immutable apart from the passage cache; reference-counted through its reader and handed out by
/// <see cref="SnapshotManager"/>, which swaps in a newly built generation while calls on this one finish.
/// </summary>
internal sealed partial class IndexSnapshot
{
    /// <summary>
    /// A generation up to this size is read into memory when opened (<see cref="InMemoryReadDirectory"/>); a larger
    /// one is read with positional reads through the page cache (<see cref="PositionalReadDirectory"/>). 128 MiB holds
    /// ~250k passages of news paragraphs (100k: 45 MB); 1M passages (437 MB) stay on disk.
    /// </summary>
    internal const long InMemoryIndexMaxBytes = 128L << 20;

    private static readonly HashSet<string> IdField = [PassageFields.Id];

    private readonly int[] _ordinalByDoc;
    private readonly int[] _docByOrdinal;

    private IndexSnapshot(string generation, Lucene.Net.Store.Directory directory, DirectoryReader reader, Analyzer analyzer, IndexManifest manifest, PassageVectorStore? vectors, IReadOnlyList<float[]>? cohort)
    {
        CohortVectors = cohort;
        Generation = generation;
        Reader = reader;
        Manifest = manifest;
        Titles = [.. manifest.Documents.Select(d => d.Title).Distinct(StringComparer.Ordinal)];
        ShortQuerySearcher = new IndexSearcher(reader) { Similarity = LuceneSetup.CreateSimilarity() };
        LongQuerySearcher = new IndexSearcher(reader) { Similarity = LuceneSetup.CreateLongQuerySimilarity() };
        Planner = new QueryPlanner(analyzer, new AcronymTable(manifest.Acronyms, analyzer));
        Passages = new PassageReader(reader, analyzer);

        // Only a generation with vectors maps every passage to its row (one stored-field read per passage at open).
        _ordinalByDoc = vectors is null ? [] : new int[reader.MaxDoc];
        _docByOrdinal = new int[vectors?.Count ?? 0];
        Array.Fill(_docByOrdinal, -1);
        for (var doc = 0; vectors is not null && doc < reader.MaxDoc; doc++)
        {
            _ordinalByDoc[doc] = -1;
            if (vectors.TryGetOrdinal(ReadId(doc), out var ordinal))
            {
                _ordinalByDoc[doc] = ordinal;
                _docByOrdinal[ordinal] = doc;
            }
        }

        Vectors = vectors;
        reader.AddReaderDisposedListener(new OnClosed(directory));
    }

    public string Generation { get; }

    public DirectoryReader Reader { get; }

    public IndexManifest Manifest { get; }

    /// <summary>The distinct document titles: what the corpus covers, for a reply that declines.</summary>
    public IReadOnlyList<string> Titles { get; }

    /// <summary>Scores typed questions (see <see cref="LuceneSetup.B"/>).</summary>
    public IndexSearcher ShortQuerySearcher { get; }

    /// <summary>Scores long queries: claims and pasted arguments (see <see cref="LuceneSetup.LongQueryB"/>).</summary>
    public IndexSearcher LongQuerySearcher { get; }

    public QueryPlanner Planner { get; }

    public PassageReader Passages { get; }

    /// <summary>The generation's passage vectors, when they exist and match it and the model.</summary>
    public PassageVectorStore? Vectors { get; }

    /// <summary>The everyday questions' vectors the build stored (<see cref="Answers.QuestionCohort"/>), or null.</summary>
    public IReadOnlyList<float[]>? CohortVectors { get; }

    public int RefCount => Reader.RefCount;

    /// <summary>The vector row of Lucene document <paramref name="doc"/>, or -1.</summary>
    public int OrdinalOf(int doc) => _ordinalByDoc.Length > 0 ? _ordinalByDoc[doc] : -1;

    /// <summary>The Lucene document of vector row <paramref name="ordinal"/>, or -1.</summary>
    public int DocOf(int ordinal) => _docByOrdinal[ordinal];

    public QueryPlan Plan(string? text, bool lastWordIsPrefix = false) => Planner.Build(text, ShortQuerySearcher, lastWordIsPrefix);

    /// <summary>
    /// Opens <paramref name="generation"/> of <paramref name="indexDir"/>. With <paramref name="embedder"/>, also its
    /// vector file when the manifest names one written for this generation by the same model, of the recorded size and
    /// with one row per passage; otherwise the snapshot has no vectors, and one log line says why.
    /// </summary>
    public static IndexSnapshot Open(string indexDir, string generation, Analyzer analyzer, ITextEmbedder? embedder, ILogger logger)
    {
        var path = Path.Combine(indexDir, generation);
        var manifest = IndexManifest.TryRead(path)
            ?? throw new IndexUnavailableException($"index generation {path} has no readable {IndexManifest.FileName}; rebuild it with 'bot index'");
        Lucene.Net.Store.Directory directory = InMemoryReadDirectory.SizeOf(path) <= InMemoryIndexMaxBytes
            ? new InMemoryReadDirectory(path)
            : new PositionalReadDirectory(path);
        DirectoryReader? reader = null;
        try
        {
            reader = DirectoryReader.Open(directory);
            var vectors = embedder is null ? null : OpenVectors(path, generation, manifest, reader.NumDocs, embedder, logger);
            var cohort = vectors is null || embedder is null ? null : Answers.QuestionCohort.Read(path, embedder);
            return new IndexSnapshot(generation, directory, reader, analyzer, manifest, vectors, cohort);
        }
        catch (Exception ex)
        {
            // Until the snapshot exists, nothing else closes what was opened for it.
            reader?.Dispose();
            directory.Dispose();
            if (ex is IOException)
            {
                throw new IndexUnavailableException($"cannot open index generation {path}: {ex.Message}", ex);
            }

            throw;
        }
    }

    public bool TryIncRef() => Reader.TryIncRef();

    /// <summary>Releases one reference; the last closes the reader, which closes the directory.</summary>
    public void DecRef() => Reader.DecRef();

    private string ReadId(int doc) => Reader.Document(doc, IdField).Get(PassageFields.Id, CultureInfo.InvariantCulture) ?? string.Empty;

    internal static PassageVectorStore? OpenVectors(string generationDir, string generation, IndexManifest manifest, int passages, ITextEmbedder embedder, ILogger logger)
    {
        var info = manifest.Vectors;
        var file = info is null ? null : Path.Combine(generationDir, Path.GetFileName(info.File));
        string? problem = info is null || file is null ? "the index was built without vectors"
            : info.Generation != generation ? $"the vector file was written for {info.Generation}"
            : info.Model != embedder.ModelId ? $"the vectors were made by {info.Model}, not {embedder.ModelId}"
            : !File.Exists(file) ? $"{file} is missing"
            : new FileInfo(file).Length != info.Bytes ? $"{file} is {new FileInfo(file).Length} bytes, not the {info.Bytes} recorded"
            : info.Count != passages ? $"the manifest records {info.Count} vectors for {passages} passages"
            : null;
        if (problem is null && file is not null)
        {
            try
            {
                var store = PassageVectorStore.Open(file);
                if (store.Count == passages && store.Dimensions == embedder.Dimensions)
                {
                    return store;
                }

                problem = $"{file} has {store.Count} vectors of {store.Dimensions} for {passages} passages";
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                problem = $"{file} cannot be read: {ex.Message}";
            }
        }

        LogVectorsUnavailable(logger, generation, problem ?? "unknown");
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Passages of index generation {Generation} are found by their words alone: {Reason}")]
    private static partial void LogVectorsUnavailable(ILogger logger, string generation, string reason);

    /// <summary>Closes the generation's directory once its reader is closed (the last reference released).</summary>
    private sealed class OnClosed(Lucene.Net.Store.Directory directory) : IReaderDisposedListener
    {
        public void OnDispose(IndexReader reader) => directory.Dispose();
    }
}
