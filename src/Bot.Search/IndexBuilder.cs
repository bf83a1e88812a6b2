using System.Diagnostics;
using Bot.Search.Indexing;
using Bot.Search.Ingestion;
using Bot.Search.Semantic;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Search;

/// <summary>Progress of a build: files read so far out of all, and passages indexed so far.</summary>
/// <param name="FilesDone">Files (or records) read.</param>
/// <param name="FilesTotal">Files (or records) in all.</param>
/// <param name="Passages">Passages indexed so far.</param>
/// <param name="Embedded">Passages embedded so far, once indexing is done and when the build computes vectors; else null.</param>
public readonly record struct IndexBuildProgress(int FilesDone, int FilesTotal, int Passages, int? Embedded = null);

/// <summary>One document of a test collection to index as one passage.</summary>
public sealed record CorpusRecord(string Id, string Title, string Text);

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

    /// <summary>The vector file's name in a generation folder.</summary>
    public const string PassageVectorsFile = "passages.pvec";

    /// <summary>
    /// Passages whose vectors are resolved, embedded and written at a time: 4,096 vectors of 384 floats are 6 MB, and a
    /// chunk is long enough that sorting it by length still fills the model's batches with texts of one size.
    /// </summary>
    private const int VectorChunk = 4096;

    /// <summary>Documents read ahead of the index writer (a few hundred KB of text).</summary>
    private const int ReadAheadDocuments = 64;

    private readonly SeedReader _reader = new(readerOptions);

    /// <summary>
    /// When set, each build also writes its passages' vectors beside the Lucene index: taken from the generation it
    /// replaces wherever a passage's text (and the model) is unchanged, embedded otherwise.
    /// </summary>
    public ITextEmbedder? Embedder { get; init; }

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

    /// <summary>Fresh, and with this builder's model's vectors when it computes them (an index built without them, or by another model, gets them on the next build).</summary>
    private bool Serves(string seedsDir, string indexDir)
    {
        if (!IsFresh(seedsDir, indexDir))
        {
            return false;
        }

        if (Embedder is null)
        {
            return true;
        }

        var generation = IndexLayout.CurrentGeneration(indexDir);
        return generation is not null && IndexManifest.TryRead(Path.Combine(indexDir, generation))?.Vectors?.Model == Embedder.ModelId;
    }

    /// <summary>
    /// Builds when the index is missing or its fingerprint differs from the seeds'; returns null when it was fresh.
    /// Waits (up to a minute) for a build that another process is running, then checks again.
    /// </summary>
    public IndexBuildResult? EnsureFresh(string seedsDir, string indexDir, IProgress<IndexBuildProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (Serves(seedsDir, indexDir))
        {
            return null;
        }

        CheckSeeds(seedsDir);
        System.IO.Directory.CreateDirectory(indexDir);
        using var buildLock = WaitForLock(indexDir, cancellationToken);
        return Serves(seedsDir, indexDir) ? null : BuildLocked(seedsDir, indexDir, progress, cancellationToken);
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
        var fullSeeds = Path.GetFullPath(seedsDir);
        var repositoryRoot = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(fullSeeds)) ?? fullSeeds;
        var files = SeedReader.ListDocumentFiles(fullSeeds);
        using var analyzer = LuceneSetup.CreateAnalyzer();
        var items = files.Select(file =>
        {
            var result = _reader.ReadFile(fullSeeds, file);
            var sourceFile = result.Document is { } document
                ? Path.GetRelativePath(repositoryRoot, document.FullPath).Replace(Path.DirectorySeparatorChar, '/')
                : string.Empty;
            var analyzed = result.Document is null ? null : AnalyzedDocument.Of(analyzer, result.Document);
            return (analyzed, sourceFile, result.Skipped);
        });
        // Files are read, parsed and analysed on a second thread, in order, while the writer indexes the ones before
        // them: on two cores the writer's thread, which bounds the build, is left inverting and writing.
        return Write(indexDir, IndexLayout.Fingerprint(fullSeeds), files.Count, ReadAhead.Of(items, ReadAheadDocuments, cancellationToken), null, progress, cancellationToken);
    }

    /// <summary>
    /// Builds a new generation from records rather than files (a test collection's corpus): each record is one
    /// document of one passage whose id is the record's id, indexed, analysed and (with an <see cref="Embedder"/>)
    /// embedded exactly as a seed passage is. Switches <paramref name="indexDir"/> to it.
    /// </summary>
    /// <param name="records">The documents: id, title (may be empty) and text.</param>
    /// <param name="count">How many records there are (for progress).</param>
    /// <param name="sourceName">Names the collection in citations (<c>&lt;sourceName&gt;/&lt;id&gt;</c>) and in the fingerprint.</param>
    /// <param name="indexDir">Index folder (created if missing).</param>
    /// <param name="vectorCache">Vectors already computed, found by the content key of the text they were made from; others are embedded.</param>
    /// <param name="progress">Reported after each record.</param>
    /// <param name="cancellationToken">Cancels the build; the previous generation keeps serving.</param>
    public IndexBuildResult BuildRecords(
        IEnumerable<CorpusRecord> records,
        int count,
        string sourceName,
        string indexDir,
        PassageVectorStore? vectorCache = null,
        IProgress<IndexBuildProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(sourceName);
        System.IO.Directory.CreateDirectory(indexDir);
        using var buildLock = IndexLayout.TryLock(indexDir)
            ?? throw new IndexBuildLockedException($"another build is already writing {Path.GetFullPath(indexDir)} (lock file {IndexLayout.LockFile})");
        using var analyzer = LuceneSetup.CreateAnalyzer();
        var items = records.Select(record =>
        {
            var title = string.IsNullOrWhiteSpace(record.Title) ? record.Id : record.Title;
            var document = new SeedDocument(record.Id, string.Empty, title, new DocumentMetadata { Title = title }, [new Passage(record.Id, 1, record.Text)]);
            return ((AnalyzedDocument?)AnalyzedDocument.Of(analyzer, document), $"{sourceName}/{record.Id}", (SkippedFile?)null);
        });
        return Write(indexDir, $"{IndexLayout.Format}|records|{sourceName}|{count}", count, items, vectorCache, progress, cancellationToken);
    }

    /// <summary>
    /// The text a passage is embedded from: the passage alone. Prefixing the document's title made every paragraph of
    /// the seed article look alike to the model: on the dev questions asked inside the debate corpus, the expected
    /// passage came first for 44% with the title against 66% without (docs/quality.md).
    /// </summary>
    public static string EmbeddingText(string text) => text;

    private IndexBuildResult Write(
        string indexDir,
        string fingerprint,
        int total,
        IEnumerable<(AnalyzedDocument? Document, string SourceFile, SkippedFile? Skipped)> items,
        PassageVectorStore? vectorCache,
        IProgress<IndexBuildProgress>? progress,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var previous = IndexLayout.CurrentGeneration(indexDir);
        var generation = IndexLayout.NewGenerationName(DateTimeOffset.UtcNow);
        var generationDir = Path.Combine(indexDir, generation);
        LogBuildStarted(logger, total, generation);

        var documents = new List<DocumentInfo>();
        var skipped = new List<SkippedFile>();
        var acronyms = new AcronymLearner();
        var embeddingInput = Embedder is null ? null : new List<(string Id, string Text)>();
        var passages = 0;
        var done = 0;
        try
        {
            using (var directory = new NIOFSDirectory(generationDir))
            using (var writer = new PassageIndexWriter(directory))
            {
                foreach (var (analyzed, sourceFile, skip) in items)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    done++;
                    if (analyzed is not null)
                    {
                        var document = analyzed.Document;
                        writer.Add(analyzed, sourceFile);
                        foreach (var passage in document.Passages)
                        {
                            acronyms.Add(passage.Text);
                            embeddingInput?.Add((passage.Id, EmbeddingText(passage.Text)));
                        }

                        passages += document.Passages.Count;
                        var metadata = document.Metadata;
                        documents.Add(new DocumentInfo(document.Title, metadata.Publisher, metadata.Url, sourceFile, document.Passages.Count, metadata.Date));
                    }
                    else if (skip is not null)
                    {
                        skipped.Add(skip);
                        LogFileSkipped(logger, skip.Path, skip.Reason);
                    }

                    progress?.Report(new IndexBuildProgress(done, total, passages));
                }

                cancellationToken.ThrowIfCancellationRequested();
                writer.Commit();
            }

            var vectors = embeddingInput is null || Embedder is null
                ? null
                : WriteVectors(generationDir, generation, embeddingInput, Embedder, [vectorCache, PreviousVectors(indexDir, previous, Embedder)], progress, passages, cancellationToken);
            if (vectors is not null && Embedder is not null)
            {
                Answers.QuestionCohort.Write(generationDir, Embedder, previous is null ? null : Path.Combine(indexDir, previous));
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
                Vectors = vectors,
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

    /// <summary>The vectors of the generation a build replaces, when that generation has readable ones from the same model.</summary>
    private PassageVectorStore? PreviousVectors(string indexDir, string? previous, ITextEmbedder embedder)
    {
        var dir = previous is null ? null : Path.Combine(indexDir, previous);
        var info = dir is null ? null : IndexManifest.TryRead(dir)?.Vectors;
        if (dir is null || info is null || info.Model != embedder.ModelId)
        {
            return null;
        }

        try
        {
            return PassageVectorStore.Open(Path.Combine(dir, Path.GetFileName(info.File)));
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            LogPreviousVectorsUnreadable(logger, previous ?? string.Empty, ex.Message);
            return null;
        }
    }

    /// <summary>
    /// Writes the generation's vector file: each passage's vector is taken from <paramref name="reusable"/> when one
    /// was made from the same text by the same model, and embedded otherwise.
    /// </summary>
    private PassageVectorsInfo WriteVectors(
        string generationDir,
        string generation,
        List<(string Id, string Text)> input,
        ITextEmbedder embedder,
        PassageVectorStore?[] reusable,
        IProgress<IndexBuildProgress>? progress,
        int passages,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var path = Path.Combine(generationDir, PassageVectorsFile);
        var embeddedCount = 0;
        var done = 0;
        using (var writer = new PassageVectorWriter(path, embedder.Dimensions))
        {
            // In chunks, so that a corpus of a million passages never holds all its vectors as floats at once.
            foreach (var chunk in input.Chunk(VectorChunk))
            {
                var vectors = new float[chunk.Length][];
                var keys = new UInt128[chunk.Length];
                var missing = new List<int>();
                for (var i = 0; i < chunk.Length; i++)
                {
                    keys[i] = PassageVectorFormat.ContentKey(embedder.ModelId, chunk[i].Text);
                    if (Reuse(reusable, embedder.Dimensions, keys[i]) is { } reused)
                    {
                        vectors[i] = reused;
                    }
                    else
                    {
                        missing.Add(i);
                    }
                }

                var embedded = embedder.EmbedPassages(
                    [.. missing.Select(i => chunk[i].Text)],
                    progress is null ? null : new Progress(progress, passages, done + chunk.Length - missing.Count),
                    cancellationToken);
                for (var j = 0; j < missing.Count; j++)
                {
                    vectors[missing[j]] = embedded[j];
                }

                for (var i = 0; i < chunk.Length; i++)
                {
                    writer.Add(chunk[i].Id, keys[i], vectors[i]);
                }

                embeddedCount += missing.Count;
                done += chunk.Length;
            }

            writer.Commit();
        }

        LogVectorsWritten(logger, input.Count, embeddedCount, started.ElapsedMilliseconds);
        return new PassageVectorsInfo(PassageVectorsFile, generation, embedder.ModelId, input.Count, new FileInfo(path).Length);
    }

    /// <summary>The vector of the text with <paramref name="key"/> from the first store that has it, or null.</summary>
    private static float[]? Reuse(PassageVectorStore?[] stores, int dimensions, UInt128 key)
    {
        foreach (var store in stores)
        {
            if (store is not null && store.Dimensions == dimensions && store.TryGetByContent(key, out var ordinal))
            {
                return store.Dequantize(ordinal);
            }
        }

        return null;
    }

    /// <summary>Embedding progress shown as build progress: passages embedded so far in <see cref="IndexBuildProgress.Embedded"/>.</summary>
    private sealed class Progress(IProgress<IndexBuildProgress> inner, int passages, int cached) : IProgress<int>
    {
        public void Report(int value) => inner.Report(new IndexBuildProgress(passages, passages, passages, cached + value));
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "The vectors of generation {Generation} cannot be read ({Reason}); every passage is embedded again")]
    private static partial void LogPreviousVectorsUnreadable(ILogger logger, string generation, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote {Count} passage vectors ({Embedded} embedded, the rest unchanged since the last build) in {ElapsedMs} ms")]
    private static partial void LogVectorsWritten(ILogger logger, int count, int embedded, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Index generation {Generation} serves {Documents} documents, {Passages} passages ({Skipped} files skipped) after {ElapsedMs} ms")]
    private static partial void LogBuildFinished(ILogger logger, string generation, int documents, int passages, int skipped, long elapsedMs);
}
