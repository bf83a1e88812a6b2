using Bot.Benchmarks.Engines;
using Bot.Benchmarks.Harness;

namespace Bot.Tests.Benchmarks;

public sealed class HarnessTests
{
    [Theory]
    [InlineData(50, 50)]
    [InlineData(99, 99)]
    [InlineData(100, 100)]
    [InlineData(1, 1)]
    [InlineData(99.5, 100)]
    public void PercentileIsTheNearestRankOfSortedSamples(double percent, double expected)
    {
        var samples = Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToArray();

        var summary = LatencySummary.From(samples);

        Assert.Equal(expected, LatencySummary.Percentile(samples, percent));
        Assert.Equal(50, summary.P50Ms);
        Assert.Equal(99, summary.P99Ms);
        Assert.Equal(100, summary.MaxMs);
        Assert.Equal(50.5, summary.MeanMs);
    }

    [Fact]
    public void OneSampleIsEveryPercentile()
    {
        var summary = LatencySummary.From([3.5]);

        Assert.Equal(3.5, summary.P50Ms);
        Assert.Equal(3.5, summary.P99Ms);
    }

    [Theory]
    [InlineData("VmHWM:\t  123456 kB", 123456)]
    [InlineData("VmRSS:        42 kB", 42)]
    [InlineData("VmRSS:", 0)]
    public void ParsesProcStatusKilobytes(string line, long expected) =>
        Assert.Equal(expected, ProcessMemory.ParseKilobytes(line));

    [Fact]
    public void ReadsThisProcessPeakAndCurrentRss()
    {
        var memory = ProcessMemory.Read();

        Assert.True(memory.RssMb > 1);
        Assert.True(memory.PeakRssMb >= memory.RssMb);
    }

    [Theory]
    [InlineData(new[] { "--passages", "1000" }, null)]
    [InlineData(new[] { "--passages", "1_000_000", "--questions", "2000", "--work", "/tmp/x" }, null)]
    [InlineData(new[] { "--phase", "serve", "--engine", "ours", "--passages", "10", "--samples", "/tmp/s.csv" }, null)]
    [InlineData(new[] { "--phase", "serve", "--passages", "10" }, "--phase needs --engine")]
    [InlineData(new string[0], "--passages N is required (1 to 10,000,000)")]
    [InlineData(new[] { "--passages", "10", "--questions", "11" }, "--questions must be between 1 and the number of passages")]
    [InlineData(new[] { "--cold-start", "bot" }, "--cold-start needs --seeds DIR")]
    [InlineData(new[] { "--passages", "10", "--builds", "0" }, "--rounds and --builds must be at least 1, --warmup and --warmup-s at least 0")]
    [InlineData(new[] { "--passages", "10", "--bogus", "1" }, "unknown option '--bogus'")]
    [InlineData(new[] { "stray" }, "unexpected argument 'stray'")]
    public void ParsesTheCommandLine(string[] args, string? expectedError)
    {
        var options = BenchOptions.Parse(args, out var error);

        Assert.Equal(expectedError, error);
        Assert.Equal(expectedError is null, options is not null);
    }

    [Theory]
    [InlineData(100_000, 3)]
    [InlineData(100_001, 1)]
    public void SmallerCorporaAreBuiltThreeTimesByDefault(int passages, int builds)
    {
        var options = BenchOptions.Parse(["--passages", passages.ToString(System.Globalization.CultureInfo.InvariantCulture)], out _);

        Assert.Equal(builds, options?.Builds);
    }

    [Fact]
    public void TheMedianBuildIsReported()
    {
        PhaseResult Build(double seconds) => new() { Engine = "e", Phase = "build", Passages = 1000, Seconds = seconds };

        Assert.Equal(5, BenchmarkRun.MedianBuild([Build(9), Build(5), Build(4)]).Seconds);
        Assert.Equal(5, BenchmarkRun.MedianBuild([Build(4), Build(5)]).Seconds);
        Assert.Equal(7, BenchmarkRun.MedianBuild([Build(7)]).Seconds);
    }

