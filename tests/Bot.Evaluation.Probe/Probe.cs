using System.Diagnostics;
using Bot.Search.Evaluation;
using Bot.Search.Semantic;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Microsoft.Extensions.Logging;

namespace Bot.Evaluation.Probe;

/// <summary>
/// Throwaway BM25 (EnglishAnalyzer, BM25(0.9, 0.4), title + " " + text, query terms boosted by their count) plus the
/// semantic re-ranking pieces, scored on one BEIR collection. Vectors are cached in the cache folder.
/// </summary>
internal sealed class Probe(string folder, string cacheFolder, bool dropSelf)
{
    /// <summary>Embeds the same 480 random documents with batch sizes 8, 16 and 32, and reports docs/s.</summary>
    public async Task TimeBatchSizesAsync()
    {
        var files = BeirFiles.Locate(folder);
        var documents = new List<string>();
        await foreach (var document in BeirReader.ReadCorpusAsync(files.CorpusPath))
        {
            documents.Add($"{document.Title} {document.Text}");
        }

        var sample = documents.OrderBy(_ => Random.Shared.Next()).Take(480).ToArray();
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddSimpleConsole());
        foreach (var batchSize in new[] { 8, 16, 32, 8 })
        {
            var result = PassageEmbedder.TryLoad(loggerFactory.CreateLogger("probe"), new PassageEmbedderOptions { BatchSize = batchSize });
            if (!result.Loaded)
            {
                Console.WriteLine($"model did not load: {result.Failure}");
                return;
            }

            using var embedder = result.Embedder;
            embedder.EmbedQuery("warm up the session");
            var timer = Stopwatch.StartNew();
            embedder.EmbedPassages(sample);
            Console.WriteLine($"{files.Name}: batch {batchSize}: {sample.Length} docs in {timer.Elapsed.TotalSeconds:F1} s ({sample.Length / timer.Elapsed.TotalSeconds:F1} docs/s)");
        }
    }

    private const int CandidateDepth = 1000;
    private static readonly int[] Depths = [100, 300, 1000];
    private static readonly double[] Weights = [0.2, 0.3];
    private readonly Dictionary<string, IReadOnlyList<RankedDocument>> _luceneOrder = new(StringComparer.Ordinal);

    public async Task RunAsync()
    {
        var files = BeirFiles.Locate(folder);
        var documents = new List<BeirDocument>();
        await foreach (var document in BeirReader.ReadCorpusAsync(files.CorpusPath))
        {
            documents.Add(document);
        }

        var queries = await BeirReader.ReadTopicsAsync(files.TopicsPath);
        var judgments = await BeirReader.ReadQrelsAsync(files.QrelsPath);
        Console.WriteLine($"# {files.Name}: {documents.Count} docs, {queries.Count} queries, {judgments.Count} judgments, drop self-hits: {dropSelf}");

        var bm25 = Bm25Search(documents, queries);
        Report("BM25", bm25, judgments);
        var luceneOrder = RunEvaluator.Evaluate(_luceneOrder, judgments);
        Console.WriteLine($"| BM25, ties in Lucene's order (docid ascending), not trec_eval's | {luceneOrder.NdcgAt10:F4} | {luceneOrder.RecallAt100:F4} | {luceneOrder.MrrAt10:F4} | {luceneOrder.QueryCount} |");

        using var loggerFactory = LoggerFactory.Create(builder => builder.AddSimpleConsole());
        var logger = loggerFactory.CreateLogger("probe");
        var load = Stopwatch.StartNew();
        var result = PassageEmbedder.TryLoad(logger);
        if (!result.Loaded)
        {
            Console.WriteLine($"model did not load: {result.Failure}");
            return;
        }

        Console.WriteLine($"model load {load.ElapsedMilliseconds} ms");
        using var embedder = result.Embedder;
        System.IO.Directory.CreateDirectory(cacheFolder);
        var corpusPath = Path.Combine(cacheFolder, $"{files.Name}.corpus.pvec");
        if (!File.Exists(corpusPath))
        {
            var texts = documents.Select(d => $"{d.Title} {d.Text}").ToArray();
            var embed = Stopwatch.StartNew();
            var progress = new Progress<int>(done =>
            {
                if (done % 512 < embedder.Options.BatchSize)
                {
                    Console.Error.WriteLine($"{done}/{texts.Length} docs, {embed.Elapsed.TotalSeconds:F0} s");
                }
            });
            var vectors = embedder.EmbedPassages(texts, progress);
            Console.WriteLine($"embedded corpus: {texts.Length} docs in {embed.Elapsed.TotalSeconds:F1} s ({texts.Length / embed.Elapsed.TotalSeconds:F1} docs/s)");
            PassageVectorStore.Write(corpusPath, documents.Select(d => d.Id).ToArray(), vectors);
        }

        Console.WriteLine($"vector file {new FileInfo(corpusPath).Length} bytes ({new FileInfo(corpusPath).Length / 1048576.0:F2} MiB) for {documents.Count} docs");
        var queryVectorPath = Path.Combine(cacheFolder, $"{files.Name}.queries.f32");
        var queryVectors = LoadOrEmbedQueries(embedder, queries, queryVectorPath);

        using var store = PassageVectorStore.Open(corpusPath);
        var dense = new Dictionary<string, IReadOnlyList<RankedDocument>>(StringComparer.Ordinal);
        foreach (var query in queries)
        {
            var vector = queryVectors[query.Id];
            dense[query.Id] = Enumerable.Range(0, store.Count)
                .Select(n => new RankedDocument(store.IdAt(n), store.Cosine(n, vector)))
                .OrderByDescending(hit => hit.Score)
                .Take(CandidateDepth + 1)
                .ToArray();
        }

        Report("MiniLM alone (all docs, int8 store)", dense, judgments);
        foreach (var depth in Depths)
        {
            foreach (var weight in Weights)
            {
                var run = new Dictionary<string, IReadOnlyList<RankedDocument>>(StringComparer.Ordinal);
                var times = new List<double>();
                foreach (var query in queries)
                {
                    var candidates = bm25[query.Id].Take(depth).Select(h => new RerankCandidate(h.Id, h.Score)).ToArray();
                    var timer = Stopwatch.StartNew();
                    var reranked = HybridReranker.Rerank(candidates, queryVectors[query.Id], store, weight);
                    times.Add(timer.Elapsed.TotalMilliseconds);
                    run[query.Id] = reranked.Select(p => new RankedDocument(p.Id, p.Score)).ToArray();
                }

                Report($"BM25 top {depth} + MiniLM, w {weight}", run, judgments);
                Console.WriteLine($"  re-rank {depth} candidates: p50 {Percentile(times, 0.5):F3} ms, p99 {Percentile(times, 0.99):F3} ms");
            }
        }

        MeasureQueryEmbedding(embedder, queries);
    }

    private static Dictionary<string, float[]> LoadOrEmbedQueries(PassageEmbedder embedder, IReadOnlyList<EvaluationQuery> queries, string path)
    {
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        if (File.Exists(path))
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            var count = reader.ReadInt32();
            for (var i = 0; i < count; i++)
            {
                var id = reader.ReadString();
                var vector = new float[PassageEmbedder.Dimensions];
                for (var j = 0; j < vector.Length; j++)
                {
                    vector[j] = reader.ReadSingle();
                }

                vectors[id] = vector;
            }

            return vectors;
        }

        var timer = Stopwatch.StartNew();
        var embedded = embedder.EmbedPassages(queries.Select(q => q.Text).ToArray());
        Console.WriteLine($"embedded {queries.Count} queries in {timer.Elapsed.TotalSeconds:F1} s (batched)");
        using (var writer = new BinaryWriter(File.Create(path)))
        {
            writer.Write(queries.Count);
            for (var i = 0; i < queries.Count; i++)
            {
                writer.Write(queries[i].Id);
                foreach (var value in embedded[i])
                {
                    writer.Write(value);
                }

                vectors[queries[i].Id] = embedded[i];
            }
        }

        return vectors;
    }

    private static void MeasureQueryEmbedding(PassageEmbedder embedder, IReadOnlyList<EvaluationQuery> queries)
    {
        var questions = queries.Select(q => string.Join(' ', q.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(10))).Take(300).ToArray();
        var whole = queries.Select(q => q.Text).Take(300).ToArray();
        foreach (var (name, texts) in new[] { ("first 10 words of a query", questions), ("whole query", whole) })
        {
            foreach (var text in texts.Take(10))
            {
                embedder.EmbedQuery(text);
            }

            var times = new List<double>();
            foreach (var text in texts)
            {
                var timer = Stopwatch.StartNew();
                embedder.EmbedQuery(text);
                times.Add(timer.Elapsed.TotalMilliseconds);
            }

            var words = texts.Average(t => t.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
            Console.WriteLine($"embed one query ({name}, mean {words:F0} words, n {texts.Length}): p50 {Percentile(times, 0.5):F1} ms, p99 {Percentile(times, 0.99):F1} ms");
        }
    }

    private Dictionary<string, IReadOnlyList<RankedDocument>> Bm25Search(List<BeirDocument> documents, IReadOnlyList<EvaluationQuery> queries)
    {
        var timer = Stopwatch.StartNew();
        using var directory = new RAMDirectory();
        using var analyzer = new EnglishAnalyzer(LuceneVersion.LUCENE_48);
        var similarity = new BM25Similarity(0.9f, 0.4f);
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, analyzer) { Similarity = similarity }))
        {
            foreach (var document in documents)
            {
                writer.AddDocument(new Document
                {
                    new StringField("id", document.Id, Field.Store.YES),
                    new TextField("body", $"{document.Title} {document.Text}", Field.Store.NO),
                });
            }

            writer.Commit();
        }

        Console.WriteLine($"indexed in {timer.Elapsed.TotalSeconds:F1} s");
        BooleanQuery.MaxClauseCount = 4096;
        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader) { Similarity = similarity };
        var run = new Dictionary<string, IReadOnlyList<RankedDocument>>(StringComparer.Ordinal);
        timer.Restart();
        foreach (var query in queries)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            using (var stream = analyzer.GetTokenStream("body", query.Text))
            {
                var term = stream.AddAttribute<ICharTermAttribute>();
                stream.Reset();
                while (stream.IncrementToken())
                {
                    var text = term.ToString();
                    counts[text] = counts.GetValueOrDefault(text) + 1;
                }

                stream.End();
            }

            var boolean = new BooleanQuery();
            foreach (var (text, count) in counts)
            {
                boolean.Add(new TermQuery(new Term("body", text)) { Boost = count }, Occur.SHOULD);
            }

            var hits = searcher.Search(boolean, CandidateDepth + 1).ScoreDocs
                .Select(hit => new RankedDocument(searcher.Doc(hit.Doc).Get("id", System.Globalization.CultureInfo.InvariantCulture), hit.Score))
                .ToArray();
            run[query.Id] = RunEvaluator.PrepareRanking(query.Id, hits, dropSelf, CandidateDepth);
            _luceneOrder[query.Id] = hits.Where(hit => !(dropSelf && hit.Id == query.Id)).Take(RunEvaluator.DefaultDepth).ToArray();
        }

        Console.WriteLine($"searched {queries.Count} queries in {timer.Elapsed.TotalSeconds:F1} s");
        return run;
    }

    private void Report(string name, IReadOnlyDictionary<string, IReadOnlyList<RankedDocument>> run, RelevanceJudgments judgments)
    {
        var cut = run.ToDictionary(
            pair => pair.Key,
            pair => RunEvaluator.PrepareRanking(pair.Key, pair.Value, dropSelf),
            StringComparer.Ordinal);
        var summary = RunEvaluator.Evaluate(cut, judgments);
        Console.WriteLine($"| {name} | {summary.NdcgAt10:F4} | {summary.RecallAt100:F4} | {summary.MrrAt10:F4} | {summary.QueryCount} |");
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }
}
