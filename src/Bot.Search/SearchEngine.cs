using System.Globalization;
using Bot.Search.Answers;
using Bot.Search.Evaluation;
using Bot.Search.Indexing;
using Bot.Search.Semantic;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Search;

/// <summary>
/// What the hosts (command line, Discord) use: answers, searches, sources, passages and suggestions over the index
/// generation that <c>CURRENT</c> names. Thread-safe: every call works on an immutable snapshot (one shared reader
/// and searcher); <see cref="Reload"/> swaps in a newly built generation while calls on the old one finish.
/// </summary>
public sealed partial class SearchEngine : IDisposable
{
    /// <summary>Most hits one <see cref="Search"/> page returns.</summary>
    public const int MaxPageSize = 100;

    /// <summary>Most suggestions <see cref="Suggest"/> returns (Discord's autocomplete limit).</summary>
    public const int MaxSuggestions = 25;

    private readonly string _indexDir;
    private readonly Analyzer _analyzer;
    private readonly Func<string, float[]>? _queryEmbedder;
    private readonly ILogger _logger;
    private readonly Lock _reloadLock = new();
    private IndexSnapshot _snapshot;
    private bool _disposed;

    private SearchEngine(string indexDir, Analyzer analyzer, IndexSnapshot snapshot, Func<string, float[]>? queryEmbedder, ILogger logger)
    {
        _indexDir = indexDir;
        _analyzer = analyzer;
        _snapshot = snapshot;
        _queryEmbedder = queryEmbedder;
        _logger = logger;
    }

    /// <summary>The generation now serving.</summary>
    public string Generation => Volatile.Read(ref _snapshot).Generation;

    /// <summary>True when questions are re-ranked with passage vectors (a query embedder was given and the generation has matching vectors).</summary>
    public bool IsSemantic => _queryEmbedder is not null && Volatile.Read(ref _snapshot).Vectors is not null;

    /// <summary>Opens the generation that <paramref name="indexDir"/>'s <c>CURRENT</c> names.</summary>
    /// <param name="indexDir">The index folder.</param>
    /// <param name="queryEmbedder">
    /// Turns a question into a unit vector (<see cref="PassageEmbedder.EmbedQuery"/>); with it, and a vector file that
    /// matches the generation, answers and rankings are re-scored by <see cref="HybridReranker"/>. Null: BM25 alone.
    /// </param>
    /// <param name="logger">Says, once per generation, when vectors are missing or do not match.</param>
    /// <exception cref="IndexUnavailableException">No index has been built there.</exception>
    public static SearchEngine Open(string indexDir, Func<string, float[]>? queryEmbedder = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(indexDir);
        var full = Path.GetFullPath(indexDir);
        var generation = IndexLayout.CurrentGeneration(full)
            ?? throw new IndexUnavailableException($"no index in {full}; build it with 'bot index'");
        var analyzer = LuceneSetup.CreateAnalyzer();
        var log = logger ?? NullLogger.Instance;
        try
        {
            return new SearchEngine(full, analyzer, IndexSnapshot.Open(full, generation, analyzer, queryEmbedder is not null, log), queryEmbedder, log);
        }
        catch
        {
            analyzer.Dispose();
            throw;
        }
    }

    /// <summary>Switches to the generation <c>CURRENT</c> now names, if it changed. Returns true when it switched.</summary>
    public bool Reload()
    {
        lock (_reloadLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var generation = IndexLayout.CurrentGeneration(_indexDir);
            if (generation is null || generation == _snapshot.Generation)
            {
                return false;
            }

            var fresh = IndexSnapshot.Open(_indexDir, generation, _analyzer, _queryEmbedder is not null, _logger);
            var old = Interlocked.Exchange(ref _snapshot, fresh);
            old.Release();
            return true;
        }
    }

