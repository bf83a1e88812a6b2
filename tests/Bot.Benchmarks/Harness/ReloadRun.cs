using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Bot.Embeddings;
using Bot.Hosting;
using Bot.Search;
using Bot.Search.Ingestion;
using Microsoft.Extensions.Logging;

namespace Bot.Benchmarks.Harness;

/// <summary>One added document: how long until a question about it was answered with it, and what the reload did.</summary>
internal sealed record ReloadSample(string File, double Seconds, double? SwitchedSeconds, string Outcome, long? BuildMs, int? Embedded, long? VectorsMs);

/// <summary>The live reindex measured: every added document's sample, and their summary.</summary>
internal sealed record ReloadResult(int Documents, int Passages, double InitialBuildSeconds, LatencySummary SecondsToAnswer, IReadOnlyList<ReloadSample> Samples, double PeakRssMb)
{
    /// <summary>One existing document edited (one passage's text changed): seconds to the new generation, and what was re-embedded.</summary>
    public ReloadSample? Edit { get; init; }
}

/// <summary>
/// A document added to a serving bot, timed until it is answerable. The bot's own reindex path runs as <c>serve</c>
/// runs it: a <see cref="SearchEngine"/> with the embedding model, a <see cref="CorpusReloader"/> and a
/// <see cref="CorpusWatcher"/> on the seeds folder (file watcher, 2 s debounce). Each run writes one new Markdown
/// document into the folder and asks a question about it: once when the engine switches to a new generation, and every
/// second until then, as a member who keeps asking would; the time is from the write to the first answer that quotes
/// the new document.
/// </summary>
internal static class ReloadRun
{
    /// <summary>Name prefix of the documents this measurement adds (removed from the copy before each measurement).</summary>
    public const string AddedPrefix = "bench-added-";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static async Task<int> RunAsync(BenchOptions options, TextWriter output, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(log);
        var source = Path.GetFullPath(options.Reload ?? throw new ArgumentException("--reload is required", nameof(options)));
        if (!Directory.Exists(source))
        {
            log.WriteLine($"reload: {source} does not exist");
            return 1;
        }

        var work = Path.GetFullPath(options.WorkDirectory);
        var seeds = Path.Combine(work, "seeds");
        var index = Path.Combine(work, "index");
        PrepareSeeds(source, seeds, log);

        var sink = new LogSink(log);
        var model = SharedEmbedder.Get(sink.For<SentenceEmbedder>()) ?? throw new InvalidOperationException("the embedding model could not load");
        var builderLogger = sink.For<IndexBuilder>();
        var started = Stopwatch.GetTimestamp();
        var initial = new IndexBuilder(new SeedReaderOptions(), builderLogger) { Embedder = model }.EnsureFresh(seeds, index, cancellationToken: cancellationToken);
        var initialSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reload: index {(initial is null ? "was fresh" : "built")} in {initialSeconds:F1} s"));

        using var engine = SearchEngine.Open(index, model, builderLogger);
        var settings = new SearchSettings { SeedsPath = seeds, IndexPath = index };
        using var reloader = new CorpusReloader(engine, settings, new ServingModel(model), builderLogger, sink.For<CorpusReloader>());
        using var watcher = new CorpusWatcher(reloader, settings, TimeProvider.System, sink.For<CorpusWatcher>());
        await watcher.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A serving bot has answered before: the answer path is compiled and warm.
            for (var i = 0; i < 50; i++)
            {
                engine.Ask(AddedDocument.Create(i).Question);
            }

            var samples = new List<ReloadSample>();
            for (var run = 0; run < options.Runs; run++)
            {
                await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken).ConfigureAwait(false);
                samples.Add(await MeasureOnceAsync(engine, seeds, AddedDocument.Create(1000 + run), sink, log, cancellationToken).ConfigureAwait(false));
            }

            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken).ConfigureAwait(false);
            var edit = await MeasureEditAsync(engine, source, seeds, sink, log, cancellationToken).ConfigureAwait(false);

            var sources = engine.Sources();
            var result = new ReloadResult(
                sources.Count,
                sources.Sum(s => s.PassageCount),
                initialSeconds,
                LatencySummary.From([.. samples.Select(s => s.Seconds)]),
                samples,
                ProcessMemory.Read().PeakRssMb)
            {
                Edit = edit,
            };
            output.Write(FormatTable(result));
            output.WriteLine(JsonSerializer.Serialize(result, HarnessJsonContext.Default.ReloadResult));
            return samples.Append(edit).All(s => s.Outcome != "timeout") ? 0 : 1;
        }
        finally
        {
            await watcher.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    public static string FormatTable(ReloadResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"a document added to a serving bot ({result.Documents:N0} documents, {result.Passages:N0} passages): seconds from writing it to an answer quoting it");
        table.AppendLine("| run | to answer, s | to new generation, s | outcome | rebuild, ms | vectors embedded | vectors, ms |");
        table.AppendLine("|---:|---:|---:|---|---:|---:|---:|");
        for (var i = 0; i < result.Samples.Count; i++)
        {
            var s = result.Samples[i];
            table.AppendLine(CultureInfo.InvariantCulture, $"| {i + 1} | {s.Seconds:F2} | {s.SwitchedSeconds:F2} | {s.Outcome} | {s.BuildMs} | {s.Embedded} | {s.VectorsMs} |");
        }

        if (result.Edit is { } e)
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"| edit | | {e.SwitchedSeconds:F2} | {e.Outcome} | {e.BuildMs} | {e.Embedded} | {e.VectorsMs} |");
        }

        table.AppendLine(CultureInfo.InvariantCulture, $"p50 {result.SecondsToAnswer.P50Ms:F2} s, max {result.SecondsToAnswer.MaxMs:F2} s; peak RSS {result.PeakRssMb:F0} MB");
        return table.ToString();
    }

    /// <summary>A copy of the seeds (made once: the index built from it is reused), without documents earlier runs added.</summary>
    private static void PrepareSeeds(string source, string seeds, TextWriter log)
    {
        if (!Directory.Exists(seeds))
        {
            var started = Stopwatch.GetTimestamp();
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(seeds, Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reload: copied {source} to {seeds} in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s"));
        }

        foreach (var added in Directory.EnumerateFiles(seeds, AddedPrefix + "*"))
        {
            File.Delete(added);
        }
    }

    private static async Task<ReloadSample> MeasureOnceAsync(
        SearchEngine engine, string seeds, AddedDocument document, LogSink sink, TextWriter log, CancellationToken cancellationToken)
    {
        var fileName = document.FileName;
        var before = engine.Generation;
        sink.Clear();
        var written = Stopwatch.GetTimestamp();
        await File.WriteAllTextAsync(Path.Combine(seeds, fileName), document.Markdown, cancellationToken).ConfigureAwait(false);
        double? switchedSeconds = null;
        var generation = before;
        long lastAsked = 0;
        while (Stopwatch.GetElapsedTime(written) < Timeout)
        {
            var now = engine.Generation;
            var changed = now != generation;
            if (changed)
            {
                generation = now;
                switchedSeconds ??= Stopwatch.GetElapsedTime(written).TotalSeconds;
            }

            if (changed || Stopwatch.GetElapsedTime(lastAsked).TotalSeconds >= 1)
            {
                lastAsked = Stopwatch.GetTimestamp();
                var answer = engine.Ask(document.Question);
                if (answer.Quotes.Any(q => q.Source.File.EndsWith(fileName, StringComparison.Ordinal)))
                {
                    var seconds = Stopwatch.GetElapsedTime(written).TotalSeconds;
                    var sample = new ReloadSample(
                        fileName, seconds, switchedSeconds, answer.Outcome.ToString().ToLowerInvariant(),
                        sink.Value<long>("Index generation", "ElapsedMs"), sink.Value<int>("Wrote", "Embedded"), sink.Value<long>("Wrote", "ElapsedMs"));
                    log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reload: {fileName} answered after {seconds:F2} s ({sample.Outcome}; new generation at {switchedSeconds:F2} s)"));
                    return sample;
                }
            }

            await Task.Delay(25, cancellationToken).ConfigureAwait(false);
        }

        log.WriteLine($"reload: {fileName} was not answered within {Timeout.TotalSeconds:F0} s");
        return new ReloadSample(fileName, Timeout.TotalSeconds, switchedSeconds, "timeout", null, null, null);
    }

    /// <summary>
    /// Edits the first document of the copy (its last passage gains a sentence), times the reload to the new generation,
    /// then puts the original back (the next run's start reindexes it, reusing every vector).
    /// </summary>
    private static async Task<ReloadSample> MeasureEditAsync(
        SearchEngine engine, string source, string seeds, LogSink sink, TextWriter log, CancellationToken cancellationToken)
    {
        var file = Directory.EnumerateFiles(seeds)
            .Where(f => SeedReader.IsDocumentFile(f) && !Path.GetFileName(f).StartsWith(AddedPrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .First();
        var name = Path.GetFileName(file);
        var text = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
        var edited = text.TrimEnd() + " This sentence was added to measure a rebuild.\n";
        var before = engine.Generation;
        sink.Clear();
        var written = Stopwatch.GetTimestamp();
        await File.WriteAllTextAsync(file, edited, cancellationToken).ConfigureAwait(false);
        try
        {
            while (Stopwatch.GetElapsedTime(written) < Timeout)
            {
                if (engine.Generation != before)
                {
                    var seconds = Stopwatch.GetElapsedTime(written).TotalSeconds;
                    log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reload: {name} edited, new generation after {seconds:F2} s"));
                    return new ReloadSample(name, seconds, seconds, "edited", sink.Value<long>("Index generation", "ElapsedMs"), sink.Value<int>("Wrote", "Embedded"), sink.Value<long>("Wrote", "ElapsedMs"));
                }

                await Task.Delay(25, cancellationToken).ConfigureAwait(false);
            }

            return new ReloadSample(name, Timeout.TotalSeconds, null, "timeout", null, null, null);
        }
        finally
        {
            var original = Path.Combine(source, Path.GetRelativePath(seeds, file));
            if (File.Exists(original))
            {
                File.Copy(original, file, overwrite: true);
            }
            else
            {
                await File.WriteAllTextAsync(file, text, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Log lines of the bot's reindex, printed with their time, and their structured values kept for the sample.</summary>
    private sealed class LogSink(TextWriter log)
    {
        private readonly Lock _gate = new();
        private readonly List<(string Message, IReadOnlyList<KeyValuePair<string, object?>> Values)> _entries = [];
        private readonly long _start = Stopwatch.GetTimestamp();

        public ILogger<T> For<T>() => new Logger<T>(this);

        public void Clear()
        {
            lock (_gate)
            {
                _entries.Clear();
            }
        }

        /// <summary>The named value of the last entry whose message starts with <paramref name="prefix"/>.</summary>
        public T? Value<T>(string prefix, string name)
            where T : struct
        {
            lock (_gate)
            {
                for (var i = _entries.Count - 1; i >= 0; i--)
                {
                    if (_entries[i].Message.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        var value = _entries[i].Values.FirstOrDefault(v => v.Key == name).Value;
                        return value is null ? null : (T)Convert.ChangeType(value, typeof(T), CultureInfo.InvariantCulture);
                    }
                }
            }

            return null;
        }

        private void Add(LogLevel level, string message, IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            lock (_gate)
            {
                _entries.Add((message, values));
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{Stopwatch.GetElapsedTime(_start).TotalSeconds,8:F2} s] {level}: {message}"));
            }
        }

        private sealed class Logger<T>(LogSink sink) : ILogger<T>
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    sink.Add(logLevel, formatter(state, exception), state as IReadOnlyList<KeyValuePair<string, object?>> ?? []);
                }
            }
        }
    }
}

/// <summary>
/// A short made-up document about a tidal barrier with an invented name, and a question only it answers: each run's
/// name differs, so an answer quoting it cannot come from an earlier run's document or from the corpus.
/// </summary>
internal sealed record AddedDocument(string Name, string FileName, string Markdown, string Question)
{
    private static readonly string[] Onsets = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "gr", "kl", "st", "tr"];
    private static readonly string[] Vowels = ["a", "e", "i", "o", "u", "ai", "ou"];
    private static readonly string[] Codas = ["", "n", "r", "l", "s", "th", "m", "rk"];

    public static AddedDocument Create(int seed)
    {
        var random = new Corpus.SeedRandom((ulong)seed + 0x5EEDUL);
        var name = new StringBuilder();
        for (var i = 0; i < 3; i++)
        {
            name.Append(random.Pick(Onsets)).Append(random.Pick(Vowels)).Append(random.Pick(Codas));
        }

        var place = char.ToUpperInvariant(name[0]) + name.ToString(1, name.Length - 1);
        var year = 1960 + random.Next(60);
        var gates = 5 + random.Next(12);
        var file = string.Create(CultureInfo.InvariantCulture, $"{ReloadRun.AddedPrefix}{seed:D4}-{place.ToLowerInvariant()}.md");
        var markdown = string.Create(
            CultureInfo.InvariantCulture,
            $"""
            ---
            title: The {place} tidal barrier
            publisher: Coastal Works Review
            url: https://coastal-works.example/{place.ToLowerInvariant()}-barrier
            date: 2024-03-0{1 + random.Next(9)}
            ---

            The {place} tidal barrier was completed in {year} to protect the harbour town of {place} from winter storm surges. Its {gates} steel gates close on their own when the sea rises more than two metres above the usual high tide, and the engineers who designed it expect it to last for a century.

            Local fishermen opposed the barrier at first, arguing that it would block the salmon that swim up the {place} estuary every autumn. A fish pass was added to the design after a public inquiry, and the salmon count has risen in most years since the gates were built.

            """);
        return new AddedDocument(place, file, markdown, $"When was the {place} tidal barrier completed?");
    }
}
