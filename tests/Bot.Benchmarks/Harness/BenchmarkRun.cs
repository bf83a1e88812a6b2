using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Bot.Benchmarks.Corpus;

namespace Bot.Benchmarks.Harness;

/// <summary>
/// The whole benchmark: make (or reuse) the corpus, then build and serve each engine in its own child process, and
/// print a table with ours / FTS5 ratios followed by the one-line JSON summary.
/// </summary>
internal static class BenchmarkRun
{
    public static CorpusManifest EnsureCorpus(BenchOptions options, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var work = options.WorkDirectory;
        var manifestPath = Path.Combine(work, CorpusManifest.FileName);
        var existing = CorpusManifest.TryLoad(manifestPath);
        if (existing is not null && existing.GeneratorVersion == CorpusGenerator.GeneratorVersion &&
            existing.Seed == options.Seed && existing.Passages == options.Passages && existing.Questions >= options.Questions)
        {
            log.WriteLine($"corpus: reusing {work} ({existing.Documents:N0} documents)");
            return existing;
        }

        var seeds = Path.Combine(work, "seeds");
        if (Directory.Exists(seeds))
        {
            Directory.Delete(seeds, recursive: true);
        }

        Directory.CreateDirectory(work);
        File.Delete(manifestPath);
        foreach (var record in Directory.EnumerateFiles(work, "*.build.json"))
        {
            // Builds of the corpus being replaced: --reuse-index must not serve them.
            File.Delete(record);
        }

        var start = Stopwatch.GetTimestamp();
        var manifest = new CorpusGenerator(Vocabulary.Load(), options.Seed)
            .Generate(seeds, Path.Combine(work, CorpusQuestion.FileName), options.Passages, options.Questions);
        manifest.Save(manifestPath);
        log.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"corpus: {manifest.Passages:N0} passages in {manifest.Documents:N0} documents, {manifest.Bytes / 1048576.0:F1} MB, {manifest.Questions:N0} questions, generated in {Stopwatch.GetElapsedTime(start).TotalSeconds:F1} s into {work}"));
        return manifest;
    }

    public static async Task<int> RunAsync(BenchOptions options, TextWriter output, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        EnsureCorpus(options, log);

        // Builds alternate between the engines, so that a slow minute of the machine falls on both. With the model's
        // own passage vectors the bot's build is embedding for most of its time (an hour at 100k), so it is built once.
        var engines = options.Words ? new[] { EngineFactory.Ours, EngineFactory.Fts5, EngineFactory.OursWords } : [EngineFactory.Ours, EngineFactory.Fts5];
        var builds = engines.ToDictionary(e => e, _ => new List<PhaseResult>(), StringComparer.Ordinal);
        var reused = new HashSet<string>(StringComparer.Ordinal);
        foreach (var engine in engines)
        {
            if (options.ReuseIndex && TryReadBuild(EngineFactory.IndexPath(engine, options)) is { } record)
            {
                log.WriteLine($"build {engine}: reusing {EngineFactory.IndexPath(engine, options)} (built in {record.Seconds:F1} s)");
                builds[engine].Add(record);
                reused.Add(engine);
            }
        }

        for (var i = 0; i < options.Builds; i++)
        {
            foreach (var engine in engines)
            {
                var once = engine == EngineFactory.Ours && !options.PseudoVectors;
                if (reused.Contains(engine) || (once && builds[engine].Count > 0))
                {
                    continue;
                }

                builds[engine].Add(await RunChildAsync(options, "build", engine, log, cancellationToken).ConfigureAwait(false));
            }
        }

        var oursBuild = MedianBuild(builds[EngineFactory.Ours]);
        var fts5Build = MedianBuild(builds[EngineFactory.Fts5]);
        var oursServe = await RunChildAsync(options, "serve", EngineFactory.Ours, log, cancellationToken).ConfigureAwait(false);
        var fts5Serve = await RunChildAsync(options, "serve", EngineFactory.Fts5, log, cancellationToken).ConfigureAwait(false);
        PhaseResult? wordsBuild = null, wordsServe = null;
        if (options.Words)
        {
            wordsBuild = MedianBuild(builds[EngineFactory.OursWords]);
            wordsServe = await RunChildAsync(options, "serve", EngineFactory.OursWords, log, cancellationToken).ConfigureAwait(false);
        }

        output.Write(FormatTable(options, oursBuild, fts5Build, oursServe, fts5Serve, builds[EngineFactory.Ours].Count, builds[EngineFactory.Fts5].Count));
        if (wordsBuild is not null && wordsServe is not null)
        {
            output.Write(FormatWordsTable(oursBuild, oursServe, wordsBuild, wordsServe));
        }

        output.WriteLine(FormatJson(options, oursBuild, fts5Build, oursServe, fts5Serve, wordsBuild, wordsServe));
        return 0;
    }

    /// <summary>The build record a build phase left beside its index, when the index is there too.</summary>
    public static PhaseResult? TryReadBuild(string indexPath)
    {
        var record = PhaseRunner.BuildRecordPath(indexPath);
        if (!File.Exists(record) || !(Directory.Exists(indexPath) || File.Exists(indexPath)))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(record), HarnessJsonContext.Default.PhaseResult);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The build of median duration (of an even number, the slower of the middle two).</summary>
    public static PhaseResult MedianBuild(IReadOnlyList<PhaseResult> builds)
    {
        ArgumentNullException.ThrowIfNull(builds);
        ArgumentOutOfRangeException.ThrowIfZero(builds.Count);
        return builds.OrderBy(b => b.Seconds).ElementAt(builds.Count / 2);
    }

    /// <summary>The bot's default path (with the model) beside the bot by words alone (ratio default / words).</summary>
    public static string FormatWordsTable(PhaseResult oursBuild, PhaseResult oursServe, PhaseResult wordsBuild, PhaseResult wordsServe)
    {
        ArgumentNullException.ThrowIfNull(oursBuild);
        ArgumentNullException.ThrowIfNull(oursServe);
        ArgumentNullException.ThrowIfNull(wordsBuild);
        ArgumentNullException.ThrowIfNull(wordsServe);
        var ours1 = oursServe.OneThread ?? throw new ArgumentException("serve result without latencies", nameof(oursServe));
        var words1 = wordsServe.OneThread ?? throw new ArgumentException("serve result without latencies", nameof(wordsServe));
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"the default path ({oursServe.Engine}) beside words alone ({wordsServe.Engine})");
        table.AppendLine("| figure | default | words alone | default/words | better |");
        table.AppendLine("|---|---:|---:|---:|---|");
        Row(table, "index build, passages/s", oursBuild.Passages / oursBuild.Seconds, wordsBuild.Passages / wordsBuild.Seconds, "F0", higherIsBetter: true);
        Row(table, "index size, MB", oursBuild.IndexMb, wordsBuild.IndexMb, "F1", higherIsBetter: false);
        Row(table, "answer p50, ms (1 thread)", ours1.P50Ms, words1.P50Ms, "F3", higherIsBetter: false);
        Row(table, "answer p99, ms (1 thread)", ours1.P99Ms, words1.P99Ms, "F3", higherIsBetter: false);
        Row(table, "answer CPU mean, ms (1 thread)", oursServe.OneThreadCpu?.MeanMs ?? 0, wordsServe.OneThreadCpu?.MeanMs ?? 0, "F3", higherIsBetter: false);
        Row(table, "answers/s, 2 threads", oursServe.TwoThreadQps, wordsServe.TwoThreadQps, "F0", higherIsBetter: true);
        Row(table, "answer p99, ms (2 threads)", oursServe.TwoThreads?.P99Ms ?? 0, wordsServe.TwoThreads?.P99Ms ?? 0, "F3", higherIsBetter: false);
        Row(table, "source passage in top 3", oursServe.HitAt3, wordsServe.HitAt3, "P1", higherIsBetter: true);
        Row(table, "answered (first round)", Share(oursServe, "answered"), Share(wordsServe, "answered"), "P1", higherIsBetter: true);
        Row(table, "peak RSS serving, MB (VmHWM)", oursServe.PeakRssMb, wordsServe.PeakRssMb, "F0", higherIsBetter: false);
        return table.ToString();
    }

    /// <summary>Share of the first round's answers with <paramref name="outcome"/>.</summary>
    public static double Share(PhaseResult serve, string outcome)
    {
        ArgumentNullException.ThrowIfNull(serve);
        var total = serve.Outcomes?.Values.Sum() ?? 0;
        return total == 0 ? 0 : (double)serve.Outcomes!.GetValueOrDefault(outcome) / total;
    }

    public static string FormatTable(
        BenchOptions options, PhaseResult oursBuild, PhaseResult fts5Build, PhaseResult oursServe, PhaseResult fts5Serve, int oursBuilds = 1, int fts5Builds = 1)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(oursBuild);
        ArgumentNullException.ThrowIfNull(fts5Build);
        ArgumentNullException.ThrowIfNull(oursServe);
        ArgumentNullException.ThrowIfNull(fts5Serve);
        var ours1 = oursServe.OneThread ?? throw new ArgumentException("serve result without latencies", nameof(oursServe));
        var fts1 = fts5Serve.OneThread ?? throw new ArgumentException("serve result without latencies", nameof(fts5Serve));
        var ours2 = oursServe.TwoThreads ?? ours1;
        var fts2 = fts5Serve.TwoThreads ?? fts1;
        var table = new StringBuilder();
        table.AppendLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{options.Passages:N0} passages, {options.Questions:N0} questions x {options.Rounds} rounds after {options.Warmup:N0} warm-up answers; builds: the median of {oursBuilds} (ours) and {fts5Builds} (FTS5); ours = {oursServe.Engine}, peer = {fts5Serve.Engine}"));
        table.AppendLine("| figure | ours | FTS5 | ours/FTS5 | better |");
        table.AppendLine("|---|---:|---:|---:|---|");
        Row(table, "index build, passages/s", oursBuild.Passages / oursBuild.Seconds, fts5Build.Passages / fts5Build.Seconds, "F0", higherIsBetter: true);
        Row(table, "index build, MB/s of seed text", oursBuild.SeedMb / oursBuild.Seconds, fts5Build.SeedMb / fts5Build.Seconds, "F2", higherIsBetter: true);
        Row(table, "index build, s", oursBuild.Seconds, fts5Build.Seconds, "F2", higherIsBetter: false);
        Row(table, "index size, MB", oursBuild.IndexMb, fts5Build.IndexMb, "F1", higherIsBetter: false);
        Row(table, "answer p50, ms (1 thread)", ours1.P50Ms, fts1.P50Ms, "F3", higherIsBetter: false);
        Row(table, "answer p90, ms (1 thread)", ours1.P90Ms, fts1.P90Ms, "F3", higherIsBetter: false);
        Row(table, "answer p99, ms (1 thread)", ours1.P99Ms, fts1.P99Ms, "F3", higherIsBetter: false);
        Row(table, "answer max, ms (1 thread)", ours1.MaxMs, fts1.MaxMs, "F3", higherIsBetter: false);
        Row(table, "answer CPU mean, ms (1 thread)", oursServe.OneThreadCpu?.MeanMs ?? 0, fts5Serve.OneThreadCpu?.MeanMs ?? 0, "F3", higherIsBetter: false);
        Row(table, "answer CPU p99, ms (1 thread)", oursServe.OneThreadCpu?.P99Ms ?? 0, fts5Serve.OneThreadCpu?.P99Ms ?? 0, "F3", higherIsBetter: false);
        Row(table, "allocated per answer, KiB", oursServe.AllocatedKbPerAnswer, fts5Serve.AllocatedKbPerAnswer, "F1", higherIsBetter: false);
        Row(table, "answers/s, 1 thread", oursServe.OneThreadQps, fts5Serve.OneThreadQps, "F0", higherIsBetter: true);
        Row(table, "answers/s, 2 threads", oursServe.TwoThreadQps, fts5Serve.TwoThreadQps, "F0", higherIsBetter: true);
        Row(table, "answer p99, ms (2 threads)", ours2.P99Ms, fts2.P99Ms, "F3", higherIsBetter: false);
        Row(table, "source passage in top 3", oursServe.HitAt3, fts5Serve.HitAt3, "P1", higherIsBetter: true);
        Row(table, "peak RSS serving, MB (VmHWM)", oursServe.PeakRssMb, fts5Serve.PeakRssMb, "F0", higherIsBetter: false);
        Row(table, "RSS after serving, MB (VmRSS)", oursServe.RssMb, fts5Serve.RssMb, "F0", higherIsBetter: false);
        Row(table, "peak RSS building, MB (VmHWM)", oursBuild.PeakRssMb, fts5Build.PeakRssMb, "F0", higherIsBetter: false);
        foreach (var outcome in new[] { "answered", "related", "declined" })
        {
            Row(table, $"{outcome} (first round)", Share(oursServe, outcome), Share(fts5Serve, outcome), "P1", higherIsBetter: outcome == "answered");
        }

        if (oursServe.ModelPerAnswer is { } model)
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"the model inside ours' answers (1 thread): {model.MeanMs:F3} ms mean, p50 {model.P50Ms:F3}, p99 {model.P99Ms:F3}; {oursServe.ModelCallsPerAnswer:F2} calls and {oursServe.ModelTextsPerAnswer:F2} texts per answer; {oursServe.ProbedShare:P1} of answers probe the question's missing words");
        }

        if (oursServe.QueryEmbedding is { } embedding)
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"one question embedded alone: p50 {embedding.P50Ms:F3} ms, p99 {embedding.P99Ms:F3}, max {embedding.MaxMs:F3}");
        }

        if (oursBuild.ModelEmbedded is { } embedded)
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"pseudo-random passage vectors except {embedded:N0} passages the model embedded (the questions' own)");
        }

        return table.ToString();
    }

    /// <summary>The last line: the issue's keys first, in its order, then extra keys.</summary>
    public static string FormatJson(
        BenchOptions options, PhaseResult oursBuild, PhaseResult fts5Build, PhaseResult oursServe, PhaseResult fts5Serve,
        PhaseResult? wordsBuild = null, PhaseResult? wordsServe = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(oursBuild);
        ArgumentNullException.ThrowIfNull(fts5Build);
        ArgumentNullException.ThrowIfNull(oursServe);
        ArgumentNullException.ThrowIfNull(fts5Serve);
        var ours1 = oursServe.OneThread ?? new LatencySummary(0, 0, 0, 0, 0, 0);
        var fts1 = fts5Serve.OneThread ?? new LatencySummary(0, 0, 0, 0, 0, 0);
        (string Key, object Value)[] fields =
        [
            ("passages", options.Passages),
            ("index_passages_per_s", Math.Round(oursBuild.Passages / oursBuild.Seconds, 0)),
            ("index_mb", Math.Round(oursBuild.IndexMb, 1)),
            ("answer_p50_ms", Math.Round(ours1.P50Ms, 3)),
            ("answer_p99_ms", Math.Round(ours1.P99Ms, 3)),
            ("answer_2t_qps", Math.Round(oursServe.TwoThreadQps, 0)),
            ("fts5_p50_ms", Math.Round(fts1.P50Ms, 3)),
            ("fts5_p99_ms", Math.Round(fts1.P99Ms, 3)),
            ("rss_mb", Math.Round(oursServe.PeakRssMb, 0)),
            ("engine", oursServe.Engine),
            ("questions", options.Questions),
            ("rounds", options.Rounds),
            ("seed", options.Seed),
            ("builds", options.Builds),
            ("index_mb_per_s", Math.Round(oursBuild.SeedMb / oursBuild.Seconds, 2)),
            ("answer_1t_qps", Math.Round(oursServe.OneThreadQps, 0)),
            ("answer_2t_p99_ms", Math.Round(oursServe.TwoThreads?.P99Ms ?? 0, 3)),
            ("answer_hit3", Math.Round(oursServe.HitAt3, 3)),
            ("rss_current_mb", Math.Round(oursServe.RssMb, 0)),
            ("fts5_engine", fts5Serve.Engine),
            ("fts5_index_passages_per_s", Math.Round(fts5Build.Passages / fts5Build.Seconds, 0)),
            ("fts5_index_mb", Math.Round(fts5Build.IndexMb, 1)),
            ("fts5_1t_qps", Math.Round(fts5Serve.OneThreadQps, 0)),
            ("fts5_2t_qps", Math.Round(fts5Serve.TwoThreadQps, 0)),
            ("fts5_2t_p99_ms", Math.Round(fts5Serve.TwoThreads?.P99Ms ?? 0, 3)),
            ("fts5_hit3", Math.Round(fts5Serve.HitAt3, 3)),
            ("fts5_rss_mb", Math.Round(fts5Serve.PeakRssMb, 0)),
            ("answer_cpu_mean_ms", Math.Round(oursServe.OneThreadCpu?.MeanMs ?? 0, 3)),
            ("answer_cpu_p99_ms", Math.Round(oursServe.OneThreadCpu?.P99Ms ?? 0, 3)),
            ("fts5_cpu_mean_ms", Math.Round(fts5Serve.OneThreadCpu?.MeanMs ?? 0, 3)),
            ("fts5_cpu_p99_ms", Math.Round(fts5Serve.OneThreadCpu?.P99Ms ?? 0, 3)),
            ("answer_alloc_kb", Math.Round(oursServe.AllocatedKbPerAnswer, 1)),
            ("vectors", options.PseudoVectors ? "pseudo" : "model"),
            ("answer_answered", Math.Round(Share(oursServe, "answered"), 3)),
            ("answer_related", Math.Round(Share(oursServe, "related"), 3)),
            ("answer_declined", Math.Round(Share(oursServe, "declined"), 3)),
            ("answer_model_mean_ms", Math.Round(oursServe.ModelPerAnswer?.MeanMs ?? 0, 3)),
            ("answer_model_p99_ms", Math.Round(oursServe.ModelPerAnswer?.P99Ms ?? 0, 3)),
            ("answer_model_calls", Math.Round(oursServe.ModelCallsPerAnswer, 3)),
            ("answer_probed", Math.Round(oursServe.ProbedShare, 3)),
            ("query_embed_p50_ms", Math.Round(oursServe.QueryEmbedding?.P50Ms ?? 0, 3)),
            ("query_embed_p99_ms", Math.Round(oursServe.QueryEmbedding?.P99Ms ?? 0, 3)),
        ];
        if (oursBuild.ModelEmbedded is { } embedded)
        {
            fields = [.. fields, ("model_embedded_passages", embedded)];
        }

        if (wordsBuild is not null && wordsServe is not null)
        {
            fields =
            [
                .. fields,
                ("words_index_passages_per_s", Math.Round(wordsBuild.Passages / wordsBuild.Seconds, 0)),
                ("words_p50_ms", Math.Round(wordsServe.OneThread?.P50Ms ?? 0, 3)),
                ("words_p99_ms", Math.Round(wordsServe.OneThread?.P99Ms ?? 0, 3)),
                ("words_cpu_mean_ms", Math.Round(wordsServe.OneThreadCpu?.MeanMs ?? 0, 3)),
                ("words_2t_qps", Math.Round(wordsServe.TwoThreadQps, 0)),
                ("words_hit3", Math.Round(wordsServe.HitAt3, 3)),
                ("words_rss_mb", Math.Round(wordsServe.PeakRssMb, 0)),
            ];
        }

        return "{" + string.Join(", ", fields.Select(f => $"\"{f.Key}\": {JsonValue(f.Value)}")) + "}";
    }

    private static string JsonValue(object value) => value switch
    {
        string text => JsonSerializer.Serialize(text, HarnessJsonContext.Default.String),
        double number when double.IsNaN(number) || double.IsInfinity(number) => "null",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"unexpected JSON value {value}", nameof(value)),
    };

    private static void Row(StringBuilder table, string figure, double ours, double fts5, string format, bool higherIsBetter)
    {
        var ratio = fts5 == 0 ? double.NaN : ours / fts5;
        var ratioText = double.IsNaN(ratio) ? "n/a" : ratio.ToString("F2", CultureInfo.InvariantCulture);
        table.Append(CultureInfo.InvariantCulture, $"| {figure} | {ours.ToString(format, CultureInfo.InvariantCulture)} | {fts5.ToString(format, CultureInfo.InvariantCulture)} | {ratioText} | {(higherIsBetter ? "higher" : "lower")} |")
            .AppendLine();
    }

    private static async Task<PhaseResult> RunChildAsync(BenchOptions options, string phase, string engine, TextWriter log, CancellationToken cancellationToken)
    {
        var start = SelfStartInfo();
        string[] arguments =
        [
            "--phase", phase, "--engine", engine, "--work", options.WorkDirectory,
            "--passages", options.Passages.ToString(CultureInfo.InvariantCulture),
            "--questions", options.Questions.ToString(CultureInfo.InvariantCulture),
            "--seed", options.Seed.ToString(CultureInfo.InvariantCulture),
            "--rounds", options.Rounds.ToString(CultureInfo.InvariantCulture),
            "--warmup", options.Warmup.ToString(CultureInfo.InvariantCulture),
            "--warmup-s", options.WarmupSeconds.ToString(CultureInfo.InvariantCulture),
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (options.Fts5Snippet)
        {
            start.ArgumentList.Add("--fts5-snippet");
        }

        if (options.PseudoVectors)
        {
            start.ArgumentList.Add("--pseudo-vectors");
        }

        start.RedirectStandardOutput = true;
        start.UseShellExecute = false;
        log.WriteLine($"{phase} {engine}: running in a child process");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the phase process");
        var stdout = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var last = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (process.ExitCode != 0 || last is null)
        {
            throw new InvalidOperationException($"{phase} {engine} failed with exit code {process.ExitCode}: {stdout}");
        }

        var result = JsonSerializer.Deserialize(last, HarnessJsonContext.Default.PhaseResult)
            ?? throw new InvalidOperationException($"{phase} {engine} printed no result");
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{phase} {engine}: done in {result.Seconds:F2} s"));
        return result;
    }

    /// <summary>Starts this same program: its apphost, or <c>dotnet Bot.Benchmarks.dll</c> when run through dotnet.</summary>
    private static ProcessStartInfo SelfStartInfo()
    {
        var processPath = Environment.ProcessPath;
        if (processPath is null || string.Equals(Path.GetFileNameWithoutExtension(processPath), "dotnet", StringComparison.Ordinal))
        {
            var start = new ProcessStartInfo(processPath ?? "dotnet");
            start.ArgumentList.Add(typeof(BenchmarkRun).Assembly.Location);
            return start;
        }

        return new ProcessStartInfo(processPath);
    }
}
