using System.Diagnostics;
using Bot.Search.Indexing;
using Bot.Search.Ingestion;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Search;

/// <summary>Progress of a build: files read so far out of all, and passages indexed so far.</summary>
public readonly record struct IndexBuildProgress(int FilesDone, int FilesTotal, int Passages);

/// <summary>The outcome of a build.</summary>
/// <param name="Generation">Name of the generation now serving.</param>
/// <param name="Documents">Documents indexed.</param>
/// <param name="Passages">Passages indexed.</param>
/// <param name="Skipped">Files reported and skipped, with reasons.</param>
/// <param name="Elapsed">Wall time of the build.</param>
/// <param name="Acronyms">Acronyms learned from the documents (acronym → long form).</param>
public sealed record IndexBuildResult(
    string Generation,
    int Documents,
    int Passages,
    IReadOnlyList<SkippedFile> Skipped,
    TimeSpan Elapsed,
    IReadOnlyDictionary<string, string> Acronyms);

/// <summary>
/// Builds the passage index from a seeds folder. Each build writes a fresh generation folder beside the one that
/// serves, commits it, writes its manifest, and only then points <c>CURRENT</c> at it with an atomic rename: a build
/// that throws, is cancelled or is killed partway leaves the previous generation serving. An exclusive lock file
/// keeps two builds of the same folder from interleaving (Lucene's own lock does not keep a second process out on
/// Linux).
/// </summary>
public sealed partial class IndexBuilder(SeedReaderOptions readerOptions, ILogger<IndexBuilder> logger)
{
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(60);

    private readonly SeedReader _reader = new(readerOptions);

    public IndexBuilder()
        : this(new SeedReaderOptions(), NullLogger<IndexBuilder>.Instance)
    {
    }

    /// <summary>True when <paramref name="indexDir"/> has a generation to serve.</summary>
    public static bool HasIndex(string indexDir)
    {
        ArgumentNullException.ThrowIfNull(indexDir);
        return System.IO.Directory.Exists(indexDir) && IndexLayout.CurrentGeneration(indexDir) is not null;
    }

    /// <summary>True when <paramref name="indexDir"/> serves a generation built from the seeds as they are now.</summary>
    public static bool IsFresh(string seedsDir, string indexDir)
    {
        ArgumentNullException.ThrowIfNull(seedsDir);
        ArgumentNullException.ThrowIfNull(indexDir);
        if (!System.IO.Directory.Exists(seedsDir) || !System.IO.Directory.Exists(indexDir))
        {
            return false;
        }

        var generation = IndexLayout.CurrentGeneration(indexDir);
        var manifest = generation is null ? null : IndexManifest.TryRead(Path.Combine(indexDir, generation));
        return manifest is not null && manifest.SeedFingerprint == IndexLayout.Fingerprint(seedsDir);
    }

    /// <summary>
    /// Builds when the index is missing or its fingerprint differs from the seeds'; returns null when it was fresh.
    /// Waits (up to a minute) for a build that another process is running, then checks again.
    /// </summary>
    public IndexBuildResult? EnsureFresh(string seedsDir, string indexDir, IProgress<IndexBuildProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (IsFresh(seedsDir, indexDir))
        {
            return null;
        }

        CheckSeeds(seedsDir);
        System.IO.Directory.CreateDirectory(indexDir);
        using var buildLock = WaitForLock(indexDir, cancellationToken);
        return IsFresh(seedsDir, indexDir) ? null : BuildLocked(seedsDir, indexDir, progress, cancellationToken);
    }

    /// <summary>Builds a new generation from <paramref name="seedsDir"/> and switches <paramref name="indexDir"/> to it.</summary>
    /// <param name="seedsDir">Folder of source documents.</param>
    /// <param name="indexDir">Index folder (created if missing).</param>
    /// <param name="progress">Reported synchronously after each file; an exception it throws aborts the build.</param>
    /// <param name="cancellationToken">Cancels the build; the previous generation keeps serving.</param>
    /// <exception cref="IndexBuildLockedException">Another build of the same index folder is running.</exception>
    /// <exception cref="DirectoryNotFoundException">The seeds folder does not exist.</exception>
    public IndexBuildResult Build(string seedsDir, string indexDir, IProgress<IndexBuildProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        CheckSeeds(seedsDir);
        System.IO.Directory.CreateDirectory(indexDir);
        using var buildLock = IndexLayout.TryLock(indexDir)
            ?? throw new IndexBuildLockedException($"another 'bot index' is already building {Path.GetFullPath(indexDir)} (lock file {IndexLayout.LockFile}); wait for it to finish");
        return BuildLocked(seedsDir, indexDir, progress, cancellationToken);
    }

