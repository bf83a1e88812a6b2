using Bot.Embeddings;
using Bot.Formatting;
using Bot.Search;
using Bot.Search.Semantic;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Benchmarks.Engines;

/// <summary>How the bot's engine is run.</summary>
internal enum BotPath
{
    /// <summary>The default path (<c>Search:Semantic</c> true): the model's passage vectors, each question embedded.</summary>
    Model,

    /// <summary>The default path over <see cref="PseudoVectorEmbedder"/> passage vectors; questions still embedded by the model.</summary>
    PseudoVectors,

    /// <summary>Words alone: <c>Search:Semantic=false</c>, or the fallback when the model cannot load.</summary>
    Words,
}

/// <summary>
/// The bot's own engine: <see cref="IndexBuilder"/>, <see cref="SearchEngine"/> and the Discord formatter. On the
/// default path, as <c>serve</c> and <c>ask</c> run it, passage vectors are written with the index and each question is
/// embedded and ranked by meaning and words; on the words-alone path, as <c>Search:Semantic=false</c> runs, by BM25.
/// </summary>
/// <param name="path">Which path.</param>
/// <param name="modelPassages">With <see cref="BotPath.PseudoVectors"/>: the passage texts the real model embeds.</param>
internal sealed class BotEngine(BotPath path = BotPath.Model, IEnumerable<string>? modelPassages = null) : IAnswerEngine
{
    private SearchEngine? _engine;
    private ITextEmbedder? _embedder;

    public string Name => path switch
    {
        BotPath.Model => "bot+model",
        BotPath.PseudoVectors => "bot+model, pseudo passage vectors",
        _ => "bot, words alone",
    };

    /// <summary>True on the paths that embed questions with the model.</summary>
    public bool HasModel => path != BotPath.Words;

    /// <summary>The embedder builds and answers go through: null on the words-alone path. Loads the model once per process.</summary>
    private ITextEmbedder? Embedder()
    {
        if (path == BotPath.Words)
        {
            return null;
        }

        if (_embedder is null)
        {
            ITextEmbedder model = SharedEmbedder.Get(NullLogger.Instance) ?? throw new InvalidOperationException("the embedding model could not load");
            _embedder = path == BotPath.PseudoVectors ? new PseudoVectorEmbedder(model, modelPassages ?? []) : model;
        }

        return _embedder;
    }

    /// <summary>
    /// A fresh build: the builder keeps the previous generation beside the new one (for readers still on it), which
    /// would double the index size measured, and would let the build reuse the previous build's vectors.
    /// </summary>
    public Task<int> BuildIndexAsync(string seedsDirectory, string indexPath, CancellationToken cancellationToken = default)
    {
        if (Directory.Exists(indexPath))
        {
            Directory.Delete(indexPath, recursive: true);
        }

        var embedder = Embedder();
        var builder = embedder is null ? new IndexBuilder() : new IndexBuilder { Embedder = embedder };
        return Task.FromResult(builder.Build(seedsDirectory, indexPath, cancellationToken: cancellationToken).Passages);
    }

    /// <summary>Passages the real model embedded in this process's build (all of them, or with pseudo vectors the questions' own).</summary>
    public int? ModelEmbedded => _embedder is PseudoVectorEmbedder pseudo ? pseudo.ModelEmbedded : null;

    public Task OpenAsync(string indexPath, CancellationToken cancellationToken = default)
    {
        var embedder = Embedder();
        _engine = embedder is null ? SearchEngine.Open(indexPath) : SearchEngine.Open(indexPath, new TimedEmbedder(embedder));
        if (embedder is not null && !_engine.IsSemantic)
        {
            throw new InvalidOperationException($"{indexPath} has no passage vectors of {embedder.ModelId}: build it with this engine first");
        }

        return Task.CompletedTask;
    }

    /// <summary>Embeds <paramref name="question"/> alone, as the answer path does first (the model's share of an answer).</summary>
    public void EmbedQuestion(string question) => (Embedder() ?? throw new InvalidOperationException("no model on the words-alone path")).EmbedQuery(question);

    public ValueTask<EngineAnswer> AnswerAsync(string question, CancellationToken cancellationToken = default)
    {
        var engine = _engine ?? throw new InvalidOperationException("Open the index first.");
        var answer = engine.Ask(question);
        var message = DiscordAnswerFormatter.FormatAnswer(answer);
        return ValueTask.FromResult(new EngineAnswer([.. answer.Quotes.Select(q => new AnsweredPassage(q.PassageId, q.Text))], message)
        {
            Outcome = answer.Outcome.ToString().ToLowerInvariant(),
        });
    }

    public void Dispose() => _engine?.Dispose();
}
