using Bot.Search;
using Bot.Search.Ingestion;
using Microsoft.Extensions.Logging;

namespace Bot.Hosting;

/// <summary>The outcome of one reload: the build (null when the index was already fresh), whether the engine switched, or why it failed.</summary>
internal sealed record CorpusReload(IndexBuildResult? Build, bool Switched, string? Error)
{
    public bool Failed => Error is not null;
}

/// <summary>
/// Rebuilds the index from the seeds folder beside the generation that serves, then swaps the new generation into the
/// serving <see cref="SearchEngine"/>: questions asked meanwhile are answered from the old generation or the new one.
/// One reload at a time in this process; <see cref="IndexBuilder"/>'s lock file keeps other processes out. A failed
/// build leaves the old generation serving.
/// </summary>
internal sealed partial class CorpusReloader(SearchEngine engine, SearchSettings settings, ServingModel model, ILogger<IndexBuilder> builderLogger, ILogger<CorpusReloader> logger)
    : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly IndexBuilder _builder = new(new SeedReaderOptions(), builderLogger) { Embedder = model.Embedder };
    private int _builds;

    /// <summary>Generations built and swapped in since start.</summary>
    public int Builds => Volatile.Read(ref _builds);

    /// <summary>
    /// Rebuilds when the seeds differ from what the serving generation was built from (always, when
    /// <paramref name="force"/>), and switches the engine to the generation <c>CURRENT</c> names (also one that
    /// another process built).
    /// </summary>
    public async Task<CorpusReload> ReloadAsync(bool force, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            IndexBuildResult? built = null;
            if (force || !IndexBuilder.IsFresh(settings.SeedsPath, settings.IndexPath))
            {
                built = _builder.Build(settings.SeedsPath, settings.IndexPath, progress: null, cancellationToken);
                Interlocked.Increment(ref _builds);
            }

            var switched = engine.Reload();
            if (switched)
            {
                LogSwitched(logger, engine.Generation);
            }

            return new CorpusReload(built, switched, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A bad folder, a locked index, a full disk: the old generation keeps serving; the next change or check retries.
            LogReloadFailed(logger, ex, settings.SeedsPath, ex.Message);
            return new CorpusReload(null, false, ex.Message);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Now serving index generation {Generation}")]
    private static partial void LogSwitched(ILogger logger, string generation);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reindexing {SeedsPath} failed, the previous index keeps serving: {Reason}")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception, string seedsPath, string reason);
}
