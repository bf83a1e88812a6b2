using Bot.Search;
using Bot.Tests.Fixtures;

namespace Bot.Tests.Search;

public sealed class IndexBuilderTests : IDisposable
{
    private readonly TempCorpus _corpus = new();

    [Fact]
    public void BuildSwitchesToANewGenerationAndReportsCounts()
    {
        _corpus.AddSeedBytes("broken.txt", [0xFF, 0xFE, 0x00]);

        var result = _corpus.Build();

        Assert.Equal(1, result.Documents);
        Assert.Equal(14, result.Passages);
        var skipped = Assert.Single(result.Skipped);
        Assert.EndsWith("broken.txt", skipped.Path, StringComparison.Ordinal);
        Assert.Equal("ICE", result.Acronyms.Keys.Single(k => k == "ICE"));
        Assert.Equal(result.Generation, File.ReadAllText(Path.Combine(_corpus.IndexDir, "CURRENT")).Trim());
        Assert.True(IndexBuilder.IsFresh(_corpus.SeedsDir, _corpus.IndexDir));
    }

    [Fact]
    public void PartsOfACutParagraphAreFoundByTheirIdsWithTheirLocators()
    {
        var block = string.Join(' ', Enumerable.Range(1, 40).Select(i => $"Statement {i} says county jails held people for {i} more days without a warrant."));
        _corpus.AddSeed("long.md", "---\ntitle: Jail holds\n---\n\n" + block + "\n");
        _corpus.Build();
        using var engine = _corpus.Open();

        var part = engine.GetPassage("long.md#1.2");
        var whole = engine.GetPassage($"{RepositoryPaths.SeedFileName}#7");

        Assert.NotNull(part);
        Assert.Equal((1, (int?)2, "paragraph 1, part 2"), (part.Source.Paragraph, part.Source.Part, part.Source.Locator));
        Assert.Contains(part.Text, block, StringComparison.Ordinal);
        Assert.Null(engine.GetPassage("long.md#1"));
        Assert.NotNull(whole);
        Assert.Equal(((int?)null, "paragraph 7"), (whole.Source.Part, whole.Source.Locator));
    }

    [Fact]
    public void BuildThatFailsPartwayLeavesThePreviousIndexAnswering()
    {
        var first = _corpus.Build();
        for (var i = 0; i < 5; i++)
        {
            _corpus.AddSeed($"extra{i}.txt", $"Extra document number {i} talks about county jails and federal custody at length.\n");
        }

        var failing = new FailingProgress(failAfterFiles: 3);
        Assert.Throws<InvalidOperationException>(() => new IndexBuilder().Build(_corpus.SeedsDir, _corpus.IndexDir, failing));

        using var engine = _corpus.Open();
        Assert.Equal(first.Generation, engine.Generation);
        Assert.Single(engine.Sources());
        Assert.True(engine.Ask("Who is the executive director of LEAP?").Answered);
        Assert.Equal([first.Generation], Directory.GetDirectories(_corpus.IndexDir).Select(Path.GetFileName));
        Assert.False(IndexBuilder.IsFresh(_corpus.SeedsDir, _corpus.IndexDir));
    }

    [Fact]
    public void CancelledBuildLeavesThePreviousIndexServing()
    {
        var first = _corpus.Build();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => new IndexBuilder().Build(_corpus.SeedsDir, _corpus.IndexDir, null, cancelled.Token));

        using var engine = _corpus.Open();
        Assert.Equal(first.Generation, engine.Generation);
    }

    [Fact]
    public async Task SecondConcurrentBuildFailsWithAClearMessage()
    {
        _corpus.Build();
        var blocker = new BlockingProgress();
        var builder = new IndexBuilder();
        var running = Task.Run(() => builder.Build(_corpus.SeedsDir, _corpus.IndexDir, blocker));
        Assert.True(blocker.Reached.Wait(TimeSpan.FromSeconds(30)));

        var error = Assert.Throws<IndexBuildLockedException>(() => new IndexBuilder().Build(_corpus.SeedsDir, _corpus.IndexDir));

        blocker.Release.Set();
        await running;
        Assert.Contains("already building", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReloadSwitchesAnOpenEngineToTheNewGeneration()
    {
        _corpus.Build();
        using var engine = _corpus.Open();
        _corpus.AddSeed("second.md", "---\ntitle: Second document\n---\nCounty sheriffs in Texas renewed their agreements with federal immigration authorities.\n");

        var rebuilt = new IndexBuilder().Build(_corpus.SeedsDir, _corpus.IndexDir);

        Assert.Single(engine.Sources());
        Assert.True(engine.Reload());
        Assert.Equal(rebuilt.Generation, engine.Generation);
        Assert.Equal(2, engine.Sources().Count);
        Assert.False(engine.Reload());
    }

    [Fact]
    public void EnsureFreshBuildsOnlyWhenSeedsChanged()
    {
        var builder = new IndexBuilder();

        Assert.NotNull(builder.EnsureFresh(_corpus.SeedsDir, _corpus.IndexDir));
        Assert.Null(builder.EnsureFresh(_corpus.SeedsDir, _corpus.IndexDir));
        _corpus.AddSeed("new.txt", "A new paragraph arrives and the index must be rebuilt to include it.\n");
        Assert.NotNull(builder.EnsureFresh(_corpus.SeedsDir, _corpus.IndexDir));
    }

    [Fact]
    public void OldGenerationsAreDeletedKeepingThePreviousOne()
    {
        var first = _corpus.Build();
        var second = _corpus.Build();
        var third = _corpus.Build();

        var generations = Directory.GetDirectories(_corpus.IndexDir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { second.Generation, third.Generation }.Order(StringComparer.Ordinal), generations);
        Assert.DoesNotContain(first.Generation, generations);
    }

    public void Dispose() => _corpus.Dispose();

    private sealed class FailingProgress(int failAfterFiles) : IProgress<IndexBuildProgress>
    {
        public void Report(IndexBuildProgress value)
        {
            if (value.FilesDone >= failAfterFiles)
            {
                throw new InvalidOperationException("injected failure partway through the build");
            }
        }
    }

    private sealed class BlockingProgress : IProgress<IndexBuildProgress>
    {
        public ManualResetEventSlim Reached { get; } = new();

        public ManualResetEventSlim Release { get; } = new();

        public void Report(IndexBuildProgress value)
        {
            Reached.Set();
            Release.Wait(TimeSpan.FromSeconds(30));
        }
    }
}
