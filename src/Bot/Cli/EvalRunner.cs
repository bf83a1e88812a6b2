using System.Diagnostics;
using System.Globalization;
using Bot.Commands;
using Bot.Embeddings;
using Bot.Evaluation;
using Bot.Search;
using Bot.Search.Semantic;

namespace Bot.Cli;

/// <summary>What <c>bot eval</c> was asked to do.</summary>
/// <param name="Folder">The BEIR-style collection folder.</param>
/// <param name="RunFile">Where to write the TREC run, or null.</param>
/// <param name="Semantic">Re-rank with the sentence-embedding model (when it loads).</param>
/// <param name="Limit">Evaluate only the first this many judged queries (null: all).</param>
/// <param name="VectorsCache">
/// A folder of vectors reused between runs instead of embedding again: <c>&lt;collection&gt;.corpus.pvec</c> (passages,
/// found by the content key of the model and the text embedded) and <c>&lt;collection&gt;.&lt;model&gt;.queries.qvec</c>
/// (queries, by text), so vectors of another model or text are never reused. Missing files are written after the run.
/// </param>
/// <param name="AskTimings">How many queries to also time through <see cref="SearchEngine.Ask"/>.</param>
internal sealed record EvalRequest(string Folder, string? RunFile, bool Semantic, int? Limit, string? VectorsCache, int AskTimings);

