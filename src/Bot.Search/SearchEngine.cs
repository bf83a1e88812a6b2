using Bot.Search.Answers;
using Bot.Search.Indexing;
using Lucene.Net.Analysis;
using Lucene.Net.Index;

namespace Bot.Search;

/// <summary>
/// What the hosts (command line, Discord) use: answers, searches, sources, passages and suggestions over the index
/// generation that <c>CURRENT</c> names. Thread-safe: every call works on an immutable snapshot (one shared reader
/// and searcher); <see cref="Reload"/> swaps in a newly built generation while calls on the old one finish.
/// </summary>
public sealed class SearchEngine : IDisposable
{
    /// <summary>Most hits one <see cref="Search"/> page returns.</summary>
    public const int MaxPageSize = 100;

    /// <summary>Most suggestions <see cref="Suggest"/> returns (Discord's autocomplete limit).</summary>
    public const int MaxSuggestions = 25;

    private readonly string _indexDir;
    private readonly Analyzer _analyzer;
    private readonly Lock _reloadLock = new();
    private IndexSnapshot _snapshot;
    private bool _disposed;

    private SearchEngine(string indexDir, Analyzer analyzer, IndexSnapshot snapshot)
    {
        _indexDir = indexDir;
        _analyzer = analyzer;
        _snapshot = snapshot;
    }

    /// <summary>The generation now serving.</summary>
    public string Generation => Volatile.Read(ref _snapshot).Generation;

    /// <summary>Opens the generation that <paramref name="indexDir"/>'s <c>CURRENT</c> names.</summary>
    /// <exception cref="IndexUnavailableException">No index has been built there.</exception>
    public static SearchEngine Open(string indexDir)
    {
        ArgumentNullException.ThrowIfNull(indexDir);
        var full = Path.GetFullPath(indexDir);
        var generation = IndexLayout.CurrentGeneration(full)
            ?? throw new IndexUnavailableException($"no index in {full}; build it with 'bot index'");
        var analyzer = LuceneSetup.CreateAnalyzer();
        try
        {
            return new SearchEngine(full, analyzer, IndexSnapshot.Open(full, generation, analyzer));
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

            var fresh = IndexSnapshot.Open(_indexDir, generation, _analyzer);
            var old = Interlocked.Exchange(ref _snapshot, fresh);
            old.Release();
            return true;
        }
    }

    /// <summary>Answers a natural-language question with up to three cited passages, or says the corpus does not.</summary>
    public Answer Ask(string question)
    {
        var text = question ?? string.Empty;
        return Use(s => AnswerComposer.Compose(text, s.Searcher, s.Titles));
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

    /// <summary>The passage with this id (<c>&lt;file&gt;#&lt;paragraph&gt;</c>), or null.</summary>
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
        private readonly PositionalReadDirectory _directory;
        private readonly DirectoryReader _reader;

        private IndexSnapshot(string generation, PositionalReadDirectory directory, DirectoryReader reader, PassageSearcher searcher, IndexManifest manifest)
        {
            Generation = generation;
            _directory = directory;
            _reader = reader;
            Searcher = searcher;
            Manifest = manifest;
            Titles = [.. manifest.Documents.Select(d => d.Title).Distinct(StringComparer.Ordinal)];
        }

        public string Generation { get; }

        public PassageSearcher Searcher { get; }

        public IndexManifest Manifest { get; }

        public IReadOnlyList<string> Titles { get; }

        public static IndexSnapshot Open(string indexDir, string generation, Analyzer analyzer)
        {
            var path = Path.Combine(indexDir, generation);
            var manifest = IndexManifest.TryRead(path)
                ?? throw new IndexUnavailableException($"index generation {path} has no readable {IndexManifest.FileName}; rebuild it with 'bot index'");
            var directory = new PositionalReadDirectory(path);
            try
            {
                var reader = DirectoryReader.Open(directory);
                var searcher = new PassageSearcher(reader, analyzer, new AcronymTable(manifest.Acronyms, analyzer));
                return new IndexSnapshot(generation, directory, reader, searcher, manifest);
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
            }
        }
    }
}
