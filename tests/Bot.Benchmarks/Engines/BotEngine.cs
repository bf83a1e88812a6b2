using Bot.Formatting;
using Bot.Search;

namespace Bot.Benchmarks.Engines;

/// <summary>The bot's own engine: <see cref="IndexBuilder"/>, <see cref="SearchEngine"/> and the Discord formatter.</summary>
internal sealed class BotEngine : IAnswerEngine
{
    private SearchEngine? _engine;

    public string Name => "bot";

    /// <summary>
    /// A fresh build: the builder keeps the previous generation beside the new one (for readers still on it), which
    /// would double the index size measured.
    /// </summary>
    public Task<int> BuildIndexAsync(string seedsDirectory, string indexPath, CancellationToken cancellationToken = default)
    {
        if (Directory.Exists(indexPath))
        {
            Directory.Delete(indexPath, recursive: true);
        }

        return Task.FromResult(new IndexBuilder().Build(seedsDirectory, indexPath, cancellationToken: cancellationToken).Passages);
    }

    public Task OpenAsync(string indexPath, CancellationToken cancellationToken = default)
    {
        _engine = SearchEngine.Open(indexPath);
        return Task.CompletedTask;
    }

    public ValueTask<EngineAnswer> AnswerAsync(string question, CancellationToken cancellationToken = default)
    {
        var engine = _engine ?? throw new InvalidOperationException("Open the index first.");
        var answer = engine.Ask(question);
        var message = answer.Answered
            ? DiscordAnswerFormatter.FormatAnswer(answer)
            : DiscordAnswerFormatter.FormatNoAnswer(answer.Coverage);
        return ValueTask.FromResult(new EngineAnswer([.. answer.Quotes.Select(q => new AnsweredPassage(q.PassageId, q.Text))], message));
    }

    public void Dispose() => _engine?.Dispose();
}
