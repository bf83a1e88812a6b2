using Bot.Benchmarks.Corpus;
using Bot.Benchmarks.Engines;
using Bot.Benchmarks.Harness;

namespace Bot.Tests.Benchmarks;

/// <summary>A 300-passage generated corpus with both engines' indexes built once, in a temp folder.</summary>
public sealed class SmallCorpusFixture : IAsyncLifetime, IDisposable
{
    public const int Passages = 300;

    private readonly TempFolder _folder = new();

    public string Folder => _folder.Path;

    public string Seeds => Path.Combine(_folder.Path, "seeds");

    internal IReadOnlyList<CorpusQuestion> Questions { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var questionsPath = Path.Combine(_folder.Path, "questions.jsonl");
        new CorpusGenerator(Vocabulary.Load(), 11).Generate(Seeds, questionsPath, Passages, 30);
        Questions = CorpusQuestion.ReadAll(questionsPath, int.MaxValue);
        foreach (var engineName in new[] { EngineFactory.Ours, EngineFactory.Fts5 })
        {
            using var builder = EngineFactory.Create(engineName, new BenchOptions());
            await builder.BuildIndexAsync(Seeds, EngineFactory.IndexPath(engineName, _folder.Path));
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _folder.Dispose();
}

/// <summary>Both sides of the benchmark do the same job on a small generated corpus.</summary>
public sealed class EngineTests(SmallCorpusFixture corpus) : IClassFixture<SmallCorpusFixture>
{
    [Theory]
    [InlineData(EngineFactory.Ours)]
    [InlineData(EngineFactory.Fts5)]
    public async Task AnswersGeneratedQuestionsWithTheirSourcePassage(string engineName)
    {
        using var engine = await OpenAsync(engineName);
        var hits = 0;

        foreach (var question in corpus.Questions)
        {
            var answer = await engine.AnswerAsync(question.Question);
            Assert.InRange(answer.Passages.Count, 1, 3);
            Assert.InRange(answer.Message.Length, 1, DiscordMessage.MaxLength);
            hits += PhaseRunner.IsHit(answer, question) ? 1 : 0;
        }

        Assert.True(hits >= corpus.Questions.Count * 9 / 10, $"{hits} of {corpus.Questions.Count} questions found their passage");
    }

    [Theory]
    [InlineData(EngineFactory.Ours, "\"unbalanced")]
    [InlineData(EngineFactory.Ours, "a AND")]
    [InlineData(EngineFactory.Ours, "NOT")]
    [InlineData(EngineFactory.Ours, "title:x* NEAR(a b) ^c -d")]
    [InlineData(EngineFactory.Fts5, "\"unbalanced")]
    [InlineData(EngineFactory.Fts5, "a AND")]
    [InlineData(EngineFactory.Fts5, "NOT")]
    [InlineData(EngineFactory.Fts5, "title:x* NEAR(a b) ^c -d")]
    [InlineData(EngineFactory.Fts5, "text : \"\" OR ) (")]
    public async Task UserTextWithQuerySyntaxNeverBreaksTheQuery(string engineName, string question)
    {
        using var engine = await OpenAsync(engineName);

        var answer = await engine.AnswerAsync(question);

        Assert.NotNull(answer.Message);
    }

    [Theory]
    [InlineData(EngineFactory.Ours)]
    [InlineData(EngineFactory.Fts5)]
    public async Task OnlyStopWordsGiveTheNoAnswerMessage(string engineName)
    {
        using var engine = await OpenAsync(engineName);

        var answer = await engine.AnswerAsync("What is it, and why?");

        Assert.Empty(answer.Passages);
        if (engineName == EngineFactory.Ours)
        {
            // The bot's own formatter: its decline names what the corpus covers.
            Assert.Contains("Nothing in the sources I have bears on that", answer.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(DiscordMessage.NoAnswer, answer.Message);
        }
    }

    [Theory]
    [InlineData(EngineFactory.Ours)]
    [InlineData(EngineFactory.Fts5)]
    public async Task BuildIndexesEveryPassage(string engineName)
    {
        var indexPath = EngineFactory.IndexPath(engineName, Path.Combine(corpus.Folder, "rebuild-" + engineName));
        Directory.CreateDirectory(Path.GetDirectoryName(indexPath) ?? corpus.Folder);
        using var engine = EngineFactory.Create(engineName, new BenchOptions());

        var count = await engine.BuildIndexAsync(corpus.Seeds, indexPath);

        Assert.Equal(SmallCorpusFixture.Passages, count);
        Assert.True(EngineFactory.SizeOnDisk(indexPath) > 0);
    }

    private async Task<IAnswerEngine> OpenAsync(string engineName)
    {
        var engine = EngineFactory.Create(engineName, new BenchOptions());
        await engine.OpenAsync(EngineFactory.IndexPath(engineName, corpus.Folder));
        return engine;
    }
}