    private static void CheckSeeds(string seedsDir)
    {
        ArgumentNullException.ThrowIfNull(seedsDir);
        if (!System.IO.Directory.Exists(seedsDir))
        {
            throw new DirectoryNotFoundException($"seeds folder not found: {Path.GetFullPath(seedsDir)}");
        }
    }

    private static FileStream WaitForLock(string indexDir, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var stream = IndexLayout.TryLock(indexDir);
            if (stream is not null)
            {
                return stream;
            }

            if (waited.Elapsed > LockWait)
            {
                throw new IndexBuildLockedException($"another build of {Path.GetFullPath(indexDir)} has held its lock for over {LockWait.TotalSeconds:0} s");
            }

            cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(200));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private IndexBuildResult BuildLocked(string seedsDir, string indexDir, IProgress<IndexBuildProgress>? progress, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var fullSeeds = Path.GetFullPath(seedsDir);
        var repositoryRoot = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(fullSeeds)) ?? fullSeeds;
        var fingerprint = IndexLayout.Fingerprint(fullSeeds);
        var files = SeedReader.ListDocumentFiles(fullSeeds);
        var previous = IndexLayout.CurrentGeneration(indexDir);
        var generation = IndexLayout.NewGenerationName(DateTimeOffset.UtcNow);
        var generationDir = Path.Combine(indexDir, generation);
        LogBuildStarted(logger, files.Count, generation);

        var documents = new List<DocumentInfo>();
        var skipped = new List<SkippedFile>();
        var acronyms = new AcronymLearner();
        var passages = 0;
        try
        {
            using (var directory = new NIOFSDirectory(generationDir))
            using (var writer = new PassageIndexWriter(directory))
            {
                for (var i = 0; i < files.Count; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var result = _reader.ReadFile(fullSeeds, files[i]);
                    if (result.Document is { } document)
                    {
                        var sourceFile = Path.GetRelativePath(repositoryRoot, document.FullPath).Replace(Path.DirectorySeparatorChar, '/');
                        writer.Add(document, sourceFile);
                        foreach (var passage in document.Passages)
                        {
                            acronyms.Add(passage.Text);
                        }

                        passages += document.Passages.Count;
                        var metadata = document.Metadata;
                        documents.Add(new DocumentInfo(document.Title, metadata.Publisher, metadata.Url, sourceFile, document.Passages.Count, metadata.Date));
                    }
                    else if (result.Skipped is { } skip)
                    {
                        skipped.Add(skip);
                        LogFileSkipped(logger, skip.Path, skip.Reason);
                    }

                    progress?.Report(new IndexBuildProgress(i + 1, files.Count, passages));
                }

                cancellationToken.ThrowIfCancellationRequested();
                writer.Commit();
            }

            var learned = acronyms.Result();
            new IndexManifest
            {
                Generation = generation,
                BuiltAt = DateTimeOffset.UtcNow,
                SeedFingerprint = fingerprint,
                DocumentCount = documents.Count,
                PassageCount = passages,
                BuildSeconds = started.Elapsed.TotalSeconds,
                Acronyms = learned,
                Documents = documents,
                Skipped = skipped,
            }.Write(generationDir);

            IndexLayout.SwitchTo(indexDir, generation);
            IndexLayout.DeleteGenerationsExcept(indexDir, generation, previous);
            LogBuildFinished(logger, generation, documents.Count, passages, skipped.Count, started.ElapsedMilliseconds);
            return new IndexBuildResult(generation, documents.Count, passages, skipped, started.Elapsed, learned);
        }
        catch
        {
            TryDelete(generationDir);
            throw;
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (System.IO.Directory.Exists(directory))
            {
                System.IO.Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Left for the next build's clean-up.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Building index generation {Generation} from {Files} files")]
    private static partial void LogBuildStarted(ILogger logger, int files, string generation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped {Path}: {Reason}")]
    private static partial void LogFileSkipped(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Index generation {Generation} serves {Documents} documents, {Passages} passages ({Skipped} files skipped) after {ElapsedMs} ms")]
    private static partial void LogBuildFinished(ILogger logger, string generation, int documents, int passages, int skipped, long elapsedMs);
}