    /// <summary>Answers a natural-language question with up to three cited passages, or says the corpus does not.</summary>
    public Answer Ask(string question)
    {
        var text = question ?? string.Empty;
        return Use(s =>
        {
            var plan = s.Searcher.Plan(text, forReranking: IsReranked(s));
            if (plan.IsEmpty)
            {
                return new Answer(text, false, [], s.Titles);
            }

            // Loading and analysing a passage costs more than ranking it: only a question whose candidates the
            // composer may reorder needs more than those that can be quoted.
            var load = AnswerComposer.MayReorder(text) ? AnswerCandidates : AnswerComposer.MaxQuotes;
            if (s.Vectors is null || _queryEmbedder is null)
            {
                // Below the quotable ones, only a candidate that defines the subject (so holds every question term)
                // can move up; the others, once dropped, leave the same top quotes in the same order.
                var candidates = s.Lexical(plan, AnswerCandidates).Take(load).ToList();
                var movable = candidates.Count > AnswerComposer.MaxQuotes
                    ? s.WithAllTerms([.. candidates.Skip(AnswerComposer.MaxQuotes).Select(h => h.Doc)], plan.QuestionTerms)
                    : [];
                var lexical = candidates
                    .Where((h, i) => i < AnswerComposer.MaxQuotes || movable.Contains(h.Doc))
                    .Select(h => s.Searcher.Hit(h.Doc, plan, h.Score))
                    .ToList();
                return AnswerComposer.Compose(text, plan, lexical, null, s.Titles);
            }

            var ranked = Rerank(s, plan, _queryEmbedder(text), AnswerCandidates).Take(load).ToList();
            var hits = ranked.Select(r => s.Searcher.Hit(r.Doc, plan, r.Score)).ToList();
            return AnswerComposer.Compose(text, plan, hits, [.. ranked.Select(r => r.Cosine)], s.Titles);
        });
    }

    /// <summary>
    /// The ranking <see cref="Ask"/> answers from, without the answerability cut: passage ids and scores, best first,
    /// at most <paramref name="depth"/>. BM25 on the question's query; re-ranked with vectors when <see cref="IsSemantic"/>.
    /// </summary>
    public IReadOnlyList<RankedDocument> Rank(string question, int depth = 100)
    {
        var text = question ?? string.Empty;
        var size = Math.Max(0, depth);
        return Use(s =>
        {
            var plan = s.Searcher.Plan(text, forReranking: IsReranked(s));
            if (plan.IsEmpty || size == 0)
            {
                return (IReadOnlyList<RankedDocument>)[];
            }

            if (s.Vectors is null || _queryEmbedder is null)
            {
                return [.. s.Lexical(plan, size).Select(h => new RankedDocument(s.IdOf(h.Doc), h.Score))];
            }

            return [.. Rerank(s, plan, _queryEmbedder(text), size).Select(r => new RankedDocument(s.IdOf(r.Doc), r.Score))];
        });
    }

    private bool IsReranked(IndexSnapshot snapshot) => snapshot.Vectors is not null && _queryEmbedder is not null;

    /// <summary>
    /// A generation up to this size is read into memory when opened (<see cref="InMemoryReadDirectory"/>); a larger
    /// one is read with positional reads through the page cache (<see cref="PositionalReadDirectory"/>). 128 MiB holds
    /// ~250k passages of news paragraphs (100k: 45 MB); 1M passages (437 MB) stay on disk.
    /// </summary>
    internal const long InMemoryIndexMaxBytes = 128L << 20;

    /// <summary>Passages the re-ranked answer path considers (the definition bonus may reorder them).</summary>
    private const int AnswerCandidates = 10;

    /// <summary>
    /// BM25's top <see cref="SemanticRanking.LexicalCandidates"/>, plus on a small corpus the passages nearest the
    /// question by cosine (with the lowest BM25 score among the candidates, or 0), re-scored by <see cref="HybridReranker"/>.
    /// </summary>
    private static List<(int Doc, double Score, double Cosine)> Rerank(IndexSnapshot s, QueryPlan plan, float[] queryVector, int depth)
    {
        var vectors = s.Vectors ?? throw new InvalidOperationException("no vectors");
        var lexical = s.Lexical(plan, SemanticRanking.LexicalCandidates, coordinate: false);
        var docs = new List<int>(lexical.Count + SemanticRanking.DenseCandidates);
        var candidates = new List<RerankCandidate>(docs.Capacity);
        var cosines = new List<double>(docs.Capacity);
        var seen = new HashSet<int>();
        foreach (var (doc, score) in lexical)
        {
            seen.Add(doc);
            docs.Add(doc);
            candidates.Add(new RerankCandidate(s.IdOf(doc), score));
            var ordinal = s.OrdinalOf(doc);
            cosines.Add(ordinal < 0 ? 0 : vectors.Cosine(ordinal, queryVector));
        }

        if (vectors.Count <= SemanticRanking.DenseCandidateCorpusLimit)
        {
            var floor = lexical.Count == 0 ? 0 : lexical.Min(h => h.Score);
            foreach (var (ordinal, cosine) in Nearest(vectors, queryVector, SemanticRanking.DenseCandidates))
            {
                var doc = s.DocOf(ordinal);
                if (doc >= 0 && seen.Add(doc))
                {
                    docs.Add(doc);
                    candidates.Add(new RerankCandidate(s.IdOf(doc), floor));
                    cosines.Add(cosine);
                }
            }
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < candidates.Count; i++)
        {
            index[candidates[i].Id] = docs[i];
        }

        return [.. HybridReranker.Combine(candidates, cosines, SemanticRanking.LexicalWeight)
            .Take(depth)
            .Select(r => (index[r.Id], r.Score, r.Cosine))];
    }