/// <summary>
/// <c>bot eval</c>: indexes a test collection's corpus through the bot's own index builder (each document one passage,
/// title and text searchable), ranks every query through <see cref="SearchEngine.Rank"/> (the ranking <c>bot ask</c>
/// answers from), and prints nDCG@10, Recall@100 and MRR@10 beside the published BM25 figures.
/// </summary>
internal static class EvalRunner
{
    public static async Task<int> RunAsync(EvalRequest request, CliStreams streams, CancellationToken cancellationToken)
    {
        BeirFiles files;
        try
        {
            files = BeirFiles.Locate(request.Folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await streams.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        var logger = new StreamLogger(streams.Error);
        var embedder = request.Semantic ? SharedEmbedder.Get(logger) : null;
        var indexDir = Path.Combine(Path.GetTempPath(), $"bot-eval-{files.Name}-{Guid.NewGuid():N}");
        try
        {
            var records = new List<CorpusRecord>();
            await foreach (var document in BeirReader.ReadCorpusAsync(files.CorpusPath, cancellationToken).ConfigureAwait(false))
            {
                records.Add(new CorpusRecord(document.Id, document.Title, document.Text));
            }

            var queries = await BeirReader.ReadTopicsAsync(files.TopicsPath, cancellationToken).ConfigureAwait(false);
            var judgments = await BeirReader.ReadQrelsAsync(files.QrelsPath, cancellationToken).ConfigureAwait(false);
            var judged = queries.Where(q => judgments.HasRelevant(q.Id)).ToList();
            if (request.Limit is { } limit)
            {
                judged = [.. judged.Take(Math.Max(0, limit))];
            }

            var cache = embedder is null ? null : OpenCache(request.VectorsCache, files.Name, streams.Error);
            var queryVectors = embedder is null || request.VectorsCache is null
                ? null
                : QueryVectorCache.Load(QueryCachePath(request.VectorsCache, files.Name, embedder.ModelId));
            var build = Stopwatch.StartNew();
            IndexBuildResult built;
            using (var progress = streams.ErrorIsTerminal ? new EvalProgress(streams.Error) : null)
            {
                built = new IndexBuilder(new(), Microsoft.Extensions.Logging.Abstractions.NullLogger<IndexBuilder>.Instance) { Embedder = embedder }
                    .BuildRecords(records, records.Count, files.Name, indexDir, cache, progress, cancellationToken);
            }

            await streams.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Indexed {records.Count} documents{(embedder is null ? string.Empty : " with vectors")} in {build.Elapsed.TotalSeconds:0.0} s")).ConfigureAwait(false);

            if (embedder is not null && request.VectorsCache is { } cacheFolder)
            {
                SaveCorpusVectors(Path.Combine(indexDir, built.Generation, IndexBuilder.PassageVectorsFile), CorpusCachePath(cacheFolder, files.Name));
            }

            ITextEmbedder? rankingEmbedder = embedder is null ? null : queryVectors is null ? embedder : new CachedQueryEmbedder(embedder, queryVectors);
            using var engine = SearchEngine.Open(indexDir, rankingEmbedder, logger);
            var dropSelf = BeirProtocol.DropsQueryIdHits(files.Name);
            var run = new Dictionary<string, IReadOnlyList<RankedDocument>>(StringComparer.Ordinal);
            var rankTimes = new List<double>();
            foreach (var query in judged)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var timer = Stopwatch.StartNew();
                var ranking = engine.Rank(query.Text, RunEvaluator.DefaultDepth + 1);
                rankTimes.Add(timer.Elapsed.TotalMilliseconds);
                run[query.Id] = RunEvaluator.PrepareRanking(query.Id, ranking, dropSelf);
                if (streams.ErrorIsTerminal && run.Count % 50 == 0)
                {
                    await streams.Error.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"\rRanking: {run.Count}/{judged.Count} queries\u001b[K")).ConfigureAwait(false);
                }
            }

            if (streams.ErrorIsTerminal)
            {
                await streams.Error.WriteAsync("\r\u001b[K").ConfigureAwait(false);
            }

            queryVectors?.SaveIfChanged();
            // Ask is timed as it answers: with the question embedded each time, never from the query-vector cache.
            var askTimes = new List<double>();
            using (var timed = embedder is not null && queryVectors is not null && request.AskTimings > 0
                ? SearchEngine.Open(indexDir, embedder, logger)
                : null)
            {
                foreach (var query in judged.Take(request.AskTimings))
                {
                    var timer = Stopwatch.StartNew();
                    (timed ?? engine).Ask(query.Text);
                    askTimes.Add(timer.Elapsed.TotalMilliseconds);
                }
            }

            var summary = RunEvaluator.Evaluate(run, judgments);
            if (request.Limit is not null)
            {
                // Score only the queries that were run, not the whole judged set.
                var ids = judged.Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
                var scores = summary.PerQuery.Where(q => ids.Contains(q.QueryId)).ToList();
                summary = summary with
                {
                    NdcgAt10 = scores.Count == 0 ? 0 : scores.Average(q => q.NdcgAt10),
                    RecallAt100 = scores.Count == 0 ? 0 : scores.Average(q => q.RecallAt100),
                    MrrAt10 = scores.Count == 0 ? 0 : scores.Average(q => q.ReciprocalRankAt10),
                    QueryCount = scores.Count,
                    PerQuery = scores,
                };
            }

            var label = engine.IsSemantic
                ? string.Create(CultureInfo.InvariantCulture, $"bot: words + meaning ({embedder?.ModelId}; BM25 top {Bot.Search.Ranking.PassageRanker.LexicalCandidates} and {Bot.Search.Ranking.PassageRanker.DenseCandidates} nearest, cosine + {Bot.Search.Ranking.PassageRanker.CoverageWeight} x term share)")
                : "bot: words alone (BM25, question query)";
            await streams.Out.WriteAsync(Report(files.Name, records.Count, summary, label, rankTimes, askTimes)).ConfigureAwait(false);

            if (request.RunFile is { } runFile)
            {
                var writer = new StreamWriter(runFile);
                await using (writer.ConfigureAwait(false))
                {
                    var trec = new TrecRunWriter(writer, engine.IsSemantic ? "bot-hybrid" : "bot-bm25");
                    foreach (var query in judged)
                    {
                        await trec.WriteAsync(query.Id, run[query.Id], cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            return 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CollectionFormatException)
        {
            await streams.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
        finally
        {
            TryDelete(indexDir);
        }
    }

    /// <summary>
    /// <c>bot eval QUESTIONS.jsonl</c>: each line <c>{"id", "question", "expect": [snippets], "kind"}</c> asked of the seeds
    /// index as <c>bot ask</c> does; prints, per question, its outcome, the rank of the first passage holding an expected
    /// snippet and the decision's signals, then per kind and in all the figures <c>qa_eval.py</c> reports (hit@1 and
    /// hit@3 over answerable questions whether answered or offered as related, off-topic declined with no passage,
    /// near-topic not claimed as answered). With <paramref name="dump"/>, also one JSON line per question with the signals.
    /// </summary>
    public static async Task<int> RunQuestionsAsync(string file, SearchEngine engine, CliStreams streams, string? dump, CancellationToken cancellationToken)
    {
        var c = CultureInfo.InvariantCulture;
        IReadOnlyList<QuestionCase> cases;
        try
        {
            cases = QuestionFile.Read(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CollectionFormatException)
        {
            await streams.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        var tally = new QuestionTally();
        var times = new List<double>();
        var dumpWriter = dump is null ? null : new StreamWriter(dump);
        await using (dumpWriter)
        {
            foreach (var item in cases)
            {
                var (id, question, kind) = (item.Id, item.Question, item.Kind);
                var expect = item.Expect.Select(QuestionTally.Fold).ToList();
                var timer = Stopwatch.StartNew();
                var answer = engine.Ask(ChatText.Clean(question));
                times.Add(timer.Elapsed.TotalMilliseconds);
                var rank = answer.Quotes.ToList().FindIndex(q => expect.Any(e => QuestionTally.Fold(q.Text).Contains(e, StringComparison.Ordinal))) + 1;
                var verdict = tally.Add(kind, expect.Count > 0, answer, rank);
                var signals = answer.Signals is { } s
                    ? string.Create(c, $"share {s.TermShare:0.00}{(s.Cosine is { } cos ? $" cosine {cos:0.000} gap {s.CosineGap:0.000}" : string.Empty)} lead {s.Lead:0.000}")
                    : "no match";
                await streams.Out.WriteLineAsync($"{id}\t{kind}\t{verdict}\t{signals}\t{question}").ConfigureAwait(false);
                if (dumpWriter is not null)
                {
                    // Where the expected passage ranks whatever the decision, so that a fit can count what a stricter
                    // threshold would lose.
                    var ranked = expect.Count == 0 ? 0 : engine.Rank(ChatText.Clean(question), AnswerComposerQuotes)
                        .Select(r => QuestionTally.Fold(engine.GetPassage(r.Id)?.Text ?? string.Empty))
                        .ToList()
                        .FindIndex(t => expect.Any(e => t.Contains(e, StringComparison.Ordinal))) + 1;
                    await dumpWriter.WriteLineAsync(System.Text.Json.JsonSerializer.Serialize(new
                    {
                        id,
                        kind,
                        form = answer.Form.ToString(),
                        outcome = answer.Outcome.ToString(),
                        rank,
                        ranked,
                        share = answer.Signals?.TermShare,
                        cosine = answer.Signals?.Cosine,
                        gap = answer.Signals?.CosineGap,
                        lead = answer.Signals?.Lead,
                        support = answer.Signals?.Support,
                        margin = answer.Signals?.CohortMargin,
                        top = answer.Quotes.Count > 0 ? answer.Quotes[0].PassageId : null,
                    })).ConfigureAwait(false);
                }
            }
        }

        foreach (var line in tally.Report(engine.IsSemantic ? "words + meaning" : "words alone"))
        {
            await streams.Out.WriteLineAsync(line).ConfigureAwait(false);
        }

        if (times.Count > 0)
        {
            await streams.Out.WriteLineAsync(string.Create(c, $"Ask per question: p50 {Percentile(times, 0.50):0.0} ms, p99 {Percentile(times, 0.99):0.0} ms over {times.Count}")).ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>Passages an answer quotes at most, and so the depth a dump's "ranked" looks at.</summary>
    private const int AnswerComposerQuotes = 3;

    /// <summary>The report: the collection, the published BM25 figures and ours, and per-query times.</summary>
    internal static string Report(string name, int documents, EvaluationSummary summary, string label, IReadOnlyList<double> rankTimes, IReadOnlyList<double> askTimes)
    {
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            string.Create(c, $"{name}: {documents} documents, {summary.QueryCount} judged queries"),
            "| run | nDCG@10 | Recall@100 | MRR@10 |",
            "|---|---|---|---|",
        };
        foreach (var published in BeirProtocol.PublishedBm25(name))
        {
            lines.Add(string.Create(c, $"| published: {published.System} | {published.NdcgAt10:0.0000} | {(published.RecallAt100 is { } r ? r.ToString("0.0000", c) : string.Empty)} | |"));
        }

        lines.Add(string.Create(c, $"| {label} | {summary.NdcgAt10:0.0000} | {summary.RecallAt100:0.0000} | {summary.MrrAt10:0.0000} |"));
        if (rankTimes.Count > 0)
        {
            lines.Add(string.Create(c, $"Rank (top {RunEvaluator.DefaultDepth}) per query: p50 {Percentile(rankTimes, 0.50):0.0} ms, p99 {Percentile(rankTimes, 0.99):0.0} ms over {rankTimes.Count}"));
        }

        if (askTimes.Count > 0)
        {
            lines.Add(string.Create(c, $"Ask per query: p50 {Percentile(askTimes, 0.50):0.0} ms, p99 {Percentile(askTimes, 0.99):0.0} ms over {askTimes.Count}"));
        }

        return string.Join('\n', lines) + "\n";
    }

    /// <summary>Nearest-rank percentile.</summary>
    internal static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    /// <summary>Where the corpus vectors of a collection are cached (each row found by its content key, so any model's rows may share the file).</summary>
    internal static string CorpusCachePath(string folder, string name) => Path.Combine(folder, $"{name}.corpus.pvec");

    /// <summary>Where the query vectors of a collection made by model <paramref name="modelId"/> are cached.</summary>
    internal static string QueryCachePath(string folder, string name, string modelId) =>
        Path.Combine(folder, $"{name}.{string.Concat(modelId.Select(ch => char.IsLetterOrDigit(ch) || ch == '-' ? ch : '_'))}.queries.qvec");

    private static PassageVectorStore? OpenCache(string? folder, string name, TextWriter error)
    {
        if (folder is null)
        {
            return null;
        }

        var path = CorpusCachePath(folder, name);
        if (!File.Exists(path))
        {
            error.WriteLine($"warning: no vector cache at {path}; embedding every document (the vectors are saved there afterwards)");
            return null;
        }

        return PassageVectorStore.Open(path);
    }

    /// <summary>Copies the vectors the build just wrote into the cache folder, for the next run.</summary>
    private static void SaveCorpusVectors(string source, string path)
    {
        if (File.Exists(source))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path) ?? ".");
            var temp = path + ".tmp";
            File.Copy(source, temp, overwrite: true);
            File.Move(temp, path, overwrite: true);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A temporary folder; the system cleans it up.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    /// <summary>Indexing, then embedding, progress on a terminal, redrawn at most every 200 ms.</summary>
    private sealed class EvalProgress(TextWriter error) : IProgress<IndexBuildProgress>, IDisposable
    {
        private readonly Stopwatch _started = Stopwatch.StartNew();
        private TimeSpan _lastDrawn = TimeSpan.Zero;

        public void Report(IndexBuildProgress value)
        {
            var now = _started.Elapsed;
            if (now - _lastDrawn < TimeSpan.FromMilliseconds(200))
            {
                return;
            }

            _lastDrawn = now;
            error.Write(value.Embedded is { } embedded
                ? string.Create(CultureInfo.InvariantCulture, $"\rEmbedding: {embedded}/{value.Passages} passages\u001b[K")
                : string.Create(CultureInfo.InvariantCulture, $"\rIndexing: {value.FilesDone}/{value.FilesTotal} documents\u001b[K"));
        }

        public void Dispose() => error.Write("\r\u001b[K");
    }
}
