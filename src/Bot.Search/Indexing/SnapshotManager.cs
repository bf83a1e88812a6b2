using Bot.Search.Semantic;
using Lucene.Net.Analysis;
using Lucene.Net.Search;
using Microsoft.Extensions.Logging;

namespace Bot.Search.Indexing;

/// <summary>
/// Lucene's reference manager over index generations: <see cref="ReferenceManager{G}.Acquire"/> hands out the
/// snapshot that <c>CURRENT</c> named at the last refresh, <see cref="ReferenceManager{G}.MaybeRefresh"/> opens the
/// generation a build has since switched to, and the old one closes when its last caller releases it. Unlike
/// <c>SearcherManager</c>, which reopens one directory, each generation here is a directory of its own.
/// </summary>
internal sealed class SnapshotManager : ReferenceManager<IndexSnapshot>
{
    private readonly string _indexDir;
    private readonly Analyzer _analyzer;
    private readonly ITextEmbedder? _embedder;
    private readonly ILogger _logger;

    public SnapshotManager(string indexDir, Analyzer analyzer, ITextEmbedder? embedder, ILogger logger)
    {
        _indexDir = indexDir;
        _analyzer = analyzer;
        _embedder = embedder;
        _logger = logger;
        var generation = IndexLayout.CurrentGeneration(indexDir)
            ?? throw new IndexUnavailableException($"no index in {indexDir}; build it with 'bot index'");
        Current = IndexSnapshot.Open(indexDir, generation, analyzer, embedder, logger);
    }

    protected override void DecRef(IndexSnapshot reference) => reference.DecRef();

    protected override bool TryIncRef(IndexSnapshot reference) => reference.TryIncRef();

    protected override int GetRefCount(IndexSnapshot reference) => reference.RefCount;

    /// <summary>The generation <c>CURRENT</c> names now, opened, or null when it is the one serving (or none is named).</summary>
    // Null is the documented "nothing to refresh" answer of ReferenceManager.RefreshIfNeeded; its Lucene.Net signature
    // is not annotated as nullable.
#pragma warning disable CS8764
    protected override IndexSnapshot? RefreshIfNeeded(IndexSnapshot referenceToRefresh)
#pragma warning restore CS8764
    {
        var generation = IndexLayout.CurrentGeneration(_indexDir);
        return generation is null || generation == referenceToRefresh.Generation
            ? null
            : IndexSnapshot.Open(_indexDir, generation, _analyzer, _embedder, _logger);
    }
}