    /// <summary>The <paramref name="count"/> rows nearest <paramref name="query"/> by cosine, by brute force.</summary>
    private static List<(int Ordinal, double Cosine)> Nearest(PassageVectorStore vectors, float[] query, int count)
    {
        var best = new PriorityQueue<(int Ordinal, double Cosine), double>();
        for (var i = 0; i < vectors.Count; i++)
        {
            var cosine = vectors.Cosine(i, query);
            if (best.Count < count)
            {
                best.Enqueue((i, cosine), cosine);
            }
            else if (cosine > best.Peek().Cosine)
            {
                best.EnqueueDequeue((i, cosine), cosine);
            }
        }

        var result = new List<(int Ordinal, double Cosine)>(best.Count);
        while (best.TryDequeue(out var item, out _))
        {
            result.Add(item);
        }

        result.Reverse();
        return result;
    }

    /// <summary>Ranked passages for <paramref name="query"/>, <paramref name="count"/> (at most <see cref="MaxPageSize"/>) from <paramref name="offset"/>.</summary>
    public SearchPage Search(string query, int offset = 0, int count = 10)
    {
        var text = query ?? string.Empty;
        var start = Math.Max(0, offset);
        var size = Math.Clamp(count, 0, MaxPageSize);
        return Use(s =>
        {
            var (hits, total) = s.Searcher.Search(s.Searcher.Plan(text), start, size);
            return new SearchPage(text, start, total, [.. hits.Select(h => h.Quote)]);
        });
    }

    /// <summary>The documents of the corpus with their passage counts.</summary>
    public IReadOnlyList<DocumentInfo> Sources() => Use(s => s.Manifest.Documents);

    /// <summary>The passage with this id (<c>&lt;file&gt;#&lt;paragraph&gt;</c> or <c>&lt;file&gt;#&lt;paragraph&gt;.&lt;part&gt;</c>), or null.</summary>
    public Quote? GetPassage(string id) => Use(s => s.Searcher.Get(id ?? string.Empty));

    /// <summary>
    /// Autocomplete: the passages that best match the text typed so far (its last word may be unfinished), at most
    /// <paramref name="max"/> (≤ 25). With nothing typed, the first passages of the corpus.
    /// </summary>
    public IReadOnlyList<PassageSuggestion> Suggest(string partial, int max = MaxSuggestions)
    {
        var size = Math.Clamp(max, 0, MaxSuggestions);
        var text = partial ?? string.Empty;
        return Use(s =>
        {
            var plan = s.Searcher.Plan(text, lastWordIsPrefix: true);
            var quotes = plan.IsEmpty && plan.HighlightPrefixes.Count == 0
                ? s.Searcher.First(size)
                : s.Searcher.Search(plan, 0, size).Hits.Select(h => h.Quote).ToList();
            return (IReadOnlyList<PassageSuggestion>)[.. quotes.Select(q => new PassageSuggestion(q.PassageId, Label(q)))];
        });
    }

    public void Dispose()
    {
        lock (_reloadLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _snapshot.Release();
            _analyzer.Dispose();
        }
    }

    private static string Label(Quote quote)
    {
        var prefix = $"¶{quote.Source.Paragraph} ";
        var text = string.Join(' ', quote.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var room = PassageSuggestion.MaxLabelLength - prefix.Length;
        return prefix + (text.Length <= room ? text : text[..(room - 1)].TrimEnd() + "…");
    }

    private T Use<T>(Func<IndexSnapshot, T> action)
    {
        while (true)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var snapshot = Volatile.Read(ref _snapshot);
            if (snapshot.TryAcquire())
            {
                try
                {
                    return action(snapshot);
                }
                finally
                {
                    snapshot.Release();
                }
            }
        }
    }

