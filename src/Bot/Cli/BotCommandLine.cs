using System.CommandLine;
using Bot.Commands;
using Bot.Formatting;
using Bot.Hosting;
using Bot.Search;
using Bot.Search.Answers;
using Bot.Search.Semantic;

namespace Bot.Cli;

/// <summary>The <c>bot</c> command line: verbs index, ask, search and sources.</summary>
internal static class BotCommandLine
{
    public static RootCommand Create(CliStreams streams)
    {
        var root = new RootCommand("Answers questions from the documents in seeds/ by quoting them, with citations.")
        {
            IndexCommand(streams),
            AskCommand(streams),
            SearchCommand(streams),
            SourcesCommand(streams),
            ServeCommand(streams),
            EvalCommand(streams),
        };
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/> with output going to <paramref name="streams"/>.</summary>
    /// <remarks>
    /// Response files are off: a question that starts with <c>@</c> ("@everyone who leads LEAP?") is a question, as it
    /// is in Discord, not the name of a file of arguments.
    /// </remarks>
    public static Task<int> RunAsync(string[] args, CliStreams streams, CancellationToken cancellationToken = default) =>
        Create(streams)
            .Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null })
            .InvokeAsync(new InvocationConfiguration { Output = streams.Out, Error = streams.Error }, cancellationToken);

    private static Command IndexCommand(CliStreams streams)
    {
        var paths = new CorpusPaths();
        var semantic = SemanticOption();
        var command = new Command("index", "Build the index from the seeds folder (a failed build leaves the previous index serving).") { semantic };
        paths.AddTo(command);
        command.SetAction((parseResult, cancellationToken) =>
        {
            var (seeds, index) = paths.Get(parseResult);
            var embedder = parseResult.GetValue(semantic) ? SharedEmbedder.Get(new StreamLogger(streams.Error)) : null;
            return Task.FromResult(IndexRunner.Prepare(seeds, index, streams, force: true, embedder, cancellationToken) ? 0 : 1);
        });
        return command;
    }

    private static Command AskCommand(CliStreams streams)
    {
        var paths = new CorpusPaths();
        var question = new Argument<string?>("question")
        {
            Description = "The question; without it, one question per line is read from standard input",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per question (one line each)" };
        var semantic = SemanticOption();
        var command = new Command("ask", "Answer a question by quoting the passages that answer it, with citations.") { question, json, semantic };
        paths.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (seeds, index) = paths.Get(parseResult);
            using var engine = OpenEngine(seeds, index, streams, parseResult.GetValue(semantic), cancellationToken);
            if (engine is null)
            {
                return 1;
            }

            var asJson = parseResult.GetValue(json);
            var formatter = new ConsoleAnswerFormatter(streams.OutputIsTerminal);
            if (parseResult.GetValue(question) is { } single)
            {
                await WriteAnswerAsync(Ask(engine, single), asJson, formatter, streams.Out).ConfigureAwait(false);
                return 0;
            }

            var first = true;
            while (await streams.In.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (!asJson && !first)
                {
                    await streams.Out.WriteLineAsync().ConfigureAwait(false);
                }

                first = false;
                await WriteAnswerAsync(Ask(engine, line), asJson, formatter, streams.Out).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    private static Command SearchCommand(CliStreams streams)
    {
        var paths = new CorpusPaths();
        var terms = new Argument<string>("terms") { Description = "What to search for" };
        var count = new Option<int>("--count") { Description = "How many passages to list", DefaultValueFactory = _ => 10 };
        // Search lists the lexical ranking (what matched, and where): the model would only cost its load here.
        var command = new Command("search", "List the passages that best match the terms, ranked, with matches marked.") { terms, count };
        paths.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (seeds, index) = paths.Get(parseResult);
            using var engine = OpenEngine(seeds, index, streams, semantic: false, cancellationToken);
            if (engine is null)
            {
                return 1;
            }

            var page = engine.Search(ChatText.Clean(parseResult.GetRequiredValue(terms)), 0, Math.Clamp(parseResult.GetValue(count), 1, SearchEngine.MaxPageSize));
            var formatter = new ConsoleAnswerFormatter(streams.OutputIsTerminal);
            await streams.Out.WriteLineAsync($"{page.Total} matching passages").ConfigureAwait(false);
            for (var i = 0; i < page.Hits.Count; i++)
            {
                await streams.Out.WriteAsync(formatter.FormatHit(page.Hits[i], page.Offset + i + 1)).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    private static Command SourcesCommand(CliStreams streams)
    {
        var paths = new CorpusPaths();
        var command = new Command("sources", "List the documents the index holds, with their passage counts.");
        paths.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (seeds, index) = paths.Get(parseResult);
            using var engine = OpenEngine(seeds, index, streams, semantic: false, cancellationToken);
            if (engine is null)
            {
                return 1;
            }

            foreach (var document in engine.Sources())
            {
                await streams.Out.WriteAsync(ConsoleAnswerFormatter.FormatSource(document)).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    private static Command EvalCommand(CliStreams streams)
    {
        var paths = new CorpusPaths();
        var folder = new Argument<string>("collection") { Description = "A BEIR-style collection folder (corpus.jsonl, topics*.tsv, qrels*.txt), or a questions .jsonl file asked of the seeds index" };
        var run = new Option<FileInfo?>("--run") { Description = "Also write the ranking in TREC run format (100 per query)" };
        var noSemantic = new Option<bool>("--no-semantic") { Description = "BM25 alone: do not load the sentence-embedding model" };
        var limit = new Option<int?>("--limit") { Description = "Evaluate only the first N judged queries" };
        var cache = new Option<DirectoryInfo?>("--vectors-cache") { Description = "Folder of vectors reused between runs (<collection>.corpus.wp<N>.pvec of title + \" \" + text, <collection>.queries.wp<N>.qvec; N = word-piece cut); missing ones are written there" };
        var askTimings = new Option<int>("--ask-timings") { Description = "Also time 'ask' over the first N queries", DefaultValueFactory = _ => 200 };
        var command = new Command("eval", "Index a test collection with the bot's own code, rank its queries as 'ask' does, and print nDCG@10, Recall@100, MRR@10.")
        {
            folder, run, noSemantic, limit, cache, askTimings,
        };
        paths.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var target = parseResult.GetRequiredValue(folder);
            if (File.Exists(target))
            {
                var (seeds, index) = paths.Get(parseResult);
                using var engine = OpenEngine(seeds, index, streams, !parseResult.GetValue(noSemantic), cancellationToken);
                return engine is null ? 1 : await EvalRunner.RunQuestionsAsync(target, engine, streams, cancellationToken).ConfigureAwait(false);
            }

            return await EvalRunner.RunAsync(
            new EvalRequest(
                Path.GetFullPath(target),
                parseResult.GetValue(run)?.FullName,
                !parseResult.GetValue(noSemantic),
                parseResult.GetValue(limit),
                parseResult.GetValue(cache)?.FullName,
                Math.Max(0, parseResult.GetValue(askTimings))),
            streams,
            cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static Command ServeCommand(CliStreams streams)
    {
        var command = new Command(
            "serve",
            "Run the bot in Discord. Needs a bot token (DISCORD_TOKEN); settings come from appsettings.json, the environment "
            + "and the command line, e.g. --Discord:GuildId=123 --Search:SeedsPath=seeds --Bot:CooldownSeconds=3.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction((parseResult, cancellationToken) =>
            BotHost.RunAsync([.. parseResult.UnmatchedTokens], streams.Error, cancellationToken));
        return command;
    }

    /// <summary>
    /// Off by default, as in <c>serve</c> (<c>Search:Semantic</c>), so the command line gives the answers Discord gives.
    /// On the seed and dev questions the model changes no answer (docs/quality.md) while it costs ~1.5 s to load,
    /// ~450 MB, and tens of passages per second to embed at index time.
    /// </summary>
    private static Option<bool> SemanticOption() =>
        new("--semantic") { Description = "Also re-rank by meaning with the sentence-embedding model (slower to start; needs passage vectors, built by 'index --semantic')" };

    /// <summary>
    /// Builds the index if needed and opens it. With <paramref name="semantic"/>, the model is loaded once (shared)
    /// and passage vectors are built with the index; if the model cannot load, one warning and BM25 alone.
    /// </summary>
    private static SearchEngine? OpenEngine(string seeds, string index, CliStreams streams, bool semantic, CancellationToken cancellationToken)
    {
        var logger = new StreamLogger(streams.Error);
        var embedder = semantic ? SharedEmbedder.Get(logger) : null;
        if (!IndexRunner.Prepare(seeds, index, streams, force: false, embedder, cancellationToken))
        {
            return null;
        }

        try
        {
            return SearchEngine.Open(index, embedder is null ? null : q => embedder.EmbedQuery(q), logger);
        }
        catch (IOException ex)
        {
            streams.Error.WriteLine($"error: {ex.Message}");
            return null;
        }
    }

    /// <summary>
    /// Answers the question as Discord does, chat noise and mentions removed first; the answer keeps the question as
    /// it was given, which <c>--json</c> echoes.
    /// </summary>
    private static Answer Ask(SearchEngine engine, string question) =>
        engine.Ask(ChatText.Clean(question)) with { Question = question };

    private static async Task WriteAnswerAsync(Answer answer, bool asJson, ConsoleAnswerFormatter formatter, TextWriter output)
    {
        if (asJson)
        {
            await output.WriteLineAsync(AskJsonLine.From(answer).ToJson()).ConfigureAwait(false);
        }
        else
        {
            await output.WriteAsync(formatter.Format(answer)).ConfigureAwait(false);
        }

        await output.FlushAsync().ConfigureAwait(false);
    }
}
