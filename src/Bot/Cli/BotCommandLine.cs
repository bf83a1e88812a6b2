using System.CommandLine;
using Bot.Commands;
using Bot.Formatting;
using Bot.Hosting;
using Bot.Search;
using Bot.Embeddings;
using Bot.Search.Answers;
using Bot.Search.Citations;
using Bot.Sources;

namespace Bot.Cli;

/// <summary>The <c>bot</c> command line: verbs index, ask, search, cite, sources, add, remove, serve and eval.</summary>
internal static class BotCommandLine
{
    public static RootCommand Create(CliStreams streams)
    {
        var root = new RootCommand("Answers questions from the documents in seeds/ by quoting them, with citations.")
        {
            IndexCommand(streams),
            AskCommand(streams),
            SearchCommand(streams),
            CiteCommand(streams),
            SourcesCommand(streams),
            AddCommand(streams),
            RemoveCommand(streams),
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
        var wordsOnly = WordsOnlyOption();
        var command = new Command("index", "Build the index from the seeds folder (a failed build leaves the previous index serving).") { wordsOnly };
        paths.AddTo(command);
        command.SetAction((parseResult, cancellationToken) =>
        {
            var (seeds, index) = paths.Get(parseResult);
            var embedder = parseResult.GetValue(wordsOnly) ? null : SharedEmbedder.Get(new StreamLogger(streams.Error));
            return Task.FromResult(IndexRunner.Prepare(seeds, index, streams, force: true, paths.IsVerbose(parseResult), embedder, cancellationToken) ? 0 : 1);
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
        var cite = new Option<string?>("--cite") { Description = "Also cite each quote in this style: card, mla, apa or chicago (a card's tag is the question)" };
        var wordsOnly = WordsOnlyOption();
        var command = new Command("ask", "Answer a question by quoting the passages that answer it, with citations.") { question, json, cite, wordsOnly };
        paths.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            CitationStyle? citeStyle = null;
            if (parseResult.GetValue(cite) is { } styleName)
            {
                if (!CitationFormatter.TryParseStyle(styleName, out var parsed))
                {
                    await streams.Error.WriteLineAsync(UnknownStyle(styleName)).ConfigureAwait(false);
                    return 1;
                }

                citeStyle = parsed;
            }

            var (seeds, index) = paths.Get(parseResult);
            using var engine = OpenEngine(seeds, index, paths.IsVerbose(parseResult), streams, !parseResult.GetValue(wordsOnly), cancellationToken);
            if (engine is null)
            {
                return 1;
            }

            var asJson = parseResult.GetValue(json);
            var formatter = new ConsoleAnswerFormatter(streams.OutputIsTerminal);
            if (parseResult.GetValue(question) is { } single)
            {
                await WriteAnswerAsync(Ask(engine, single), asJson, formatter, streams.Out, citeStyle).ConfigureAwait(false);
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
                await WriteAnswerAsync(Ask(engine, line), asJson, formatter, streams.Out, citeStyle).ConfigureAwait(false);
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
        var wordsOnly = WordsOnlyOption();
        var command = new Command("search", "List the passages that best match the terms, ranked as 'ask' ranks them, with matches marked.") { terms, count, wordsOnly };
        paths.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (seeds, index) = paths.Get(parseResult);
            using var engine = OpenEngine(seeds, index, paths.IsVerbose(parseResult), streams, !parseResult.GetValue(wordsOnly), cancellationToken);
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

    private static Command CiteCommand(CliStreams streams)
    {
        var paths = new CorpusPaths();
        var ids = new Argument<string[]>("passage-id")
        {
            Description = "Passage ids as 'search' and 'ask --json' list them (<file>#<paragraph>)",
            Arity = ArgumentArity.OneOrMore,
        };
        var style = new Option<string>("--style") { Description = "card, mla, apa or chicago", DefaultValueFactory = _ => "card" };
        var question = new Option<string?>("--question") { Description = "The question or claim the passages answer: a card's tag, and what its underline and bold words answer" };
        var docx = new Option<FileInfo?>("--docx") { Description = "Also write the passages as debate cards to this Word file (Verbatim's styles, MLA entries at the end)" };
        var wordsOnly = WordsOnlyOption();
        var command = new Command("cite", "Print the citations of passages in a style, or write them as a Word file of debate cards.") { ids, style, question, docx, wordsOnly };
        paths.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (!CitationFormatter.TryParseStyle(parseResult.GetValue(style), out var citationStyle))
            {
                await streams.Error.WriteLineAsync(UnknownStyle(parseResult.GetValue(style) ?? string.Empty)).ConfigureAwait(false);
                return 1;
            }

            var (seeds, index) = paths.Get(parseResult);
            using var engine = OpenEngine(seeds, index, paths.IsVerbose(parseResult), streams, !parseResult.GetValue(wordsOnly), cancellationToken);
            if (engine is null)
            {
                return 1;
            }

            var text = parseResult.GetValue(question) is { } asked ? ChatText.Clean(asked) : null;
            var quotes = new List<Quote>();
            foreach (var id in parseResult.GetRequiredValue(ids))
            {
                if (engine.GetPassage(id, text) is not { } quote)
                {
                    await streams.Error.WriteLineAsync($"error: no passage has the id '{id}'. Ids look like '<file>#<paragraph>' (for example {(engine.Suggest(string.Empty, 1) is [var first, ..] ? first.PassageId : "article.txt#1")}); 'bot search' and 'bot ask --json' list them.").ConfigureAwait(false);
                    return 1;
                }

                quotes.Add(quote);
            }

            for (var i = 0; i < quotes.Count; i++)
            {
                if (i > 0)
                {
                    await streams.Out.WriteLineAsync().ConfigureAwait(false);
                }

                await streams.Out.WriteLineAsync(CitationText.Render(CitationFormatter.Format(citationStyle, quotes[i], text))).ConfigureAwait(false);
            }

            if (parseResult.GetValue(docx) is { } file)
            {
                var bytes = CardDocument.Build(
                    "Cards from the debate sources",
                    text,
                    [.. quotes.Select(q => CitationFormatter.Format(CitationStyle.Card, q, text))],
                    [.. quotes.Select(q => CitationFormatter.Format(CitationStyle.Mla, q))]);
                try
                {
                    await File.WriteAllBytesAsync(file.FullName, bytes, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    await streams.Error.WriteLineAsync($"error: cannot write {file.FullName}: {ex.Message}").ConfigureAwait(false);
                    return 1;
                }

                await streams.Error.WriteLineAsync($"wrote {quotes.Count} {(quotes.Count == 1 ? "card" : "cards")} to {file.FullName}").ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    private static string UnknownStyle(string name) =>
        $"error: unknown citation style '{name}'; use one of: {string.Join(", ", CitationFormatter.StyleNames)}";

    private static Command SourcesCommand(CliStreams streams)
    {
        var paths = new CorpusPaths();
        var wordsOnly = WordsOnlyOption();
        var command = new Command("sources", "List the documents the index holds, with their passage counts.") { wordsOnly };
        paths.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (seeds, index) = paths.Get(parseResult);
            using var engine = OpenEngine(seeds, index, paths.IsVerbose(parseResult), streams, !parseResult.GetValue(wordsOnly), cancellationToken);
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

    private static Command AddCommand(CliStreams streams)
    {
        var paths = new CorpusPaths();
        var sources = new Argument<string[]>("file-or-url")
        {
            Description = "Documents to add: PDF, Word .docx, web page (.html), Markdown or text files, or http(s) links to fetch",
            Arity = ArgumentArity.OneOrMore,
        };
        var title = new Option<string?>("--title") { Description = "The title (wins over the one the document states)" };
        var author = new Option<string?>("--author") { Description = "The authors, separated by ';'" };
        var date = new Option<string?>("--date") { Description = "The publication date, YYYY-MM-DD or YYYY-MM" };
        var publisher = new Option<string?>("--publisher") { Description = "The publisher" };
        var url = new Option<string?>("--url") { Description = "The document's canonical link" };
        var replace = new Option<bool>("--replace") { Description = "Replace the source when the same file or link is already one" };
        var allowPrivate = new Option<bool>("--allow-private-networks") { Description = "Fetch links to private, loopback and link-local addresses (Sources:AllowPrivateNetworks)" };
        var wordsOnly = WordsOnlyOption();
        var command = new Command("add", "Check, extract and store documents in the seeds folder (metadata in each one's .meta sidecar), then rebuild the index.")
        {
            sources, title, author, date, publisher, url, replace, allowPrivate, wordsOnly,
        };
        paths.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => SourceCommands.AddAsync(
            new SourceCommands.AddRequest(
                parseResult.GetRequiredValue(sources),
                parseResult.GetValue(title),
                parseResult.GetValue(author),
                parseResult.GetValue(date),
                parseResult.GetValue(publisher),
                parseResult.GetValue(url),
                parseResult.GetValue(replace),
                new SourcesOptions { AllowPrivateNetworks = parseResult.GetValue(allowPrivate) }),
            paths.Get(parseResult),
            paths.IsVerbose(parseResult),
            parseResult.GetValue(wordsOnly),
            streams,
            cancellationToken));
        return command;
    }

    private static Command RemoveCommand(CliStreams streams)
    {
        var paths = new CorpusPaths();
        var files = new Argument<string[]>("file")
        {
            Description = "Documents to remove, named as 'bot sources' lists them (a file in the seeds folder)",
            Arity = ArgumentArity.OneOrMore,
        };
        var wordsOnly = WordsOnlyOption();
        var command = new Command("remove", "Remove documents (and their .meta sidecars) from the seeds folder, then rebuild the index.") { files, wordsOnly };
        paths.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => SourceCommands.RemoveAsync(
            parseResult.GetRequiredValue(files),
            paths.Get(parseResult),
            paths.IsVerbose(parseResult),
            parseResult.GetValue(wordsOnly),
            streams,
            cancellationToken));
        return command;
    }

    private static Command EvalCommand(CliStreams streams)
    {
        var paths = new CorpusPaths();
        var folder = new Argument<string>("collection") { Description = "A BEIR-style collection folder (corpus.jsonl, topics*.tsv, qrels*.txt), or a questions .jsonl file asked of the seeds index" };
        var run = new Option<FileInfo?>("--run") { Description = "Also write the ranking in TREC run format (100 per query)" };
        var noSemantic = WordsOnlyOption();
        var limit = new Option<int?>("--limit") { Description = "Evaluate only the first N judged queries" };
        var cache = new Option<DirectoryInfo?>("--vectors-cache") { Description = "Folder of vectors reused between runs (<collection>.corpus.pvec and <collection>.queries.qvec, found by the model and the text embedded); missing ones are written there" };
        var askTimings = new Option<int>("--ask-timings") { Description = "Also time 'ask' over the first N queries", DefaultValueFactory = _ => 200 };
        var dump = new Option<FileInfo?>("--dump") { Description = "With a questions file: also write one JSON line per question with its outcome and signals" };
        var command = new Command("eval", "Index a test collection with the bot's own code, rank its queries as 'ask' does, and print nDCG@10, Recall@100, MRR@10; or score a questions file by kind.")
        {
            folder, run, noSemantic, limit, cache, askTimings, dump,
        };
        paths.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var target = parseResult.GetRequiredValue(folder);
            if (File.Exists(target))
            {
                var (seeds, index) = paths.Get(parseResult);
                using var engine = OpenEngine(seeds, index, paths.IsVerbose(parseResult), streams, !parseResult.GetValue(noSemantic), cancellationToken);
                return engine is null ? 1 : await EvalRunner.RunQuestionsAsync(target, engine, streams, parseResult.GetValue(dump)?.FullName, cancellationToken).ConfigureAwait(false);
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
    /// The sentence-embedding model is on by default, as in <c>serve</c>, so that the command line gives the answers
    /// Discord gives; this turns it off (faster to start, answers by shared words only).
    /// </summary>
    private static Option<bool> WordsOnlyOption() =>
        new("--no-semantic") { Description = "Find passages by their words alone: do not load the sentence-embedding model" };

    /// <summary>
    /// Builds the index if needed and opens it. With <paramref name="semantic"/>, the model is loaded once (shared)
    /// and passage vectors are built with the index; if the model cannot load, one warning and words alone.
    /// </summary>
    private static SearchEngine? OpenEngine(string seeds, string index, bool verbose, CliStreams streams, bool semantic, CancellationToken cancellationToken)
    {
        var logger = new StreamLogger(streams.Error);
        var embedder = semantic ? SharedEmbedder.Get(logger) : null;
        if (!IndexRunner.Prepare(seeds, index, streams, force: false, verbose, embedder, cancellationToken))
        {
            return null;
        }

        try
        {
            return SearchEngine.Open(index, embedder, logger);
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

    private static async Task WriteAnswerAsync(Answer answer, bool asJson, ConsoleAnswerFormatter formatter, TextWriter output, CitationStyle? citeStyle)
    {
        Func<Quote, string>? cite = citeStyle is { } style
            ? quote => CitationText.Render(CitationFormatter.Format(style, quote, answer.Question))
            : null;
        if (asJson)
        {
            await output.WriteLineAsync(AskJsonLine.From(answer, cite).ToJson()).ConfigureAwait(false);
        }
        else
        {
            await output.WriteAsync(formatter.Format(answer, cite)).ConfigureAwait(false);
        }

        await output.FlushAsync().ConfigureAwait(false);
    }
}
