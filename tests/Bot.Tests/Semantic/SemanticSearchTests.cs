using Bot.Search.Indexing;
using Bot.Search.Semantic;
using Bot.Search;
using Bot.Tests.Fakes;
using Bot.Tests.Fixtures;
using Microsoft.Extensions.Logging;

namespace Bot.Tests.Semantic;

/// <summary>
/// The re-ranked answer path without the model: the seed index gets a vector file written by the test (passage n
/// points along axis n), and the engine gets a query embedder that returns a chosen axis, so what the vectors say is
/// known exactly. Also: a vector file that does not match its generation is ignored, with one log line.
/// </summary>
public sealed class SemanticSearchTests : IDisposable
{
    private const string Seed = RepositoryPaths.SeedFileName;
    private readonly TempCorpus _corpus = new();
    private readonly string _generationDir;

    public SemanticSearchTests()
    {
        new IndexBuilder().Build(_corpus.SeedsDir, _corpus.IndexDir);
        _generationDir = Path.Combine(_corpus.IndexDir, IndexLayout.CurrentGeneration(_corpus.IndexDir) ?? throw new InvalidOperationException("no index"));
    }

    [Fact]
    public void ParaphraseWithNoSharedWordFindsItsPassageThroughTheVectors()
    {
        WriteVectors();
        using var engine = SearchEngine.Open(_corpus.IndexDir, _ => Axis(8));

        Assert.True(engine.IsSemantic);
        var answer = engine.Ask("Why are sheriffs worried about getting sued?");

        // No word of the question is in paragraph 8 ("deputies are left vulnerable to costly damages lawsuits"): BM25
        // alone cannot find it; the dense candidates do, and its cosine (1) makes the question answerable.
        Assert.True(answer.Answered);
        Assert.Equal($"{Seed}#8", answer.Quotes[0].PassageId);
        Assert.Equal(1.0, answer.Signals?.Cosine ?? 0, 3);
        Assert.Equal($"{Seed}#8", engine.Rank("Why are sheriffs worried about getting sued?", 5)[0].Id);
    }

    [Fact]
    public void HybridScoreMixesNormalisedBm25AndCosine()
    {
        WriteVectors();
        using var bm25 = SearchEngine.Open(_corpus.IndexDir);
        using var hybrid = SearchEngine.Open(_corpus.IndexDir, _ => Axis(14));

        // One term: BM25 alone coordinates short questions and the re-ranked path does not, which for a single
        // term group changes no score, so BM25 alone gives the lexical scores the fusion uses.
        var lexical = bm25.Rank("ICE", 14);
        var reranked = hybrid.Rank("ICE", 14);

        // Passage 14 (cosine 1) scores (1 - w) + w × its normalised BM25 score; the BM25 leader scores w × 1 + 0.
        var top = lexical[0];
        Assert.NotEqual($"{Seed}#14", top.Id);
        Assert.Equal($"{Seed}#14", reranked[0].Id);
        var min = lexical.Min(d => d.Score);
        var fourteen = lexical.Single(d => d.Id == $"{Seed}#14").Score;
        var expected = (SemanticRanking.LexicalWeight * (fourteen - min) / (top.Score - min)) + (1 - SemanticRanking.LexicalWeight);
        Assert.Equal(expected, reranked[0].Score, 6);
        Assert.Equal(SemanticRanking.LexicalWeight, reranked.Single(d => d.Id == top.Id).Score, 6);
    }

    [Fact]
    public void UnrelatedQuestionIsStillDeclinedWhenNoPassageIsClose()
    {
        WriteVectors();
        using var engine = SearchEngine.Open(_corpus.IndexDir, _ => Axis(100));

        var answer = engine.Ask("What is the recipe for banana bread?");

        Assert.False(answer.Answered);
    }

    [Fact]
    public void WithoutVectorsTheEngineAnswersWithBm25AloneAndSaysSoOnce()
    {
        var logger = new LevelRecordingLogger();
        using var engine = SearchEngine.Open(_corpus.IndexDir, _ => Axis(8), logger);
        using var bm25 = SearchEngine.Open(_corpus.IndexDir);

        Assert.False(engine.IsSemantic);
        Assert.Equal(bm25.Ask("Why are deputies exposed to lawsuits?").Quotes.Select(q => q.PassageId), engine.Ask("Why are deputies exposed to lawsuits?").Quotes.Select(q => q.PassageId));
        engine.Ask("What is the 287(g) program?");
        var warning = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("built without vectors", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("generation")]
    [InlineData("count")]
    [InlineData("bytes")]
    [InlineData("missing")]
    public void VectorFileThatDoesNotMatchItsGenerationIsIgnored(string mismatch)
    {
        WriteVectors();
        var manifest = IndexManifest.TryRead(_generationDir) ?? throw new InvalidOperationException("no manifest");
        var info = manifest.Vectors ?? throw new InvalidOperationException("no vectors");
        var path = Path.Combine(_generationDir, info.File);
        switch (mismatch)
        {
            case "generation":
                (manifest with { Vectors = info with { Generation = "gen-20000101T000000000-abcdef" } }).Write(_generationDir);
                break;
            case "count":
                PassageVectorStore.Write(path, [$"{Seed}#1"], [Axis(1)]);
                (manifest with { Vectors = info with { Count = 1, Bytes = new FileInfo(path).Length } }).Write(_generationDir);
                break;
            case "bytes":
                File.AppendAllText(path, "x");
                break;
            default:
                File.Delete(path);
                break;
        }

        var logger = new LevelRecordingLogger();
        using var engine = SearchEngine.Open(_corpus.IndexDir, _ => Axis(8), logger);

        Assert.False(engine.IsSemantic);
        Assert.Single(logger.Entries);
        Assert.False(engine.Ask("Why are sheriffs worried about getting sued?").Answered);
    }

    [Fact]
    public void ModelThatCannotLoadLeavesNoEmbedder()
    {
        var result = PassageEmbedder.TryLoad(new LevelRecordingLogger(), new PassageEmbedderOptions(), () => throw new DllNotFoundException("onnxruntime"));

        Assert.False(result.Loaded);
        Assert.Contains("onnxruntime", result.Failure, StringComparison.Ordinal);
    }

    public void Dispose() => _corpus.Dispose();

    private static float[] Axis(int axis)
    {
        var vector = new float[PassageEmbedder.Dimensions];
        vector[axis] = 1;
        return vector;
    }

    /// <summary>Writes passage n's vector along axis n and records the file in the manifest, as a build with the model does.</summary>
    private void WriteVectors()
    {
        var manifest = IndexManifest.TryRead(_generationDir) ?? throw new InvalidOperationException("no manifest");
        var path = Path.Combine(_generationDir, IndexBuilder.PassageVectorsFile);
        var ids = Enumerable.Range(1, manifest.PassageCount).Select(n => $"{Seed}#{n}").ToList();
        using (var writer = new PassageVectorWriter(path, PassageEmbedder.Dimensions))
        {
            foreach (var (id, n) in ids.Select((id, i) => (id, i + 1)))
            {
                writer.Add(id, Axis(n));
            }

            writer.Commit();
        }

        (manifest with { Vectors = new PassageVectorsInfo(IndexBuilder.PassageVectorsFile, manifest.Generation, ids.Count, new FileInfo(path).Length) }).Write(_generationDir);
    }
}