    /// <summary>One generation, opened: reader, searcher, manifest. Reference-counted through the reader.</summary>
    private sealed class IndexSnapshot
    {
        private static readonly HashSet<string> IdField = [PassageFields.Id];

        private readonly Lucene.Net.Store.Directory _directory;
        private readonly DirectoryReader _reader;
        private readonly IndexSearcher _lexical;
        private readonly IndexSearcher _lexicalLong;
        private readonly IndexSearcher _lexicalUncoordinated;
        private readonly string[] _ids;
        private readonly int[] _ordinalByDoc;
        private readonly int[] _docByOrdinal;

        private IndexSnapshot(string generation, Lucene.Net.Store.Directory directory, DirectoryReader reader, PassageSearcher searcher, IndexManifest manifest, PassageVectorStore? vectors)
        {
            Generation = generation;
            _directory = directory;
            _reader = reader;
            Searcher = searcher;
            Manifest = manifest;
            Titles = [.. manifest.Documents.Select(d => d.Title).Distinct(StringComparer.Ordinal)];
            _lexical = new IndexSearcher(reader) { Similarity = LuceneSetup.CreateSimilarity() };
            _lexicalLong = new IndexSearcher(reader) { Similarity = LuceneSetup.CreateLongQuerySimilarity() };
            _lexicalUncoordinated = new IndexSearcher(reader) { Similarity = LuceneSetup.CreateUncoordinatedSimilarity() };

            // Only a generation with vectors maps every passage to its row (one stored-field read per passage at open);
            // without vectors ids are read per hit, so opening a large BM25-only index stays as cheap as before.
            _ids = vectors is null ? [] : new string[reader.MaxDoc];
            _ordinalByDoc = vectors is null ? [] : new int[reader.MaxDoc];
            _docByOrdinal = new int[vectors?.Count ?? 0];
            Array.Fill(_docByOrdinal, -1);
            for (var doc = 0; vectors is not null && doc < reader.MaxDoc; doc++)
            {
                var id = ReadId(doc);
                _ids[doc] = id;
                _ordinalByDoc[doc] = -1;
                if (vectors.TryGetOrdinal(id, out var ordinal))
                {
                    _ordinalByDoc[doc] = ordinal;
                    _docByOrdinal[ordinal] = doc;
                }
            }

            Vectors = vectors;
        }

        /// <summary>The generation's passage vectors, when they exist and match it.</summary>
        public PassageVectorStore? Vectors { get; }

        public string IdOf(int doc) => _ids.Length > 0 ? _ids[doc] : ReadId(doc);

        public int OrdinalOf(int doc) => _ordinalByDoc.Length > 0 ? _ordinalByDoc[doc] : -1;

        private string ReadId(int doc) => _reader.Document(doc, IdField).Get(PassageFields.Id, CultureInfo.InvariantCulture) ?? string.Empty;

        public int DocOf(int ordinal) => _docByOrdinal[ordinal];

        /// <summary>
        /// BM25's top <paramref name="count"/> for the plan: Lucene document numbers and scores. A long query (more terms
        /// than <see cref="PassageSimilarity.CoordinationMaxTerms"/>) is scored with <see cref="LuceneSetup.LongQueryB"/>;
        /// a short one with the coordination factor unless <paramref name="coordinate"/> is false (the re-ranked path).
        /// </summary>
        public List<(int Doc, double Score)> Lexical(QueryPlan plan, int count, bool coordinate = true)
        {
            if (plan.Query is null || _reader.NumDocs == 0)
            {
                return [];
            }

            var searcher = plan.Groups.Count > PassageSimilarity.CoordinationMaxTerms ? _lexicalLong
                : coordinate ? _lexical : _lexicalUncoordinated;
            var top = TopHits.Search(searcher, plan.Query, Math.Clamp(count, 1, _reader.NumDocs));
            return [.. top.ScoreDocs.Select(d => (d.Doc, (double)d.Score))];
        }

