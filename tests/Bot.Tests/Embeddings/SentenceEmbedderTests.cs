using Bot.Embeddings;
using Bot.Tests.Fakes;
using Microsoft.Extensions.Logging;

namespace Bot.Tests.Embeddings;

public sealed class SentenceEmbedderTests
{
    [Fact]
    public void ModelThatCannotLoadGivesFailureAndWarningInsteadOfThrowing()
    {
        var logger = new LevelRecordingLogger();

        var result = SentenceEmbedder.TryLoad(
            logger,
            new EmbedderOptions(),
            () => throw new TypeInitializationException(
                "Microsoft.ML.OnnxRuntime.NativeMethods", new DllNotFoundException("Unable to load shared library 'onnxruntime'")));

        Assert.False(result.Loaded);
        Assert.Null(result.Embedder);
        Assert.Contains("TypeInitializationException", result.Failure, StringComparison.Ordinal);
        Assert.Contains("onnxruntime", result.Failure, StringComparison.Ordinal);
        var (level, message) = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, level);
        Assert.Contains("words alone", message, StringComparison.Ordinal);
    }

    [Fact]
    public void PassagesComeBackInInputOrderAfterLengthSortedBatches()
    {
        var model = new FakeModel();
        using var embedder = Load(model, batchSize: 2);
        string[] texts = ["three words here", "one", "a b c d e f", "two words"];

        var vectors = embedder.EmbedPassages(texts);

        // The fake's vector[0] is the text length, so each vector must match its own text.
        Assert.Equal(texts.Select(t => (float)t.Length), vectors.Select(v => v[0]));
        Assert.Equal([2, 2], model.BatchSizes);
        Assert.Equal(["one", "two words"], model.Batches[0]); // shortest first
    }

    [Fact]
    public void WhiteSpaceIsCollapsedBeforeTheModelSeesText()
    {
        var model = new FakeModel();
        using var embedder = Load(model);

        embedder.EmbedPassages(["  Why\tare\r\nsheriffs\n\n worried? "]);

        Assert.Equal("Why are sheriffs worried?", Assert.Single(Assert.Single(model.Batches)));
    }

    [Fact]
    public void LongTextIsCutToWholeWordsWithinTheWordPieceBudget()
    {
        // The fake tokenizer makes one piece per character: 254 pieces are left after [CLS] and [SEP], so 63 words of
        // 4 pieces (252) fit and the 64th (256) does not.
        var model = new FakeModel();
        using var embedder = Load(model, piecesPerWord: word => word.Length);

        embedder.EmbedPassages([string.Join(' ', Enumerable.Repeat("word", 500))]);

        Assert.Equal(63, Assert.Single(Assert.Single(model.Batches)).Split(' ').Length);
    }

    [Fact]
    public void WordTheTokenizerFailsOnIsLeftOut()
    {
        var model = new FakeModel();
        using var embedder = Load(model, piecesPerWord: word => word == "b[d" ? throw new ArgumentException("bad pattern") : 1);

        embedder.EmbedPassages(["a b[d c"]);

        Assert.Equal("a c", Assert.Single(Assert.Single(model.Batches)));
    }

    [Fact]
    public void ShortTextIsNotCut()
    {
        var model = new FakeModel();
        using var embedder = Load(model, piecesPerWord: word => word.Length);

        embedder.EmbedPassages(["Why are sheriffs worried about getting sued?"]);

        Assert.Equal("Why are sheriffs worried about getting sued?", Assert.Single(Assert.Single(model.Batches)));
    }

    [Fact]
    public void QueryGoesBehindTheModelsInstructionWhichCountsInTheBudget()
    {
        // One piece per character: the instruction's "query:" takes 6 of the 254, so 62 words of 4 pieces (248) fit.
        var model = new FakeModel();
        using var embedder = Load(model, piecesPerWord: word => word.Length);

        embedder.EmbedQuery("  Why\tare sheriffs worried? ");
        embedder.EmbedQuery(string.Join(' ', Enumerable.Repeat("word", 500)));

        Assert.Equal(Instruction + "Why are sheriffs worried?", model.Batches[0].Single());
        Assert.StartsWith(Instruction, model.Batches[1].Single(), StringComparison.Ordinal);
        Assert.Equal(62, model.Batches[1].Single()[Instruction.Length..].Split(' ').Length);
    }

    [Fact]
    public void CancelledTokenStopsEmbedding()
    {
        using var embedder = Load(new FakeModel());
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.Throws<OperationCanceledException>(() => embedder.EmbedPassages(["a", "b"], cancellationToken: cancellation.Token));
    }

    [Fact]
    public async Task ConcurrentCallersNeverEnterTheModelTogether()
    {
        var model = new FakeModel { SpinIterations = 20_000 };
        using var embedder = Load(model);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() =>
        {
            for (var n = 0; n < 20; n++)
            {
                embedder.EmbedQuery($"question {i} {n}");
            }
        })));

        Assert.Equal(80, model.Batches.Count);
        Assert.Equal(1, model.MaxConcurrency);
    }

    [Fact]
    public void DisposedEmbedderThrowsAndDisposesModelOnce()
    {
        var model = new FakeModel();
        var embedder = Load(model);

        embedder.Dispose();
        embedder.Dispose();

        Assert.Equal(1, model.DisposeCount);
        Assert.Throws<ObjectDisposedException>(() => embedder.EmbedQuery("x"));
    }

    private const string Instruction = "query: ";

    private static SentenceEmbedder Load(FakeModel model, int batchSize = 16, Func<string, int>? piecesPerWord = null)
    {
        var result = SentenceEmbedder.TryLoad(
            new LevelRecordingLogger(),
            new EmbedderOptions { BatchSize = batchSize },
            () => new EmbeddingModel("fake", Instruction, model.Encode, piecesPerWord ?? (_ => 1), model));
        Assert.True(result.Loaded);
        return result.Embedder;
    }

    private sealed class FakeModel : IDisposable
    {
        private int _active;

        public List<string[]> Batches { get; } = [];

        public List<int> BatchSizes { get; } = [];

        public int MaxConcurrency { get; private set; }

        public int DisposeCount { get; private set; }

        public int SpinIterations { get; init; }

        public float[][] Encode(string[] texts, CancellationToken cancellationToken)
        {
            var active = Interlocked.Increment(ref _active);
            MaxConcurrency = Math.Max(MaxConcurrency, active);
            Thread.SpinWait(SpinIterations); // stay inside long enough for a second caller to collide, without sleeping

            Batches.Add(texts);
            BatchSizes.Add(texts.Length);
            Interlocked.Decrement(ref _active);
            return texts.Select(t =>
            {
                var vector = new float[384];
                vector[0] = t.Length;
                return vector;
            }).ToArray();
        }

        public void Dispose() => DisposeCount++;
    }
}
