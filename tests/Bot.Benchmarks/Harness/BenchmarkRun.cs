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

        // Builds alternate between the engines, so that a slow minute of the machine falls on both.
        var oursBuilds = new List<PhaseResult>();
        var fts5Builds = new List<PhaseResult>();
        for (var i = 0; i < options.Builds; i++)
        {
            oursBuilds.Add(await RunChildAsync(options, "build", EngineFactory.Ours, log, cancellationToken).ConfigureAwait(false));
            fts5Builds.Add(await RunChildAsync(options, "build", EngineFactory.Fts5, log, cancellationToken).ConfigureAwait(false));
        }

        var oursBuild = MedianBuild(oursBuilds);
        var fts5Build = MedianBuild(fts5Builds);
        var oursServe = await RunChildAsync(options, "serve", EngineFactory.Ours, log, cancellationToken).ConfigureAwait(false);
        var fts5Serve = await RunChildAsync(options, "serve", EngineFactory.Fts5, log, cancellationToken).ConfigureAwait(false);

        PhaseResult? modelBuild = null, modelServe = null;
        if (options.Model)
        {
            modelBuild = await RunChildAsync(options, "build", EngineFactory.OursWithModel, log, cancellationToken).ConfigureAwait(false);
            modelServe = await RunChildAsync(options, "serve", EngineFactory.OursWithModel, log, cancellationToken).ConfigureAwait(false);
        }

        output.Write(FormatTable(options, oursBuild, fts5Build, oursServe, fts5Serve));
        if (modelBuild is not null && modelServe is not null)
        {
            output.Write(FormatModelTable(modelBuild, modelServe, oursBuild, oursServe));
        }

        output.WriteLine(FormatJson(options, oursBuild, fts5Build, oursServe, fts5Serve, modelBuild, modelServe));
        return 0;
    }

    /// <summary>The build of median duration (of an even number, the slower of the middle two).</summary>
    public static PhaseResult MedianBuild(IReadOnlyList<PhaseResult> builds)
    {
        ArgumentNullException.ThrowIfNull(builds);
        ArgumentOutOfRangeException.ThrowIfZero(builds.Count);
        return builds.OrderBy(b => b.Seconds).ElementAt(builds.Count / 2);
    }

    /// <summary>The bot with the embedding model beside the bot without it (ratio with / without).</summary>
    public static string FormatModelTable(PhaseResult modelBuild, PhaseResult modelServe, PhaseResult oursBuild, PhaseResult oursServe)
    {
        ArgumentNullException.ThrowIfNull(modelBuild);
        ArgumentNullException.ThrowIfNull(modelServe);
        ArgumentNullException.ThrowIfNull(oursBuild);
        ArgumentNullException.ThrowIfNull(oursServe);
        var model1 = modelServe.OneThread ?? throw new ArgumentException("serve result without latencies", nameof(modelServe));
        var ours1 = oursServe.OneThread ?? throw new ArgumentException("serve result without latencies", nameof(oursServe));
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"with the embedding model ({modelServe.Engine}) beside the bot without it");
        table.AppendLine("| figure | with model | without | with/without | better |");
        table.AppendLine("|---|---:|---:|---:|---|");
        Row(table, "index build, passages/s", modelBuild.Passages / modelBuild.Seconds, oursBuild.Passages / oursBuild.Seconds, "F0", higherIsBetter: true);
        Row(table, "index size, MB", modelBuild.IndexMb, oursBuild.IndexMb, "F1", higherIsBetter: false);
        Row(table, "answer p50, ms (1 thread)", model1.P50Ms, ours1.P50Ms, "F3", higherIsBetter: false);
        Row(table, "answer p99, ms (1 thread)", model1.P99Ms, ours1.P99Ms, "F3", higherIsBetter: false);
        Row(table, "answer CPU mean, ms (1 thread)", modelServe.OneThreadCpu?.MeanMs ?? 0, oursServe.OneThreadCpu?.MeanMs ?? 0, "F3", higherIsBetter: false);
        Row(table, "answers/s, 2 threads", modelServe.TwoThreadQps, oursServe.TwoThreadQps, "F0", higherIsBetter: true);
        Row(table, "answer p99, ms (2 threads)", modelServe.TwoThreads?.P99Ms ?? 0, oursServe.TwoThreads?.P99Ms ?? 0, "F3", higherIsBetter: false);
        Row(table, "source passage in top 3", modelServe.HitAt3, oursServe.HitAt3, "P1", higherIsBetter: true);
        Row(table, "peak RSS serving, MB (VmHWM)", modelServe.PeakRssMb, oursServe.PeakRssMb, "F0", higherIsBetter: false);
        return table.ToString();
    }

    public static string FormatTable(BenchOptions options, PhaseResult oursBuild, PhaseResult fts5Build, PhaseResult oursServe, PhaseResult fts5Serve)
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
            $"{options.Passages:N0} passages, {options.Questions:N0} questions x {options.Rounds} rounds after {options.Warmup:N0} warm-up answers; builds: the median of {options.Builds}; ours = {oursServe.Engine}, peer = {fts5Serve.Engine}"));
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
        return table.ToString();
    }

    /// <summary>The last line: the issue's keys first, in its order, then extra keys.</summary>
    public static string FormatJson(
        BenchOptions options, PhaseResult oursBuild, PhaseResult fts5Build, PhaseResult oursServe, PhaseResult fts5Serve,
        PhaseResult? modelBuild = null, PhaseResult? modelServe = null)
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
        ];
        if (modelBuild is not null && modelServe is not null)
        {
            fields =
            [
                .. fields,
                ("model_index_passages_per_s", Math.Round(modelBuild.Passages / modelBuild.Seconds, 0)),
                ("model_p50_ms", Math.Round(modelServe.OneThread?.P50Ms ?? 0, 3)),
                ("model_p99_ms", Math.Round(modelServe.OneThread?.P99Ms ?? 0, 3)),
                ("model_2t_qps", Math.Round(modelServe.TwoThreadQps, 0)),
                ("model_hit3", Math.Round(modelServe.HitAt3, 3)),
                ("model_rss_mb", Math.Round(modelServe.PeakRssMb, 0)),
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