        /// <summary>
        /// The passages among <paramref name="docs"/> whose text holds every one of <paramref name="terms"/>, read from
        /// the postings (one pass per term over the candidates in document order) rather than by loading and
        /// analysing the passages.
        /// </summary>
        public HashSet<int> WithAllTerms(IReadOnlyList<int> docs, IReadOnlyList<string> terms)
        {
            var remaining = new HashSet<int>(docs);
            foreach (var term in terms.Distinct(StringComparer.Ordinal))
            {
                var found = new HashSet<int>();
                foreach (var leaf in _reader.Leaves)
                {
                    var end = leaf.DocBase + leaf.Reader.MaxDoc;
                    var local = remaining.Where(d => d >= leaf.DocBase && d < end).Select(d => d - leaf.DocBase).Order().ToList();
                    var postings = local.Count == 0 ? null : leaf.AtomicReader.GetTermDocsEnum(new Term(PassageFields.Text, term));
                    if (postings is null)
                    {
                        continue;
                    }

                    foreach (var doc in local)
                    {
                        var at = postings.DocID < doc ? postings.Advance(doc) : postings.DocID;
                        if (at == DocIdSetIterator.NO_MORE_DOCS)
                        {
                            break;
                        }

                        if (at == doc)
                        {
                            found.Add(doc + leaf.DocBase);
                        }
                    }
                }

                remaining = found;
                if (remaining.Count == 0)
                {
                    break;
                }
            }

            return remaining;
        }

        public string Generation { get; }

        public PassageSearcher Searcher { get; }

        public IndexManifest Manifest { get; }

        public IReadOnlyList<string> Titles { get; }

        public static IndexSnapshot Open(string indexDir, string generation, Analyzer analyzer, bool wantVectors, ILogger logger)
        {
            var path = Path.Combine(indexDir, generation);
            var manifest = IndexManifest.TryRead(path)
                ?? throw new IndexUnavailableException($"index generation {path} has no readable {IndexManifest.FileName}; rebuild it with 'bot index'");
            Lucene.Net.Store.Directory directory = InMemoryReadDirectory.SizeOf(path) <= InMemoryIndexMaxBytes
                ? new InMemoryReadDirectory(path)
                : new PositionalReadDirectory(path);
            try
            {
                var reader = DirectoryReader.Open(directory);
                var searcher = new PassageSearcher(reader, analyzer, new AcronymTable(manifest.Acronyms, analyzer));
                var vectors = wantVectors ? OpenVectors(path, generation, manifest, reader.NumDocs, logger) : null;
                return new IndexSnapshot(generation, directory, reader, searcher, manifest, vectors);
            }
            catch (IOException ex)
            {
                directory.Dispose();
                throw new IndexUnavailableException($"cannot open index generation {path}: {ex.Message}", ex);
            }
        }

        public bool TryAcquire() => _reader.TryIncRef();

        public void Release()
        {
            _reader.DecRef();
            if (_reader.RefCount == 0)
            {
                _directory.Dispose();
                Vectors?.Dispose();
            }
        }

        /// <summary>
        /// The generation's vector file, if the manifest names one written for this generation, of the recorded size,
        /// with one row per passage; otherwise null, with one log line saying why (answers fall back to BM25 alone).
        /// </summary>
        internal static PassageVectorStore? OpenVectors(string generationDir, string generation, IndexManifest manifest, int passages, ILogger logger)
        {
            var info = manifest.Vectors;
            var file = info is null ? null : Path.Combine(generationDir, Path.GetFileName(info.File));
            string? problem = info is null || file is null ? "the index was built without vectors"
                : info.Generation != generation ? $"the vector file was written for {info.Generation}"
                : !File.Exists(file) ? $"{file} is missing"
                : new FileInfo(file).Length != info.Bytes ? $"{file} is {new FileInfo(file).Length} bytes, not the {info.Bytes} recorded"
                : info.Count != passages ? $"the manifest records {info.Count} vectors for {passages} passages"
                : null;
            if (problem is null && file is not null)
            {
                try
                {
                    var store = PassageVectorStore.Open(file);
                    if (store.Count == passages && store.Dimensions == PassageEmbedder.Dimensions)
                    {
                        return store;
                    }

                    problem = $"{file} has {store.Count} vectors of {store.Dimensions} for {passages} passages";
                    store.Dispose();
                }
                catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
                {
                    problem = $"{file} cannot be read: {ex.Message}";
                }
            }

            LogVectorsUnavailable(logger, generation, problem ?? "unknown");
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Semantic re-ranking is off for index generation {Generation}: {Reason}; answering with BM25 alone")]
    private static partial void LogVectorsUnavailable(ILogger logger, string generation, string reason);
}
