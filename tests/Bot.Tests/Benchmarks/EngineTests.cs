using Bot.Benchmarks.Corpus;
using Bot.Benchmarks.Engines;
using Bot.Benchmarks.Harness;

namespace Bot.Tests.Benchmarks;

/// <summary>Both sides of the benchmark do the same job on a small generated corpus, in a temp folder.</summary>
public sealed class EngineTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _seeds;
    private readonly IReadOnlyList<CorpusQuestion> _questions;

    public EngineTests()
    {
        _seeds = Path.Combine(_folder.Path, "seeds");
        var questionsPath = Path.Combine(_folder.Path, "questions.jsonl");
        new CorpusGenerator(Vocabulary.Load(), 11).Generate(_seeds, questionsPath, 300, 30);
        _questions = CorpusQuestion.ReadAll(questionsPath, int.MaxValue);
    }

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(EngineFactory.Ours)]
    [InlineData(EngineFactory.Fts5)]
    public async Task AnswersGeneratedQuestionsWithTheirSourcePassage(string engineName)
    {
        using var engine = await OpenAsync(engineName);
        var hits = 0;

        foreach (var question in _questions)
        {
            var answer = await engine.AnswerAsync(question.Question);
            Assert.InRange(answer.Passages.Count, 1, 3);
            Assert.InRange(answer.Message.Length, 1, DiscordMessage.MaxLength);
            hits += PhaseRunner.IsHit(answer, question) ? 1 : 0;
        }

        Assert.True(hits >= _questions.Count * 9 / 10, $"{hits} of {_questions.Count} questions found their passage");
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
        Assert.Equal(DiscordMessage.NoAnswer, answer.Message);
    }

    [Theory]
    [InlineData(EngineFactory.Ours)]
    [InlineData(EngineFactory.Fts5)]
    public async Task BuildIndexesEveryPassage(string engineName)
    {
        using var engine = EngineFactory.Create(engineName, new BenchOptions());

        var count = await engine.BuildIndexAsync(_seeds, EngineFactory.IndexPath(engineName, _folder.Path));

        Assert.Equal(300, count);
        Assert.True(EngineFactory.SizeOnDisk(EngineFactory.IndexPath(engineName, _folder.Path)) > 0);
    }

    private async Task<IAnswerEngine> OpenAsync(string engineName)
    {
        var indexPath = EngineFactory.IndexPath(engineName, _folder.Path);
        using (var builder = EngineFactory.Create(engineName, new BenchOptions()))
        {
            await builder.BuildIndexAsync(_seeds, indexPath);
        }

        var engine = EngineFactory.Create(engineName, new BenchOptions());
        await engine.OpenAsync(indexPath);
        return engine;
    }
}
