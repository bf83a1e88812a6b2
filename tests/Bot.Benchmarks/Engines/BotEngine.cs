using Bot.Formatting;
using Bot.Search;
using Bot.Search.Semantic;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Benchmarks.Engines;

/// <summary>
/// The bot's own engine: <see cref="IndexBuilder"/>, <see cref="SearchEngine"/> and the Discord formatter; with the
/// model, as <c>serve</c> runs with <c>Search:Semantic=true</c> (passage vectors written with the index, each question
/// embedded and its BM25 candidates re-ranked).
/// </summary>
internal sealed class BotEngine(bool withModel = false) : IAnswerEngine
{
    private SearchEngine? _engine;

    public string Name => withModel ? "bot+model" : "bot";

    private static PassageEmbedder Model() =>
        SharedEmbedder.Get(NullLogger.Instance) ?? throw new InvalidOperationException("the embedding model could not load");

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

        var builder = withModel ? new IndexBuilder { Embedder = Model() } : new IndexBuilder();
        return Task.FromResult(builder.Build(seedsDirectory, indexPath, cancellationToken: cancellationToken).Passages);
    }

    public Task OpenAsync(string indexPath, CancellationToken cancellationToken = default)
    {
        if (withModel)
        {
            var model = Model();
            _engine = SearchEngine.Open(indexPath, question => model.EmbedQuery(question));
        }
        else
        {
            _engine = SearchEngine.Open(indexPath);
        }

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
