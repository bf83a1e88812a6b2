using System.Diagnostics;
using System.Text.Json;
using Bot.Benchmarks.Corpus;
using Bot.Benchmarks.Engines;

namespace Bot.Benchmarks.Harness;

/// <summary>
/// Runs one phase in the current process: "build" (index the seeds, timed) or "serve" (open the index, warm up,
/// then answer every question <c>rounds</c> times on one thread for latency and on two threads for throughput).
/// The orchestrator starts each phase in a fresh process so that peak RSS, JIT and GC state belong to that phase only.
/// </summary>
internal static class PhaseRunner
{
    public static async Task<PhaseResult> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var engineName = options.Engine ?? throw new ArgumentException("--engine is required", nameof(options));
        var work = options.WorkDirectory;
        var seeds = Path.Combine(work, "seeds");
        var indexPath = EngineFactory.IndexPath(engineName, options);
        using var engine = EngineFactory.Create(engineName, options);
        return options.Phase switch
        {
            "build" => await BuildAsync(engine, engineName, seeds, indexPath, cancellationToken).ConfigureAwait(false),
            "serve" => await ServeAsync(engine, engineName, options, indexPath, cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentException($"unknown phase '{options.Phase}' (build or serve)", nameof(options)),
        };
    }

    private static async Task<PhaseResult> BuildAsync(
        IAnswerEngine engine, string engineName, string seeds, string indexPath, CancellationToken cancellationToken)
    {
        var seedBytes = new DirectoryInfo(seeds).EnumerateFiles("*.md").Sum(f => f.Length);
        var start = Stopwatch.GetTimestamp();
        var passages = await engine.BuildIndexAsync(seeds, indexPath, cancellationToken).ConfigureAwait(false);
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var memory = ProcessMemory.Read();
        var result = new PhaseResult
        {
            Engine = engineName,
            Phase = "build",
            Passages = passages,
            Seconds = seconds,
            IndexMb = EngineFactory.SizeOnDisk(indexPath) / 1048576.0,
            SeedMb = seedBytes / 1048576.0,
            PeakRssMb = memory.PeakRssMb,
            RssMb = memory.RssMb,
            ModelEmbedded = (engine as BotEngine)?.ModelEmbedded,
        };

        // Kept beside the index, so that a later run can serve this index again (--reuse-index) and still report its build.
        File.WriteAllText(BuildRecordPath(indexPath), JsonSerializer.Serialize(result, HarnessJsonContext.Default.PhaseResult));
        return result;
    }

    /// <summary>Where the build of the index at <paramref name="indexPath"/> left its figures.</summary>
    public static string BuildRecordPath(string indexPath) => Path.TrimEndingDirectorySeparator(indexPath) + ".build.json";

    private static async Task<PhaseResult> ServeAsync(
        IAnswerEngine engine, string engineName, BenchOptions options, string indexPath, CancellationToken cancellationToken)
    {
        var questions = CorpusQuestion.ReadAll(Path.Combine(options.WorkDirectory, CorpusQuestion.FileName), options.Questions);
        if (questions.Count == 0)
        {
            throw new InvalidOperationException("questions.jsonl holds no questions");
        }

        await engine.OpenAsync(indexPath, cancellationToken).ConfigureAwait(false);

        // Warm up for a number of answers and for a minimum time, so that tiered JIT (with dynamic PGO) has
        // recompiled the hot path at tier 1 before anything is measured.
        var warmupStart = Stopwatch.GetTimestamp();
        for (var i = 0; i < options.Warmup || Stopwatch.GetElapsedTime(warmupStart).TotalSeconds < options.WarmupSeconds; i++)
        {
            await engine.AnswerAsync(questions[i % questions.Count].Question, cancellationToken).ConfigureAwait(false);
        }

        var hits = 0;
        var firstRound = new EngineAnswer[questions.Count];
        var total = questions.Count * options.Rounds;
        var oneThread = new double[total];
        var oneThreadCpu = new double[total];
        var model = engine is BotEngine { HasModel: true } ? new double[total] : null;
        int modelCalls = 0, modelTexts = 0, probed = 0;
        long allocated = 0;
        TimedEmbedder.Take();
        var start = Stopwatch.GetTimestamp();
        for (var round = 0; round < options.Rounds; round++)
        {
            for (var i = 0; i < questions.Count; i++)
            {
                var cpu = ThreadCpu.NowMs();
                var bytes = GC.GetAllocatedBytesForCurrentThread();
                var asked = Stopwatch.GetTimestamp();
                var answer = await engine.AnswerAsync(questions[i].Question, cancellationToken).ConfigureAwait(false);
                oneThread[(round * questions.Count) + i] = Stopwatch.GetElapsedTime(asked).TotalMilliseconds;
                oneThreadCpu[(round * questions.Count) + i] = ThreadCpu.NowMs() - cpu;
                allocated += GC.GetAllocatedBytesForCurrentThread() - bytes;
                if (model is not null)
                {
                    var use = TimedEmbedder.Take();
                    model[(round * questions.Count) + i] = use.Milliseconds;
                    modelCalls += use.Calls;
                    modelTexts += use.Texts;
                    probed += use.Calls > 1 ? 1 : 0;
                }

                if (round == 0)
                {
                    firstRound[i] = answer;
                    hits += IsHit(answer, questions[i]) ? 1 : 0;
                }
            }
        }

        var oneThreadSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        if (options.Samples is not null)
        {
            WriteSamples(options.Samples, questions, oneThread.AsSpan(0, questions.Count));
        }

        if (options.Answers is not null)
        {
            WriteAnswers(options.Answers, questions, firstRound);
        }

        // The model's floor under every answer: each question embedded alone, once, on this thread.
        double[]? embedding = null;
        if (engine is BotEngine { HasModel: true } bot)
        {
            embedding = new double[questions.Count];
            for (var i = 0; i < questions.Count; i++)
            {
                var asked = Stopwatch.GetTimestamp();
                bot.EmbedQuestion(questions[i].Question);
                embedding[i] = Stopwatch.GetElapsedTime(asked).TotalMilliseconds;
            }
        }

        // Two threads share the engine (one searcher or one connection per thread), each answering the whole
        // question list rounds/2 times from a different starting point, as two users of one bot would.
        var perThread = Math.Max(1, total / 2);
        var twoThreads = new double[perThread * 2];
        start = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, 2)
            .Select(t => Task.Run(
                () => AnswerManyAsync(engine, questions, t * questions.Count / 2, twoThreads.AsMemory(t * perThread, perThread), cancellationToken),
                cancellationToken))
            .ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        var twoThreadSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