    [Fact]
    public void LastLineStartsWithTheIssueKeysInOrder()
    {
        var options = new BenchOptions { Passages = 1000 };
        var latency = new LatencySummary(10, 1, 0.5, 0.9, 2, 3);
        var build = new PhaseResult { Engine = "e", Phase = "build", Passages = 1000, Seconds = 0.5, IndexMb = 1.26, SeedMb = 1 };
        var serve = new PhaseResult { Engine = "e", Phase = "serve", Passages = 1000, OneThread = latency, TwoThreads = latency, TwoThreadQps = 1234.4, PeakRssMb = 99.6 };

        var json = BenchmarkRun.FormatJson(options, build, build, serve, serve);

        Assert.StartsWith(
            "{\"passages\": 1000, \"index_passages_per_s\": 2000, \"index_mb\": 1.3, \"answer_p50_ms\": 0.5, \"answer_p99_ms\": 2, " +
            "\"answer_2t_qps\": 1234, \"fts5_p50_ms\": 0.5, \"fts5_p99_ms\": 2, \"rss_mb\": 100, ",
            json,
            StringComparison.Ordinal);
        Assert.EndsWith("}", json, StringComparison.Ordinal);
        using var parsed = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal(1000, parsed.RootElement.GetProperty("passages").GetInt32());
    }

    [Fact]
    public void WithTheModelTheLastLineAddsItsFiguresAfterTheIssueKeysAndATableComparesTheTwoPaths()
    {
        var options = new BenchOptions { Passages = 1000, Model = true };
        var latency = new LatencySummary(10, 1, 0.5, 0.9, 2, 3);
        var slow = new LatencySummary(10, 6, 5.5, 6, 8, 9);
        var build = new PhaseResult { Engine = "bot", Phase = "build", Passages = 1000, Seconds = 0.5, IndexMb = 1.26, SeedMb = 1 };
        var serve = new PhaseResult { Engine = "bot", Phase = "serve", Passages = 1000, OneThread = latency, TwoThreads = latency, TwoThreadQps = 1234.4, PeakRssMb = 99.6, HitAt3 = 0.99 };
        var modelBuild = build with { Engine = "bot+model", Seconds = 20 };
        var modelServe = serve with { Engine = "bot+model", OneThread = slow, TwoThreads = slow, TwoThreadQps = 200, PeakRssMb = 415 };

        var json = BenchmarkRun.FormatJson(options, build, build, serve, serve, modelBuild, modelServe);
        var table = BenchmarkRun.FormatModelTable(modelBuild, modelServe, build, serve);

        Assert.StartsWith("{\"passages\": 1000, \"index_passages_per_s\": 2000, ", json, StringComparison.Ordinal);
        using var parsed = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal(5.5, parsed.RootElement.GetProperty("model_p50_ms").GetDouble());
        Assert.Equal(8, parsed.RootElement.GetProperty("model_p99_ms").GetDouble());
        Assert.Equal(50, parsed.RootElement.GetProperty("model_index_passages_per_s").GetDouble());
        Assert.Equal(415, parsed.RootElement.GetProperty("model_rss_mb").GetDouble());
        Assert.Contains("| answer p99, ms (1 thread) | 8.000 | 2.000 | 4.00 | lower |", table, StringComparison.Ordinal);
        Assert.False(BenchmarkRun.FormatJson(options, build, build, serve, serve).Contains("model_", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("What did Diane Goldstein say about ICE detainers?", "diane goldstein ice detainers")]
    [InlineData("How is the 287(g) program doing, and why?", "287 g program doing")]
    [InlineData("\"unbalanced AND (", "unbalanced")]
    [InlineData("what is it", "")]
    public void QueryWordsDropQuestionAndStopWords(string question, string expected) =>
        Assert.Equal(expected, string.Join(' ', QueryWords.Extract(question)));

    [Fact]
    public void Fts5MatchQuotesEveryWord() =>
        Assert.Equal("\"near\" OR \"title\" OR \"x\"", QueryWords.ToFts5Match(QueryWords.Extract("NEAR(title: x*)")));

    [Fact]
    public void DiscordMessageEscapesMarkdownBoldsMatchesAndCites()
    {
        var passage = new CitedPassage(
            "a.md#2", "ICE *detainers* @everyone", "\u0001ICE\u0002 *detainers* @everyone", "Law_and order", "The Hill", "https://x.example/a", 2);

        var message = DiscordMessage.Compose([passage]);

        Assert.Equal("> **ICE** \\*detainers\\* \\@everyone\n\u2014 *Law\\_and order*, The Hill <https://x.example/a> \u00B62", message);
    }

    [Fact]
    public void DiscordMessageStopsAtAPassageBoundaryWithin2000Characters()
    {
        var text = new string('a', 900);
        var passages = Enumerable.Range(1, 3)
            .Select(i => new CitedPassage($"a.md#{i}", text, text, "T", null, null, i))
            .ToList();

        var message = DiscordMessage.Compose(passages);

        Assert.InRange(message.Length, 1800, DiscordMessage.MaxLength);
        Assert.Equal(2, message.Split("> ").Length - 1);
    }
}
