using Bot.Embeddings;
using Bot.Formatting;
using Bot.Search;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Benchmarks.Engines;

/// <summary>
/// The bot's own engine: <see cref="IndexBuilder"/>, <see cref="SearchEngine"/> and the Discord formatter; with the
/// model, as <c>serve</c> runs by default (passage vectors written with the index, each question embedded and ranked
/// by meaning and words); without it, as <c>Search:Semantic=false</c> runs (words alone).
/// </summary>
internal sealed class BotEngine(bool withModel = false) : IAnswerEngine
{
    private SearchEngine? _engine;

    public string Name => withModel ? "bot+model" : "bot";

    private static SentenceEmbedder Model() =>
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
            _engine = SearchEngine.Open(indexPath, Model());
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
        var message = DiscordAnswerFormatter.FormatAnswer(answer);
        return ValueTask.FromResult(new EngineAnswer([.. answer.Quotes.Select(q => new AnsweredPassage(q.PassageId, q.Text))], message));
    }

    public void Dispose() => _engine?.Dispose();
}