        var memory = ProcessMemory.Read();
        return new PhaseResult
        {
            Engine = engine.Name,
            Phase = "serve",
            Passages = options.Passages,
            Seconds = oneThreadSeconds + twoThreadSeconds,
            OneThread = LatencySummary.From(oneThread),
            OneThreadCpu = LatencySummary.From(oneThreadCpu),
            AllocatedKbPerAnswer = allocated / 1024.0 / total,
            TwoThreads = LatencySummary.From(twoThreads),
            OneThreadQps = total / oneThreadSeconds,
            TwoThreadQps = twoThreads.Length / twoThreadSeconds,
            HitAt3 = (double)hits / questions.Count,
            PeakRssMb = memory.PeakRssMb,
            RssMb = memory.RssMb,
            IndexMb = EngineFactory.SizeOnDisk(indexPath) / 1048576.0,
            Outcomes = firstRound.GroupBy(a => a.Outcome, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            ModelPerAnswer = model is null ? null : LatencySummary.From(model),
            ModelCallsPerAnswer = (double)modelCalls / total,
            ModelTextsPerAnswer = (double)modelTexts / total,
            ProbedShare = (double)probed / total,
            QueryEmbedding = embedding is null ? null : LatencySummary.From(embedding),
        };
    }

    private static async Task AnswerManyAsync(
        IAnswerEngine engine, IReadOnlyList<CorpusQuestion> questions, int offset, Memory<double> samples, CancellationToken cancellationToken)
    {
        for (var i = 0; i < samples.Length; i++)
        {
            var asked = Stopwatch.GetTimestamp();
            await engine.AnswerAsync(questions[(offset + i) % questions.Count].Question, cancellationToken).ConfigureAwait(false);
            samples.Span[i] = Stopwatch.GetElapsedTime(asked).TotalMilliseconds;
        }
    }

    private static void WriteSamples(string path, IReadOnlyList<CorpusQuestion> questions, ReadOnlySpan<double> latenciesMs)
    {
        using var writer = new StreamWriter(path) { NewLine = "\n" };
        writer.WriteLine("id,ms,question");
        for (var i = 0; i < latenciesMs.Length; i++)
        {
            writer.WriteLine(string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"{questions[i].Id},{latenciesMs[i]:F4},\"{questions[i].Question.Replace("\"", "\"\"", StringComparison.Ordinal)}\""));
        }
    }

    /// <summary>Each first-round answer (passage ids in order and the whole message), one JSON object a line, to diff two builds.</summary>
    private static void WriteAnswers(string path, IReadOnlyList<CorpusQuestion> questions, EngineAnswer[] answers)
    {
        using var writer = new StreamWriter(path) { NewLine = "\n" };
        for (var i = 0; i < answers.Length; i++)
        {
            writer.WriteLine(JsonSerializer.Serialize(new
            {
                id = questions[i].Id,
                passages = answers[i].Passages.Select(p => p.Id).ToArray(),
                message = answers[i].Message,
            }));
        }
    }

    /// <summary>The source passage is quoted: same id, or same text (whatever id scheme the engine uses).</summary>
    public static bool IsHit(EngineAnswer answer, CorpusQuestion question)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(question);
        return answer.Passages.Any(p =>
            string.Equals(p.Id, question.PassageId, StringComparison.Ordinal) ||
            string.Equals(p.Text.Trim(), question.Passage.Trim(), StringComparison.Ordinal));
    }
}
