using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Bot.Benchmarks.Harness;

/// <summary>
/// Cold start of <c>bot ask</c>: process start to exit with the answer printed, for a published build (ReadyToRun).
/// The bot runs in a scratch folder whose <c>seeds</c> is a link to the given seeds; one untimed run first builds
/// its index there, so the timed runs measure what a user sees: start, open the index, answer, print.
/// </summary>
internal static class ColdStart
{
    public static async Task<int> RunAsync(BenchOptions options, TextWriter output, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(log);
        var bot = Path.GetFullPath(options.ColdStartBot ?? throw new ArgumentException("--cold-start is required", nameof(options)));
        var seeds = Path.GetFullPath(options.Seeds ?? throw new ArgumentException("--seeds is required", nameof(options)));
        if (!File.Exists(bot) || !Directory.Exists(seeds))
        {
            log.WriteLine($"cold start: {bot} or {seeds} does not exist");
            return 1;
        }

        var work = Path.GetFullPath(options.Work ?? Path.Combine(Path.GetTempPath(), "bot-bench", "cold-start"));
        Directory.CreateDirectory(work);
        var link = Path.Combine(work, "seeds");
        var existing = new DirectoryInfo(link);
        if (existing.LinkTarget is not null)
        {
            // A link left by an earlier run, possibly dangling (its target gone): remove the link only.
            File.Delete(link);
        }
        else if (existing.Exists)
        {
            existing.Delete(recursive: true);
        }

        Directory.CreateSymbolicLink(link, seeds);

        var first = await RunOnceAsync(bot, options.Question, work, cancellationToken).ConfigureAwait(false);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cold start: first (untimed, may build the index) run took {first.TotalMs:F0} ms, exit code {first.ExitCode}; it printed:"));
        log.WriteLine(first.Output.Length > 1500 ? first.Output[..1500] + "\u2026" : first.Output);
        if (first.Error.Length > 0)
        {
            log.WriteLine($"stderr: {(first.Error.Length > 1500 ? first.Error[..1500] : first.Error)}");
        }

        var runs = new List<RunTiming>(options.Runs);
        for (var i = 0; i < options.Runs; i++)
        {
            runs.Add(await RunOnceAsync(bot, options.Question, work, cancellationToken).ConfigureAwait(false));
        }

        var failed = runs.Where(r => r.ExitCode != 0 || r.Output.Trim().Length == 0).ToList();
        var total = LatencySummary.From([.. runs.Select(r => r.TotalMs)]);
        var firstOutput = LatencySummary.From([.. runs.Select(r => r.FirstOutputMs ?? r.TotalMs)]);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"`{Path.GetFileName(bot)} ask` cold start, {runs.Count} runs"));
        output.WriteLine("| figure | p50 ms | min ms | max ms |");
        output.WriteLine("|---|---:|---:|---:|");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| start to exit | {total.P50Ms:F0} | {runs.Min(r => r.TotalMs):F0} | {total.MaxMs:F0} |"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| start to first output | {firstOutput.P50Ms:F0} | {runs.Min(r => r.FirstOutputMs ?? r.TotalMs):F0} | {firstOutput.MaxMs:F0} |"));
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"cold_start_p50_ms\": {total.P50Ms:F1}, \"cold_start_min_ms\": {runs.Min(r => r.TotalMs):F1}, \"cold_start_max_ms\": {total.MaxMs:F1}, \"first_output_p50_ms\": {firstOutput.P50Ms:F1}, \"runs\": {runs.Count}, \"failed_runs\": {failed.Count}}}"));
        if (failed.Count > 0)
        {
            log.WriteLine($"cold start: {failed.Count} of {runs.Count} runs exited non-zero or printed nothing: is the `ask` verb there yet?");
            return 1;
        }

        return 0;
    }

    private static async Task<RunTiming> RunOnceAsync(string bot, string question, string workingDirectory, CancellationToken cancellationToken)
    {
        var start = bot.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            ? new ProcessStartInfo("dotnet") { ArgumentList = { bot } }
            : new ProcessStartInfo(bot);
        start.ArgumentList.Add("ask");
        start.ArgumentList.Add(question);
        start.WorkingDirectory = workingDirectory;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;

        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {bot}");
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        var text = new StringBuilder();
        var buffer = new char[4096];
        double? firstOutputMs = null;
        int read;
        while ((read = await process.StandardOutput.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            firstOutputMs ??= Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            text.Append(buffer, 0, read);
        }

        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var totalMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return new RunTiming(totalMs, firstOutputMs, process.ExitCode, text.ToString(), await error.ConfigureAwait(false));
    }

    private sealed record RunTiming(double TotalMs, double? FirstOutputMs, int ExitCode, string Output, string Error);
}
